package fluxor.enterprise.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Costs on the hot paths of authentication: issuing an ES256 access token, verifying one with and without the
 * verified-token cache, and Argon2id hashing/checking with the production parameters.
 * Run: scripts/bench-jmh (the original Go service claimed 2.7 µs/op for token generation, never measured).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthBenchmarks {
    private TokenIssuer issuer;
    private Authenticator fullCheck;
    private Authenticator cached;
    private PasswordHasher hasher;
    private String bearer;
    private String phc;
    private final UUID user = UUID.randomUUID();

    @Setup
    public void setUp() {
        SigningKeys keys = SigningKeys.fromJson(SigningKeys.newKeySet(List.of()));
        JwtSettings settings = new JwtSettings("fluxor-enterprise", "fluxor-api", Duration.ofMinutes(15),
                Duration.ofDays(14), null);
        Clock clock = Clock.systemUTC();
        issuer = new TokenIssuer(keys, settings, clock);
        fullCheck = new Authenticator(keys, settings, clock, 0);
        cached = new Authenticator(keys, settings, clock, 10_000);
        bearer = "Bearer " + issuer.issue(user, List.of("user")).token();
        hasher = new PasswordHasher();
        phc = hasher.hash("correct horse battery staple");
    }

    @Benchmark
    public String issueAccessToken() {
        return issuer.issue(user, List.of("user")).token();
    }

    @Benchmark
    public Caller verifyAccessTokenFully() {
        return fullCheck.verify(bearer, Optional.empty());
    }

    @Benchmark
    public Caller verifyAccessTokenCached() {
        return cached.verify(bearer, Optional.empty());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String hashPassword() {
        return hasher.hash("correct horse battery staple");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PasswordHasher.Check checkPassword() {
        return hasher.check("correct horse battery staple", phc);
    }
}

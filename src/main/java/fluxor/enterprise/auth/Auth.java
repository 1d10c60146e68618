package fluxor.enterprise.auth;

import fluxor.enterprise.users.UserRepository;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import java.time.Clock;

/**
 * The auth feature as App wires it: signing keys and the bearer check (with the revocation view every instance
 * syncs), login behind the per-(account, client) lockout, refresh rotation, sessions. {@code secondFactor} is
 * two-factor login's first step; {@code requireVerifiedEmail} is auth.require-verified-email.
 */
public final class Auth implements AutoCloseable {
    private final Revocations revocations;
    private final Authenticator authenticator;
    private final AuthService service;
    private final AuthHandlers handlers;
    private final SessionHandlers sessions;
    private final AuthMetrics metrics;

    private Auth(
            Revocations revocations,
            Authenticator authenticator,
            AuthService service,
            AuthHandlers handlers,
            SessionHandlers sessions,
            AuthMetrics metrics) {
        this.revocations = revocations;
        this.authenticator = authenticator;
        this.service = service;
        this.handlers = handlers;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    public static Auth create(
            Config config,
            DbClient db,
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Clock clock,
            AuthService.SecondFactor secondFactor,
            boolean requireVerifiedEmail) {
        JwtSettings jwt = JwtSettings.from(config);
        SigningKeys keys = SigningKeys.load(jwt.keyFile());
        Revocations revocations = Revocations.create(config, refreshTokens, jwt, clock);
        AuthMetrics metrics = new AuthMetrics();
        AuthService service = new AuthService(
                        users,
                        refreshTokens,
                        hasher,
                        new TokenIssuer(keys, jwt, clock),
                        jwt,
                        clock,
                        metrics,
                        LoginLockout.create(config, db, users, clock),
                        secondFactor)
                .requireVerifiedEmail(requireVerifiedEmail);
        return new Auth(
                revocations,
                new Authenticator(keys, jwt, clock, 100_000, revocations),
                service,
                new AuthHandlers(service, keys),
                SessionHandlers.create(refreshTokens, revocations, clock),
                metrics);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public AuthService service() {
        return service;
    }

    public AuthHandlers handlers() {
        return handlers;
    }

    public SessionHandlers sessions() {
        return sessions;
    }

    public AuthMetrics metrics() {
        return metrics;
    }

    /** Begins syncing the revocation view (after migrations, before traffic). */
    public void start() {
        revocations.start();
    }

    @Override
    public void close() {
        revocations.close();
    }
}

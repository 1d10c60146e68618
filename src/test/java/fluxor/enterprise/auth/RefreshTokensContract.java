package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.Races;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.users.TestUsers;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;
import io.helidon.config.Config;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RefreshTokenRepository on a real database; subclasses pick it. */
abstract class RefreshTokensContract {
    /** Virtual threads racing for one token: far more than the pool has connections (20). */
    private static final int RACERS = 200;

    private static final LoginClient CLIENT = new LoginClient(fluxor.enterprise.http.ClientAddress.UNKNOWN, "test");

    private final Database database;
    private final RefreshTokenRepository tokens;
    private final UUID userId;

    RefreshTokensContract(TestDatabases.Kind kind) {
        Config config = TestApp.config(TestDatabases.fresh(kind));
        this.database = Database.create(config);
        database.migrate();
        this.tokens = new RefreshTokenRepository(database.client());
        Instant now = Instant.now();
        User user = TestUsers.plain(UUID.randomUUID() + "@example.com", "Token Owner", now);
        new UserRepository(database.client()).insert(user);
        this.userId = user.id();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void concurrentUsesOfOneTokenRotateExactlyOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID family = UuidV7.next();
        tokens.insert("h0", family, userId, now, now.plusSeconds(3600));
        List<Future<RefreshTokenRepository.Rotation>> results = Races.run(RACERS, i -> {
            String next = "next" + i;
            return () -> tokens.rotate("h0", next, CLIENT, now, now.plusSeconds(3600));
        });
        int rotated = 0;
        int reused = 0;
        for (var result : results) {
            var rotation = result.resultNow();
            if (rotation instanceof RefreshTokenRepository.Rotation.Rotated) {
                rotated++;
            } else if (rotation instanceof RefreshTokenRepository.Rotation.Reused) {
                reused++;
            }
        }
        assertThat(rotated, is(1));
        // every loser saw a spent token: reuse, which the service answers by revoking the family
        assertThat(reused, is(RACERS - 1));
        assertThat(tokens.liveInFamily(family, now), is(1L));
    }

    /**
     * The same race one level up, as a client sees it: many virtual threads present one refresh token to
     * {@link AuthService#refresh} at once. Exactly one gets a new pair; every other gets 401; the reuse revokes
     * the whole family, so the pair the winner got is dead too.
     */
    @Test
    void concurrentRefreshesOfOneTokenSucceedOnceAndRevokeTheFamily() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID family = UuidV7.next();
        String token = AuthService.randomToken();
        tokens.insert(AuthService.hash(token), family, userId, now, now.plusSeconds(3600));
        JwtSettings jwt = new JwtSettings(
                "fluxor-enterprise", "fluxor-api", java.time.Duration.ofMinutes(15), java.time.Duration.ofDays(14), "");
        java.time.Clock clock = java.time.Clock.systemUTC();
        AuthService service = new AuthService(
                new UserRepository(database.client()),
                tokens,
                new PasswordHasher(),
                new TokenIssuer(SigningKeys.load(""), jwt, clock),
                jwt,
                clock,
                new AuthMetrics(),
                new LoginLockout(
                        database.client(),
                        new UserRepository(database.client()),
                        clock,
                        50,
                        java.time.Duration.ofHours(1),
                        java.time.Duration.ofHours(1)),
                (user, at) -> {
                    throw new IllegalStateException("no two-factor login here");
                });
        List<AuthService.TokenPair> winners = new ArrayList<>();
        int refused = 0;
        for (var result : Races.run(RACERS, i -> () -> service.refresh(token, CLIENT))) {
            if (result.state() == Future.State.SUCCESS) {
                winners.add(result.resultNow());
            } else {
                assertThat(result.exceptionNow(), instanceOf(fluxor.enterprise.http.AppException.Unauthorized.class));
                refused++;
            }
        }
        assertThat("exactly one refresh wins", winners.size(), is(1));
        assertThat(refused, is(RACERS - 1));
        assertThat("the family is revoked", tokens.liveInFamily(family, now), is(0L));
        String next = winners.getFirst().refreshToken();
        assertThat(tokens.find(AuthService.hash(next)).orElseThrow().revoked(), is(true));
        assertThrows(fluxor.enterprise.http.AppException.Unauthorized.class, () -> service.refresh(next, CLIENT));
    }

    @Test
    void expiredUnknownAndRevokedTokensAreInvalidAndUsedOnesAreReuse() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID family = UuidV7.next();
        tokens.insert("expired", family, userId, now.minusSeconds(10), now.minusSeconds(1));
        assertThat(
                tokens.rotate("expired", "n1", CLIENT, now, now.plusSeconds(60)),
                instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        assertThat(
                tokens.rotate("unknown", "n2", CLIENT, now, now.plusSeconds(60)),
                instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        tokens.insert("live", family, userId, now, now.plusSeconds(60));
        assertThat(
                tokens.rotate("live", "n3", CLIENT, now, now.plusSeconds(60)),
                instanceOf(RefreshTokenRepository.Rotation.Rotated.class));
        assertThat(
                tokens.rotate("live", "n4", CLIENT, now, now.plusSeconds(60)),
                instanceOf(RefreshTokenRepository.Rotation.Reused.class));
        assertThat("expired, used and live rows", tokens.revokeFamily(family, now), is(3L));
        assertThat(
                tokens.rotate("n3", "n5", CLIENT, now, now.plusSeconds(60)),
                instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        assertThat(tokens.liveInFamily(family, now), is(0L));
    }
}

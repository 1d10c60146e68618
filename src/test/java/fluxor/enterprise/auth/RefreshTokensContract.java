package fluxor.enterprise.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.helidon.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/** RefreshTokenRepository on a real database; subclasses pick it. */
abstract class RefreshTokensContract {
    private final Database database;
    private final RefreshTokenRepository tokens;
    private final UUID userId;

    RefreshTokensContract(TestDatabases.Kind kind) {
        Config config = TestApp.config(TestDatabases.fresh(kind));
        this.database = Database.create(config);
        database.migrate();
        this.tokens = new RefreshTokenRepository(database.client());
        Instant now = Instant.now();
        User user = new User(UuidV7.next(), UUID.randomUUID() + "@example.com", "Token Owner", "x", List.of("user"),
                             false, 0, null, null, now, now);
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
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RefreshTokenRepository.Rotation>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                String next = "next" + i;
                results.add(threads.submit(() -> {
                    start.await();
                    return tokens.rotate("h0", next, now, now.plusSeconds(3600));
                }));
            }
            start.countDown();
            int rotated = 0;
            for (var result : results) {
                if (result.get() instanceof RefreshTokenRepository.Rotation.Rotated) {
                    rotated++;
                }
            }
            assertThat(rotated, is(1));
        }
        assertThat(tokens.liveInFamily(family, now), is(1L));
    }

    @Test
    void expiredUnknownAndRevokedTokensAreInvalidAndUsedOnesAreReuse() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID family = UuidV7.next();
        tokens.insert("expired", family, userId, now.minusSeconds(10), now.minusSeconds(1));
        assertThat(tokens.rotate("expired", "n1", now, now.plusSeconds(60)),
                   instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        assertThat(tokens.rotate("unknown", "n2", now, now.plusSeconds(60)),
                   instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        tokens.insert("live", family, userId, now, now.plusSeconds(60));
        assertThat(tokens.rotate("live", "n3", now, now.plusSeconds(60)),
                   instanceOf(RefreshTokenRepository.Rotation.Rotated.class));
        assertThat(tokens.rotate("live", "n4", now, now.plusSeconds(60)),
                   instanceOf(RefreshTokenRepository.Rotation.Reused.class));
        assertThat("expired, used and live rows", tokens.revokeFamily(family, now), is(3L));
        assertThat(tokens.rotate("n3", "n5", now, now.plusSeconds(60)),
                   instanceOf(RefreshTokenRepository.Rotation.Invalid.class));
        assertThat(tokens.liveInFamily(family, now), is(0L));
    }
}

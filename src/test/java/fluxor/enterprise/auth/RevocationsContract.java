package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.users.TestUsers;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The revocation view against a real database: what it refuses, what it still sees, what it forgets. */
abstract class RevocationsContract {
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock();
    private final Database database;
    private final RefreshTokenRepository tokens;
    private final Revocations view;

    RevocationsContract(TestDatabases.Kind kind) {
        Config config = TestApp.config(TestDatabases.fresh(kind));
        this.database = Database.create(config);
        database.migrate();
        this.tokens = new RefreshTokenRepository(database.client());
        this.view = new Revocations(tokens.sessions(), clock, Duration.ofSeconds(1), OVERLAP, TTL);
    }

    @AfterEach
    void close() {
        view.close();
        database.close();
    }

    private UUID user() {
        Instant now = clock.instant();
        User user = TestUsers.plain(UUID.randomUUID() + "@example.com", "Revoked", now);
        new UserRepository(database.client()).insert(user);
        return user.id();
    }

    private UUID login(UUID user, Instant at) {
        UUID session = UuidV7.next();
        tokens.startSession(
                AuthService.hash(AuthService.randomToken()),
                session,
                user,
                new LoginClient(fluxor.enterprise.http.ClientAddress.UNKNOWN, "test"),
                at,
                at.plus(Duration.ofDays(14)));
        return session;
    }

    private static Instant iat(Instant at) {
        return Instant.ofEpochSecond(at.getEpochSecond());
    }

    @Test
    void signOutEverywhereRefusesEarlierTokensAndNotALoginInTheSameSecond() {
        UUID user = user();
        Instant revokedAt =
                Instant.ofEpochSecond(clock.instant().getEpochSecond()).plusMillis(500);
        UUID before = login(user, revokedAt.minusMillis(300)); // same second, before the revocation
        UUID older = login(user, revokedAt.minusSeconds(5));
        view.sync();
        assertThat("nothing revoked yet", view.refuses(user, before, iat(revokedAt)), is(false));

        tokens.inTransaction(tx -> tokens.endAllSessions(tx, user, revokedAt));
        UUID after = login(user, revokedAt.plusMillis(200)); // same second, after
        view.sync();
        assertThat("same second, ended session", view.refuses(user, before, iat(revokedAt)), is(true));
        assertThat("an earlier second", view.refuses(user, older, iat(revokedAt.minusSeconds(5))), is(true));
        assertThat("a login right after", view.refuses(user, after, iat(revokedAt)), is(false));
        assertThat("a later second", view.refuses(user, after, iat(revokedAt.plusSeconds(1))), is(false));
        assertThat("no sid: strict", view.refuses(user, null, iat(revokedAt)), is(true));
        assertThat("no sid, a later second", view.refuses(user, null, iat(revokedAt.plusSeconds(1))), is(false));
        assertThat("another user", view.refuses(user(), UuidV7.next(), iat(revokedAt)), is(false));
    }

    @Test
    void oneRevokedSessionAndADeletionAreRefused() {
        UUID user = user();
        UUID keep = login(user, clock.instant());
        UUID drop = login(user, clock.instant());
        Instant now = clock.instant();
        assertThat(tokens.inTransaction(tx -> tokens.revokeSession(tx, user, drop, now)), is(true));
        view.sync();
        assertThat(view.refuses(user, drop, iat(now)), is(true));
        assertThat(view.refuses(user, keep, iat(now)), is(false));

        UUID gone = user();
        UUID goneSession = login(gone, now);
        new UserRepository(database.client()).delete(gone, (tx, u) -> tokens.recordDeletion(tx, gone, now));
        view.sync();
        assertThat(view.refuses(gone, goneSession, iat(now.plusSeconds(1))), is(true));
    }

    @Test
    void aRevocationCommittedLateWithAnEarlierTimestampIsStillSeen() {
        UUID user = user();
        UUID session = login(user, clock.instant());
        view.sync();
        clock.advance(Duration.ofSeconds(10));
        view.sync(); // the next read starts OVERLAP before this sync
        Instant stamped = clock.instant().minusSeconds(20); // its transaction took 20 s to commit
        tokens.inTransaction(tx -> tokens.endAllSessions(tx, user, stamped));
        view.sync();
        assertThat(view.refuses(user, session, iat(stamped)), is(true));
    }

    @Test
    void entriesOlderThanTheTokenLifetimeAreForgotten() {
        UUID user = user();
        UUID session = login(user, clock.instant());
        Instant now = clock.instant();
        tokens.inTransaction(tx -> tokens.endAllSessions(tx, user, now));
        view.sync();
        assertThat(view.refuses(user, session, iat(now)), is(true));
        clock.advance(TTL.plus(OVERLAP).plusSeconds(1));
        view.sync();
        // any token it refused has expired by now, so forgetting it is safe and keeps memory bounded
        assertThat(view.refuses(user, session, iat(now)), is(false));
    }

    @Test
    void aDatabaseOutageKeepsTheLastViewLogsOnceAndCounts() {
        UUID user = user();
        UUID session = login(user, clock.instant());
        Instant now = clock.instant();
        tokens.inTransaction(tx -> tokens.endAllSessions(tx, user, now));
        view.sync();
        Counter failures = Metrics.globalRegistry().getOrCreate(Counter.builder("auth.revocation.sync.failures"));
        long failedBefore = failures.count();
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(Revocations.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try {
            database.close();
            view.sync();
            view.sync();
            view.sync();
        } finally {
            logger.removeHandler(capture);
        }
        assertThat("still refused", view.refuses(user, session, iat(now)), is(true));
        assertThat(failures.count() - failedBefore, is(3L));
        assertThat(warnings.toString(), warnings.size(), is(1));
    }
}

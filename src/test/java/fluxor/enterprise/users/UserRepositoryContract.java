package fluxor.enterprise.users;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.Races;
import fluxor.enterprise.db.Database;
import fluxor.enterprise.http.AppException;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UserRepository against the real database, plus the unique-email race over HTTP. Subclasses pick the DB. */
abstract class UserRepositoryContract {
    private final ApiClient api;
    /** This test's own pool on the server's database (the same config); closed after each test. */
    private final Database database;

    private final UserRepository users;

    UserRepositoryContract(Http1Client client, Config config) {
        this.api = new ApiClient(client);
        this.database = Database.create(config);
        this.users = new UserRepository(database.client());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static User user(String email) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return User.created(
                UuidV7.next(),
                email,
                "Repo User",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                List.of("user"),
                now);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void storesAndReadsBackEveryField() {
        User user = user(unique("Round.Trip"));
        users.insert(user);
        User read = users.findById(user.id()).orElseThrow();
        assertThat(read.email(), is(user.email()));
        assertThat(read.roles(), is(List.of("user")));
        assertThat(read.createdAt(), is(user.createdAt()));
        assertThat(read.passwordHash(), is(user.passwordHash()));
        assertThat(read.failedLogins(), is(0));
        assertThat(
                users.findByEmail("  " + user.email().toUpperCase(Locale.ROOT) + " ")
                        .orElseThrow()
                        .id(),
                is(user.id()));
    }

    @Test
    void rejectsTheSameEmailInAnotherCaseWithConflict() {
        String email = unique("Case");
        users.insert(user(email.toLowerCase(Locale.ROOT)));
        assertThrows(AppException.Conflict.class, () -> users.insert(user(email.toUpperCase(Locale.ROOT))));
    }

    /**
     * The auth rate limit (30 a minute by default) would answer the HTTP race below with 429s: raise it, so that
     * every racer reaches the database.
     */
    static java.util.Map<String, String> overrides() {
        return java.util.Map.of("auth.rate.limit.per.minute", "100000");
    }

    /**
     * Registrations racing over HTTP. Not 200 like the other races: each registration first hashes its password,
     * and hashing admits one Argon2id hash per core for at most 5 s before answering 503 with Retry-After (by
     * design, so a flood queues there). On a loaded CI machine even 16 racers on 2 cores once passed that bound
     * (13 conflicts and two 503s), so a racer does what a client is told to: after a 503 it waits Retry-After and
     * tries again (at most 5 times). What is asserted stays the race's outcome: one 201, every other racer a 409,
     * one row. The 200-thread race on the unique key itself is {@link #concurrentInsertsOfOneEmailStoreExactlyOneUser()}.
     */
    @Test
    void concurrentDoubleRegistrationGivesExactlyOne201AndOnly409s() throws Exception {
        String email = unique("race");
        int attempts = 16;
        List<Future<Status>> results = Races.run(attempts, i -> {
            String variant = i % 2 == 0 ? email : email.toUpperCase(Locale.ROOT);
            return () -> registerRetryingWhenBusy(variant);
        });
        int created = 0;
        int conflicts = 0;
        for (Future<Status> result : results) {
            Status status = result.resultNow();
            if (status.equals(Status.CREATED_201)) {
                created++;
            } else if (status.equals(Status.CONFLICT_409)) {
                conflicts++;
            }
        }
        assertThat(created, is(1));
        assertThat(conflicts, is(attempts - 1));
        assertThat(storedUsersWithEmail(email), is(1));
    }

    private Status registerRetryingWhenBusy(String email) throws InterruptedException {
        ApiClient.Res res = api.register(email, "a decent passphrase", "Racer");
        for (int retry = 0; retry < 5 && res.status().equals(Status.SERVICE_UNAVAILABLE_503); retry++) {
            Thread.sleep(1000L
                    * Long.parseLong(res.headers().get(HeaderNames.RETRY_AFTER).get()));
            res = api.register(email, "a decent passphrase", "Racer");
        }
        return res.status();
    }

    /** 200 virtual threads insert the same email (in mixed case) at once: one row, 199 conflicts, nothing else. */
    @Test
    void concurrentInsertsOfOneEmailStoreExactlyOneUser() throws Exception {
        String email = unique("insert-race");
        int racers = 200;
        List<Future<Boolean>> results = Races.run(racers, i -> {
            User racer = user(i % 2 == 0 ? email : email.toUpperCase(Locale.ROOT));
            return () -> {
                try {
                    users.insert(racer);
                    return true;
                } catch (AppException.Conflict e) {
                    return false;
                }
            };
        });
        assertThat(results.stream().filter(Future::resultNow).count(), is(1L));
        assertThat(storedUsersWithEmail(email), is(1));
    }

    private int storedUsersWithEmail(String email) {
        return database.client()
                .execute()
                .get("SELECT COUNT(*) FROM users WHERE email_key = ?", User.emailKey(email))
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .intValue();
    }

    @Test
    void keysetPagesStayStableWhileUsersAreAdded() {
        for (int i = 0; i < 5; i++) {
            users.insert(user(unique("stable" + i)));
        }
        List<UUID> before = users.page(null, 1000).stream().map(User::id).toList();
        List<UUID> seen =
                new ArrayList<>(users.page(null, 3).stream().map(User::id).toList());
        for (int i = 0; i < 3; i++) {
            users.insert(user(unique("added" + i)));
        }
        UUID cursor = seen.getLast();
        while (true) {
            List<UUID> page = users.page(cursor, 3).stream().map(User::id).toList();
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(page);
            cursor = page.getLast();
        }
        assertThat("no duplicates", seen.stream().distinct().count(), is((long) seen.size()));
        assertThat("nothing that existed before was skipped", seen.subList(0, before.size()), is(before));
        assertThat("new users appear after the old ones", seen.size(), is(before.size() + 3));
    }

    @Test
    void registrationThatFailsMidwayLeavesNoRow() {
        User user = user(unique("rollback"));
        assertThrows(
                IllegalStateException.class,
                () -> users.insert(user, (tx, u) -> {
                    throw new IllegalStateException("the outbox write failed");
                }));
        assertThat(users.findById(user.id()).isPresent(), is(false));
        assertThat(users.findByEmail(user.email()).isPresent(), is(false));
        users.insert(user);
        assertThat("the email is free again", users.findById(user.id()).isPresent(), is(true));
    }

    @Test
    void failedSqlInsideTheTransactionRollsBackTheUser() {
        User user = user(unique("rollback-sql"));
        assertThrows(
                RuntimeException.class,
                () -> users.insert(user, (tx, u) -> tx.insert("INSERT INTO no_such_table (x) VALUES (1)")));
        assertThat(users.findById(user.id()).isPresent(), is(false));
    }

    @Test
    void loginRehashesAPasswordStoredWithOutdatedParameters() {
        String email = unique("rehash");
        String outdated = new fluxor.enterprise.auth.PasswordHasher(4096, 1, 1, 1).hash("a decent passphrase");
        Instant now = Instant.now();
        users.insert(User.created(UuidV7.next(), email, "Old Hash", outdated, List.of("user"), now));
        assertThat(api.login(email, "a decent passphrase").status(), is(Status.OK_200));
        String stored = users.findByEmail(email).orElseThrow().passwordHash();
        assertThat(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), is(true));
        assertThat(api.login(email, "a decent passphrase").status(), is(Status.OK_200));
    }

    @Test
    void updateOfAMissingUserIsNotFound() {
        assertThrows(
                AppException.NotFound.class,
                () -> users.update(UuidV7.next(), "n", "h", List.of("user"), false, Instant.now()));
        assertThat(users.delete(UuidV7.next()), is(false));
    }
}

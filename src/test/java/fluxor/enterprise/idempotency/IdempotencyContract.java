package fluxor.enterprise.idempotency;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.Eventually;
import fluxor.enterprise.MutableClock;
import fluxor.enterprise.Races;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.dbclient.DbExecute;
import io.helidon.http.Method;
import io.helidon.http.Status;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key on registration: replay, misuse, requests in flight, expiry, and races, across the database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyContract {
    private static final String PATH = "/api/v1/auth/register";
    private static final String PASSWORD = "a decent passphrase";

    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    IdempotencyContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind, Map.of("auth.rate.limit.per.minute", "100000", "rate.limit.per.minute", "100000"), null, clock);
        api = server.api();
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstResponseAndRegisterOnce() {
        String email = unique("replay");
        String key = UUID.randomUUID().toString();
        Res first = register(email, key);
        assertThat(first.body(), first.status(), is(Status.CREATED_201));
        assertThat(first.header("Idempotent-Replayed"), is(nullValue()));

        Res again = register(email, key);
        assertThat(again.status(), is(Status.CREATED_201));
        assertThat(again.header("Idempotent-Replayed"), is("true"));
        assertThat(again.body(), is(first.body()));
        assertThat(again.header("Location"), is(first.header("Location")));
        assertThat(again.contentType(), is("application/json"));
        assertThat(count("SELECT COUNT(*) AS n FROM users WHERE email = ?", email), is(1L));
        assertThat(count("SELECT COUNT(*) AS n FROM outbox WHERE payload LIKE ?", "%" + email + "%"), is(1L));
    }

    @Test
    void theQuotedAndTheBareFormOfAKeyAreOneKey() {
        String email = unique("forms");
        String key = "k-" + UUID.randomUUID();
        assertThat(register(email, key).status(), is(Status.CREATED_201));
        Res quoted = register(email, "\"" + key + "\"");
        assertThat(quoted.status(), is(Status.CREATED_201));
        assertThat(quoted.header("Idempotent-Replayed"), is("true"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndDoesNothing() {
        String key = UUID.randomUUID().toString();
        assertThat(register(unique("first"), key).status(), is(Status.CREATED_201));
        String other = unique("other");
        Res misuse = register(other, key);
        assertProblem(misuse, 422, "unprocessable-content");
        assertThat(count("SELECT COUNT(*) AS n FROM users WHERE email = ?", other), is(0L));
    }

    @Test
    void aKeyWhoseFirstRequestStillRunsIs409UntilItsLeaseEnds() {
        String email = unique("inflight");
        String key = UUID.randomUUID().toString();
        String body = body(email);
        server.app()
                .database()
                .client()
                .execute()
                .insert(
                        "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, started_at, expires_at) "
                                + "VALUES ('anonymous', ?, ?, ?, ?)",
                        key,
                        fingerprint("POST", PATH, body),
                        Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant().plus(Duration.ofHours(24))));
        Res busy = register(email, key);
        assertProblem(busy, 409, "conflict");
        assertThat(count("SELECT COUNT(*) AS n FROM users WHERE email = ?", email), is(0L));

        clock.advance(Duration.ofMinutes(2)); // the first request's instance died: its key is free again
        Res taken = register(email, key);
        assertThat(taken.body(), taken.status(), is(Status.CREATED_201));
        assertThat(taken.header("Idempotent-Replayed"), is(nullValue()));
    }

    @Test
    void aRecordOlderThan24HoursIsNotReplayedAndIsPurged() {
        String key = UUID.randomUUID().toString();
        String untouched = UUID.randomUUID().toString();
        assertThat(register(unique("old"), key).status(), is(Status.CREATED_201));
        assertThat(register(unique("untouched"), untouched).status(), is(Status.CREATED_201));

        clock.advance(Duration.ofHours(25));
        Res fresh = register(unique("new"), key);
        assertThat("expired: the key is free for another request", fresh.status(), is(Status.CREATED_201));
        assertThat(fresh.header("Idempotent-Replayed"), is(nullValue()));
        Eventually.until(
                Duration.ofSeconds(10),
                "the expired record is purged",
                () -> count("SELECT COUNT(*) AS n FROM idempotency_keys WHERE idem_key = ?", untouched) == 0L);
    }

    @Test
    void malformedOrOverlongKeysAre400AndStoreNothing() {
        long before = count("SELECT COUNT(*) AS n FROM idempotency_keys", null);
        for (String bad : List.of(
                "x".repeat(256),
                "\"" + "x".repeat(256) + "\"",
                "\"unterminated",
                "a b",
                "\"\"",
                "\"bad \\n escape\"",
                "\"tab\tinside\"")) {
            Res res = register(unique("bad"), bad);
            assertThat(bad, res.status().code(), is(400));
            assertProblem(res, 400, "validation");
            assertThat(res.json().getJsonArray("errors").getJsonObject(0).getString("field"), is("Idempotency-Key"));
        }
        assertThat(register(unique("max"), "y".repeat(255)).status(), is(Status.CREATED_201));
        assertThat(count("SELECT COUNT(*) AS n FROM idempotency_keys", null), is(before + 1));
    }

    @Test
    void aClientErrorIsReplayedLikeASuccess() {
        String email = unique("taken");
        assertThat(api.register(email, PASSWORD, "Taken").status(), is(Status.CREATED_201));
        String key = UUID.randomUUID().toString();
        Res conflict = register(email, key);
        assertProblem(conflict, 409, "conflict");
        Res replayed = register(email, key);
        assertThat(replayed.status(), is(Status.CONFLICT_409));
        assertThat(replayed.header("Idempotent-Replayed"), is("true"));
        assertThat(replayed.contentType(), is("application/problem+json"));
    }

    @Test
    void racingRequestsWithOneKeyRegisterOnce() throws Exception {
        String email = unique("race");
        String key = UUID.randomUUID().toString();
        List<Future<Res>> results = Races.run(6, i -> () -> register(email, key));
        int fresh = 0;
        for (Future<Res> f : results) {
            Res res = f.get();
            assertThat(res.body(), List.of(201, 409).contains(res.status().code()), is(true));
            fresh += res.status().code() == 201 && res.header("Idempotent-Replayed") == null ? 1 : 0;
        }
        assertThat("one request ran", fresh, is(1));
        assertThat(count("SELECT COUNT(*) AS n FROM users WHERE email = ?", email), is(1L));
    }

    private void assertProblem(Res res, int status, String type) {
        assertThat(res.body(), res.status().code(), is(status));
        assertThat(res.contentType(), is("application/problem+json"));
        assertThat(res.json().getString("type"), is("https://fluxor.dev/problems/" + type));
    }

    private Res register(String email, String key) {
        return api.call(Method.POST, PATH, null, body(email), Map.of("Idempotency-Key", key));
    }

    private static String body(String email) {
        return Json.createObjectBuilder()
                .add("email", email)
                .add("password", PASSWORD)
                .add("name", "Idem Potent")
                .build()
                .toString();
    }

    // Written here, not taken from the product: SHA-256 over "METHOD path\n" and the body bytes.
    private static String fingerprint(String method, String path, String body) throws IllegalStateException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String param) {
        DbExecute db = server.app().database().client().execute();
        var row = param == null ? db.get(sql) : db.get(sql, param);
        return row.orElseThrow().column("n").get(Number.class).longValue();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}

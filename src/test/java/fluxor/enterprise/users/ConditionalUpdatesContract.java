package fluxor.enterprise.users;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.Races;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.Method;
import io.helidon.http.Status;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ETag, If-None-Match and If-Match on the user resource, and what concurrent PATCHes answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConditionalUpdatesContract {
    private static final String PASSWORD = "a decent passphrase";

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    ConditionalUpdatesContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind, Map.of("auth.rate.limit.per.minute", "100000", "rate.limit.per.minute", "100000"));
        api = server.api();
    }

    @Test
    void userGetsCarryAStrongETagThatChangesOnEveryUpdate() {
        ApiClient.Session user = signUp("etag");
        Res me = api.get("/api/v1/users/me", user.accessToken());
        Res byId = api.get("/api/v1/users/" + user.id(), user.accessToken());
        String tag = me.header("ETag");
        assertThat(tag, matchesPattern("\"[^\"]+\""));
        assertThat(byId.header("ETag"), is(tag));

        Res patched = patch(user, "{\"name\":\"Renamed\"}", Map.of());
        assertThat(patched.status(), is(Status.OK_200));
        assertThat(patched.header("ETag"), is(not(tag)));
        assertThat(api.get("/api/v1/users/me", user.accessToken()).header("ETag"), is(patched.header("ETag")));
    }

    @Test
    void ifNoneMatchWithTheCurrentTagAnswers304WithoutABody() {
        ApiClient.Session user = signUp("304");
        String tag = api.get("/api/v1/users/me", user.accessToken()).header("ETag");
        for (String path : List.of("/api/v1/users/me", "/api/v1/users/" + user.id())) {
            Res notModified = api.call(Method.GET, path, user.accessToken(), null, Map.of("If-None-Match", tag));
            assertThat(path, notModified.status(), is(Status.NOT_MODIFIED_304));
            assertThat(notModified.body(), is(""));
            assertThat(notModified.header("ETag"), is(tag));
            Res weak = api.call(Method.GET, path, user.accessToken(), null, Map.of("If-None-Match", "W/" + tag));
            assertThat("If-None-Match compares weakly", weak.status(), is(Status.NOT_MODIFIED_304));
        }
        patch(user, "{\"name\":\"Changed\"}", Map.of());
        Res changed = api.call(Method.GET, "/api/v1/users/me", user.accessToken(), null, Map.of("If-None-Match", tag));
        assertThat(changed.status(), is(Status.OK_200));
        assertThat(changed.json().getString("name"), is("Changed"));
    }

    @Test
    void aStaleIfMatchAnswers412AndChangesNothing() {
        ApiClient.Session user = signUp("stale");
        String first = api.get("/api/v1/users/me", user.accessToken()).header("ETag");
        Res current = patch(user, "{\"name\":\"Second\"}", Map.of("If-Match", first));
        assertThat(current.body(), current.status(), is(Status.OK_200));
        assertThat(current.json().getString("name"), is("Second"));

        Res stale = patch(user, "{\"name\":\"Lost Update\"}", Map.of("If-Match", first));
        assertThat(stale.status(), is(Status.PRECONDITION_FAILED_412));
        assertThat(stale.contentType(), is("application/problem+json"));
        assertThat(stale.json().getInt("status"), is(412));
        assertThat(stale.json().getString("type"), is("https://fluxor.dev/problems/precondition-failed"));
        assertThat(api.get("/api/v1/users/me", user.accessToken()).json().getString("name"), is("Second"));
        Res weak = patch(user, "{\"name\":\"Weak\"}", Map.of("If-Match", "W/" + current.header("ETag")));
        assertThat(
                "If-Match compares strongly: a weak tag never matches",
                weak.status(),
                is(Status.PRECONDITION_FAILED_412));
        Res garbage = patch(user, "{\"name\":\"Garbage\"}", Map.of("If-Match", "not-a-tag"));
        assertThat(garbage.status(), is(Status.PRECONDITION_FAILED_412));
        Res listed = patch(user, "{\"name\":\"Listed\"}", Map.of("If-Match", first + ", " + current.header("ETag")));
        assertThat(listed.status(), is(Status.OK_200));
        Res any = patch(user, "{\"name\":\"Any\"}", Map.of("If-Match", "*"));
        assertThat(any.status(), is(Status.OK_200));
        assertThat(any.json().getString("name"), is("Any"));
    }

    @Test
    void concurrentPatchesWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        ApiClient.Session user = signUp("race-if-match");
        String tag = api.get("/api/v1/users/me", user.accessToken()).header("ETag");
        List<Future<Res>> results =
                Races.run(8, i -> () -> patch(user, "{\"name\":\"Racer " + i + "\"}", Map.of("If-Match", tag)));
        int ok = 0;
        for (Future<Res> f : results) {
            Res res = f.get();
            assertThat(res.body(), res.status().code(), lessThan(500));
            assertThat(res.body(), List.of(200, 412).contains(res.status().code()), is(true));
            ok += res.status().code() == 200 ? 1 : 0;
        }
        assertThat("exactly one conditional update wins", ok, is(1));
        assertThat(version(user.id()), is(2L));
    }

    @Test
    void concurrentPatchesWithoutIfMatchNeverAnswer5xx() throws ExecutionException, InterruptedException {
        ApiClient.Session user = signUp("race-plain");
        List<Future<Res>> results = Races.run(8, i -> () -> patch(user, "{\"name\":\"Plain " + i + "\"}", Map.of()));
        int ok = 0;
        for (Future<Res> f : results) {
            Res res = f.get();
            assertThat(res.body(), List.of(200, 409).contains(res.status().code()), is(true));
            ok += res.status().code() == 200 ? 1 : 0;
        }
        assertThat("every successful update counted once", version(user.id()), is(1L + ok));
    }

    @Test
    void ifMatchDoesNotBypassTheOwnershipCheck() {
        ApiClient.Session user = signUp("missing");
        Res other = patch(user, UUID.randomUUID().toString(), "{\"name\":\"X\"}", Map.of("If-Match", "*"));
        assertThat("a non-admin is refused before any precondition", other.status(), is(Status.FORBIDDEN_403));
    }

    private long version(String id) {
        return server.app()
                .database()
                .client()
                .execute()
                .get("SELECT version FROM users WHERE id = CAST(? AS UUID)", id)
                .orElseThrow()
                .column("version")
                .get(Number.class)
                .longValue();
    }

    private Res patch(ApiClient.Session user, String json, Map<String, String> headers) {
        return patch(user, user.id(), json, headers);
    }

    private Res patch(ApiClient.Session user, String id, String json, Map<String, String> headers) {
        return api.call(Method.PATCH, "/api/v1/users/" + id, user.accessToken(), json, headers);
    }

    private ApiClient.Session signUp(String prefix) {
        return api.signUp(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", PASSWORD);
    }
}

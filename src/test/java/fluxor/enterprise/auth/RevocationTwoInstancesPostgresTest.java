package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.App;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestKeys;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL schema, as behind a load balancer: a revocation on A is refused on B within 2 s,
 * although B had verified (and cached) the token before.
 */
class RevocationTwoInstancesPostgresTest {
    private static final String SESSIONS = "/api/v1/users/me/sessions";
    private static final String PASSWORD = "a decent passphrase";
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static App first;
    private static App second;
    private static WebServer firstServer;
    private static WebServer secondServer;
    private static ApiClient a;
    private static ApiClient b;

    @BeforeAll
    static void start() {
        Map<String, String> overrides = new HashMap<>(TestDatabases.postgres());
        overrides.put("seed.data", "false");
        overrides.put("server.port", "0");
        overrides.put("server.host", "127.0.0.1");
        overrides.put("auth.rate.limit.per.minute", "100000");
        overrides.put("admin.email", "two-instances@fluxor.test");
        overrides.put("admin.password", "admin passphrase for two instances");
        // One signing key for both, as in production (JWT_SIGNING_KEY_FILE).
        overrides.put("jwt.signing.key.file", TestKeys.create().file());
        Config config = TestApp.config(overrides);
        Config.global(config);
        first = App.create(config);
        firstServer = first.start();
        second = App.create(config);
        secondServer = second.start();
        a = new ApiClient(client(firstServer));
        b = new ApiClient(client(secondServer));
    }

    @AfterAll
    static void stop() {
        for (WebServer server : new WebServer[] {firstServer, secondServer}) {
            if (server != null) {
                server.stop();
            }
        }
        for (App app : new App[] {first, second}) {
            if (app != null) {
                app.close();
            }
        }
    }

    private static Http1Client client(WebServer server) {
        return Http1Client.builder()
                .baseUri("http://127.0.0.1:" + server.port())
                .build();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Polls B until it refuses the token; returns how long that took. */
    private static Duration refusedOnB(String token) {
        long start = System.nanoTime();
        Res res;
        do {
            res = b.get(SESSIONS, token);
        } while (res.status() == Status.OK_200 && System.nanoTime() - start < BOUND.toNanos() * 2);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(res.body(), res.status(), is(Status.UNAUTHORIZED_401));
        return took;
    }

    @Test
    void signOutEverywhereOnAIsRefusedOnBWithinTwoSeconds() {
        Session user = a.signUp(unique("everywhere"), PASSWORD);
        assertThat(
                "B accepts the token first", b.get(SESSIONS, user.accessToken()).status(), is(Status.OK_200));
        assertThat(a.delete(SESSIONS, user.accessToken()).status(), is(Status.NO_CONTENT_204));
        assertThat(refusedOnB(user.accessToken()), lessThan(BOUND));
    }

    @Test
    void oneSessionRevokedOnAIsRefusedOnBWithinTwoSeconds() {
        String email = unique("one");
        Session keep = a.signUp(email, PASSWORD);
        Session drop = a.session(keep.id(), email, PASSWORD);
        assertThat(b.get(SESSIONS, drop.accessToken()).status(), is(Status.OK_200));
        String dropId = b.get(SESSIONS, drop.accessToken()).json().getJsonArray("items").stream()
                .map(jakarta.json.JsonObject.class::cast)
                .filter(o -> o.getBoolean("current"))
                .findFirst()
                .orElseThrow()
                .getString("id");
        assertThat(a.delete(SESSIONS + "/" + dropId, keep.accessToken()).status(), is(Status.NO_CONTENT_204));
        assertThat(refusedOnB(drop.accessToken()), lessThan(BOUND));
        assertThat(
                "the other session still works on B",
                b.get(SESSIONS, keep.accessToken()).status(),
                is(Status.OK_200));
    }

    @Test
    void aDeletionOnAIsRefusedOnBWithinTwoSeconds() {
        Session victim = a.signUp(unique("deleted"), PASSWORD);
        assertThat(b.get(SESSIONS, victim.accessToken()).status(), is(Status.OK_200));
        Session admin = a.session(null, "two-instances@fluxor.test", "admin passphrase for two instances");
        assertThat(a.delete("/api/v1/users/" + victim.id(), admin.accessToken()).status(), is(Status.NO_CONTENT_204));
        assertThat(refusedOnB(victim.accessToken()), lessThan(BOUND));
    }
}

package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.TestKeys;
import fluxor.enterprise.TwoInstances;
import io.helidon.http.Status;
import java.time.Duration;
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
    private static final String ADMIN_EMAIL = "two-instances@fluxor.test";
    private static final String ADMIN_PASSWORD = "admin passphrase for two instances";
    private static TwoInstances instances;
    private static ApiClient a;
    private static ApiClient b;

    @BeforeAll
    static void start() {
        instances = TwoInstances.onPostgres(Map.of(
                "auth.rate.limit.per.minute",
                "100000",
                // B is polled as fast as it answers: on a quiet machine, past the default 1000 a minute
                "rate.limit.per.minute",
                "100000",
                "admin.email",
                ADMIN_EMAIL,
                "admin.password",
                ADMIN_PASSWORD,
                // one signing key for both, as in production (JWT_SIGNING_KEY_FILE)
                "jwt.signing.key.file",
                TestKeys.create().file()));
        a = new ApiClient(instances.first());
        b = new ApiClient(instances.second());
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
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
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        } while (res.status().equals(Status.OK_200) && System.nanoTime() - start < BOUND.toNanos() * 2);
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
        Session admin = a.session(null, ADMIN_EMAIL, ADMIN_PASSWORD);
        assertThat(a.delete("/api/v1/users/" + victim.id(), admin.accessToken()).status(), is(Status.NO_CONTENT_204));
        assertThat(refusedOnB(victim.accessToken()), lessThan(BOUND));
    }
}

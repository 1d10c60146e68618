package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.AuditCapture;
import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.users.UserRepository;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login lockout per (email, client IP) and the account-wide threshold (lowered to 12 here). Client IPs are simulated
 * with X-Forwarded-For from the trusted loopback proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LockoutContract {
    static final String PASSWORD = "a decent passphrase";
    static final int ACCOUNT_THRESHOLD = 12;

    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final TestServer server;

    private AuditCapture audit;

    LockoutContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind,
                Map.of(
                        "auth.rate.limit.per.minute", "100000",
                        "trusted.proxies", "127.0.0.1",
                        "auth.lockout.account-threshold", Integer.toString(ACCOUNT_THRESHOLD)),
                null,
                clock);
    }

    @BeforeEach
    void startCapture() {
        audit = AuditCapture.start();
    }

    @AfterEach
    void stopCapture() {
        audit.close();
    }

    private ApiClient api() {
        return server.api();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private Res login(String email, String password, String ip) {
        return api().login(email, password, Map.of("X-Forwarded-For", ip));
    }

    private void fail(String email, String ip, int times) {
        for (int i = 0; i < times; i++) {
            Res res = login(email, "wrong passphrase " + i, ip);
            assertThat(res.body(), res.status(), is(Status.UNAUTHORIZED_401));
        }
    }

    private static String withoutRequestIds(Res res) {
        JsonObject body = res.json();
        return body.getString("type") + "|" + body.getString("title") + "|" + body.getInt("status") + "|"
                + body.getString("detail") + "|" + body.keySet();
    }

    @Test
    void fiveFailuresFromOneIpDoNotLockTheOwnerOutFromAnother() {
        String email = unique("owner");
        api().register(email, PASSWORD, "Owner");
        fail(email, "203.0.113.66", 5);

        Res attacker = login(email, PASSWORD, "203.0.113.66");
        assertThat("the attacker's address is locked", attacker.status(), is(Status.TOO_MANY_REQUESTS_429));
        Res owner = login(email, PASSWORD, "198.51.100.10");
        assertThat(owner.body(), owner.status(), is(Status.OK_200));
        assertThat(
                audit.events("login.lockout").toString(),
                allOf(containsString("kind=ip"), containsString("203.0.113.66")));
    }

    @Test
    void aLockedUnknownEmailAnswersExactlyLikeALockedAccount() {
        String known = unique("known");
        api().register(known, PASSWORD, "Known");
        String unknown = unique("nobody");
        fail(known, "203.0.113.20", 5);
        fail(unknown, "203.0.113.20", 5);

        Res lockedKnown = login(known, PASSWORD, "203.0.113.20");
        Res lockedUnknown = login(unknown, PASSWORD, "203.0.113.20");
        assertThat(lockedKnown.status(), is(Status.TOO_MANY_REQUESTS_429));
        assertThat(lockedUnknown.status(), is(Status.TOO_MANY_REQUESTS_429));
        assertThat(lockedKnown.contentType(), is("application/problem+json"));
        assertThat(withoutRequestIds(lockedUnknown), is(withoutRequestIds(lockedKnown)));
        assertThat(lockedUnknown.header("Retry-After"), is(lockedKnown.header("Retry-After")));
    }

    @Test
    void aSuccessfulLoginClearsThatPairsCount() {
        String email = unique("clears");
        api().register(email, PASSWORD, "Clears");
        fail(email, "203.0.113.30", 4);
        assertThat(login(email, PASSWORD, "203.0.113.30").status(), is(Status.OK_200));
        fail(email, "203.0.113.30", 4);
        assertThat(login(email, PASSWORD, "203.0.113.30").status(), is(Status.OK_200));
    }

    @Test
    void thePairLockStartsAtOneMinuteAndDoublesWithEachFurtherFailure() {
        String email = unique("doubling");
        api().register(email, PASSWORD, "Doubling");
        fail(email, "203.0.113.40", 5);
        Res first = login(email, PASSWORD, "203.0.113.40");
        assertThat(first.status(), is(Status.TOO_MANY_REQUESTS_429));
        int firstWait = Integer.parseInt(first.header("Retry-After"));
        assertThat(firstWait, allOf(greaterThanOrEqualTo(59), lessThanOrEqualTo(60)));

        clock.advance(Duration.ofSeconds(61));
        fail(email, "203.0.113.40", 1);
        Res second = login(email, PASSWORD, "203.0.113.40");
        assertThat(second.status(), is(Status.TOO_MANY_REQUESTS_429));
        assertThat(
                Integer.parseInt(second.header("Retry-After")),
                allOf(greaterThanOrEqualTo(119), lessThanOrEqualTo(120)));

        clock.advance(Duration.ofSeconds(121));
        assertThat("the lock ended", login(email, PASSWORD, "203.0.113.40").status(), is(Status.OK_200));
    }

    @Test
    void theAccountThresholdLocksEveryAddressWritesUserLockedAndClearFailuresLiftsEverything() {
        String email = unique("spread");
        String id = api().register(email, PASSWORD, "Spread Out").json().getString("id");
        for (int ip = 1; ip <= ACCOUNT_THRESHOLD / 2; ip++) {
            fail(email, "192.0.2." + ip, 2);
        }
        Res elsewhere = login(email, PASSWORD, "198.51.100.200");
        assertThat("the account itself is locked", elsewhere.status(), is(Status.TOO_MANY_REQUESTS_429));
        assertThat(Integer.parseInt(elsewhere.header("Retry-After")), greaterThanOrEqualTo(3500));
        assertThat(audit.events("login.lockout").toString(), containsString("kind=account"));

        List<Outbox.Entry> locked = new Outbox(server.app().database().client())
                .ofType("user.locked", 1000).stream()
                        .filter(e -> e.payload().contains(id))
                        .toList();
        assertThat(locked, hasSize(1));
        JsonObject payload =
                Json.createReader(new StringReader(locked.getFirst().payload())).readObject();
        assertThat(payload.getString("user_id"), is(id));
        assertThat(payload.getString("email"), is(email));
        assertThat(payload.getString("name"), is("Spread Out"));
        assertThat(
                payload.getString("locked_until"),
                is(clock.instant().plus(Duration.ofHours(1)).toString()));

        // lift every lock, as the unlock endpoint does
        new UserRepository(server.app().database().client()).clearFailures(UUID.fromString(id));
        assertThat(login(email, PASSWORD, "198.51.100.200").status(), is(Status.OK_200));
        assertThat(login(email, PASSWORD, "192.0.2.1").status(), is(Status.OK_200));
        assertThat(api().get("/metrics", null).body(), containsString("auth_lockouts_total{kind=\"account\""));
    }

    @Test
    void clearFailuresLiftsEveryPairLock() {
        String email = unique("pairs");
        String id = api().register(email, PASSWORD, "Pairs").json().getString("id");
        fail(email, "203.0.113.50", 5);
        fail(email, "203.0.113.51", 5);
        assertThat(login(email, PASSWORD, "203.0.113.50").status(), is(Status.TOO_MANY_REQUESTS_429));
        new UserRepository(server.app().database().client()).clearFailures(UUID.fromString(id));
        assertThat(login(email, PASSWORD, "203.0.113.50").status(), is(Status.OK_200));
        assertThat(login(email, PASSWORD, "203.0.113.51").status(), is(Status.OK_200));
    }
}

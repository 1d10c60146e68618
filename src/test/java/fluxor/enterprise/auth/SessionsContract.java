package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.AuditCapture;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.events.Outbox;
import io.helidon.http.Method;
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

/** GET/DELETE /api/v1/users/me/sessions and the revocation of access tokens on this instance. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionsContract {
    static final String SESSIONS = "/api/v1/users/me/sessions";
    static final String ME = "/api/v1/users/me";
    static final String PASSWORD = "a decent passphrase";
    static final String ADMIN_EMAIL = "sessions-admin@fluxor.test";
    static final String ADMIN_PASSWORD = "admin passphrase for sessions";

    @RegisterExtension
    final TestServer server;

    private AuditCapture audit;
    private ApiClient api;

    SessionsContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind,
                Map.of(
                        "auth.rate.limit.per.minute",
                        "100000",
                        // the polls below ask as fast as the machine answers: on a quiet one, past 1000 a minute
                        "rate.limit.per.minute",
                        "100000",
                        "trusted.proxies",
                        "127.0.0.1",
                        "admin.email",
                        ADMIN_EMAIL,
                        "admin.password",
                        ADMIN_PASSWORD));
    }

    private ApiClient api() {
        if (api == null) {
            api = server.api();
        }
        return api;
    }

    @BeforeEach
    void startCapture() {
        audit = AuditCapture.start();
    }

    @AfterEach
    void stopCapture() {
        audit.close();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private Res login(String email, String password, String ip, String agent) {
        return api().login(email, password, Map.of("X-Forwarded-For", ip, "User-Agent", agent));
    }

    private Session session(String id, String email, String ip, String agent) {
        Res res = login(email, PASSWORD, ip, agent);
        assertThat(res.body(), res.status(), is(Status.OK_200));
        return new Session(id, res.json().getString("access_token"), res.json().getString("refresh_token"));
    }

    private String sessionIdOf(Session s) {
        List<JsonObject> current = api().get(SESSIONS, s.accessToken()).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getBoolean("current"))
                .toList();
        assertThat(current, hasSize(1));
        return current.getFirst().getString("id");
    }

    /** Revocation is visible here at once; the bound for other instances is RevocationTwoInstancesPostgresTest's. */
    private void assertRefusedWithin(String token, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Res res;
        do {
            // sessions, not /me: /me of a deleted user is a 401 anyway; this route never reads the user's row
            res = api().get(SESSIONS, token);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        } while (res.status().equals(Status.OK_200) && System.nanoTime() < deadline);
        assertThat(res.body(), res.status(), is(Status.UNAUTHORIZED_401));
        assertThat(res.header("WWW-Authenticate"), containsString("Bearer"));
        assertThat(res.json().getString("detail"), is("The access token is missing, invalid or expired."));
    }

    @Test
    void listsLiveSessionsWithAgentIpLastUseAndWhichIsCurrent() {
        String email = unique("list");
        String id = api().register(email, PASSWORD, "Lister").json().getString("id");
        Session laptop = session(id, email, "203.0.113.7", "Laptop/1.0");
        Session phone = session(id, email, "198.51.100.9", "Phone/" + "x".repeat(300));

        Res list = api().get(SESSIONS, laptop.accessToken());
        assertThat(list.body(), list.status(), is(Status.OK_200));
        List<JsonObject> items = list.json().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .toList();
        assertThat(items, hasSize(2));
        JsonObject mine =
                items.stream().filter(o -> o.getBoolean("current")).findFirst().orElseThrow();
        JsonObject other =
                items.stream().filter(o -> !o.getBoolean("current")).findFirst().orElseThrow();
        assertThat(mine.getString("ip"), is("203.0.113.7"));
        assertThat(mine.getString("user_agent"), is("Laptop/1.0"));
        assertThat(other.getString("ip"), is("198.51.100.9"));
        assertThat("user agent truncated", other.getString("user_agent").length(), is(200));
        for (String field : List.of("created_at", "last_used_at", "expires_at")) {
            assertThat(mine.getString(field), matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        }
        assertThat(
                mine.getString("id"), matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));

        // a refresh is a use: last_used_at moves, and the address is the refreshing client's
        Res refreshed = api().call(
                        Method.POST,
                        "/api/v1/auth/refresh",
                        null,
                        "{\"refresh_token\":\"" + phone.refreshToken() + "\"}",
                        Map.of("X-Forwarded-For", "192.0.2.44", "User-Agent", "Phone/2.0"));
        assertThat(refreshed.status(), is(Status.OK_200));
        JsonObject after = api().get(SESSIONS, laptop.accessToken()).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(other.getString("id")))
                .findFirst()
                .orElseThrow();
        assertThat(after.getString("ip"), is("192.0.2.44"));
        assertThat(after.getString("user_agent"), is("Phone/2.0"));
        assertThat(after.getString("last_used_at"), not(other.getString("last_used_at")));
        assertThat(after.getString("created_at"), is(other.getString("created_at")));
    }

    @Test
    void revokingOneSessionEndsItsRefreshAndAccessTokensOnly() throws Exception {
        String email = unique("one");
        String id = api().register(email, PASSWORD, "One").json().getString("id");
        Session keep = session(id, email, "203.0.113.1", "Keep");
        Session drop = session(id, email, "203.0.113.2", "Drop");
        String dropId = sessionIdOf(drop);
        assertThat(api().get(ME, drop.accessToken()).status(), is(Status.OK_200));

        Res revoked = api().delete(SESSIONS + "/" + dropId, keep.accessToken());
        assertThat(revoked.body(), revoked.status(), is(Status.NO_CONTENT_204));
        assertRefusedWithin(drop.accessToken(), Duration.ZERO);
        assertThat(api().refresh(drop.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        assertThat(api().get(ME, keep.accessToken()).status(), is(Status.OK_200));
        assertThat(api().get(SESSIONS, keep.accessToken()).json().getJsonArray("items"), hasSize(1));
        assertThat(
                "a second revocation finds nothing",
                api().delete(SESSIONS + "/" + dropId, keep.accessToken()).status(),
                is(Status.NOT_FOUND_404));

        List<Outbox.Entry> events = new Outbox(server.app().database().client()).ofType("session.revoked", 1000);
        JsonObject payload = events.stream()
                .map(e -> Json.createReader(new StringReader(e.payload())).readObject())
                .filter(p -> p.getString("session_id").equals(dropId))
                .findFirst()
                .orElseThrow();
        assertThat(payload.getString("user_id"), is(id));
        assertThat(audit.events("session.revoked").toString(), containsString(dropId));
        assertThat(
                api().get("/metrics", null).body(),
                matchesPattern("(?s).*auth_sessions_revoked_total(\\{[^}]*})? [1-9].*"));
    }

    @Test
    void anotherUsersSessionIsNotFoundAndStaysAlive() {
        String victimEmail = unique("victim");
        String victimId = api().register(victimEmail, PASSWORD, "Victim").json().getString("id");
        Session victim = session(victimId, victimEmail, "203.0.113.3", "Victim");
        Session attacker = api().signUp(unique("attacker"), PASSWORD);

        Res res = api().delete(SESSIONS + "/" + sessionIdOf(victim), attacker.accessToken());
        assertThat(res.status(), is(Status.NOT_FOUND_404));
        assertThat(res.contentType(), is("application/problem+json"));
        assertThat(api().get(ME, victim.accessToken()).status(), is(Status.OK_200));
        assertThat(api().refresh(victim.refreshToken()).status(), is(Status.OK_200));
    }

    @Test
    void signOutEverywhereEndsEverySessionAndAFreshLoginWorksAtOnce() {
        String email = unique("all");
        String id = api().register(email, PASSWORD, "All").json().getString("id");
        Session a = session(id, email, "203.0.113.4", "A");
        Session b = session(id, email, "203.0.113.5", "B");

        Res all = api().delete(SESSIONS, a.accessToken());
        assertThat(all.body(), all.status(), is(Status.NO_CONTENT_204));
        assertRefusedWithin(a.accessToken(), Duration.ZERO);
        assertRefusedWithin(b.accessToken(), Duration.ZERO);
        assertThat(api().refresh(a.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        assertThat(api().refresh(b.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        // JWT iat has whole seconds: a login in the same second as the revocation must still work
        for (int i = 0; i < 3; i++) {
            Session fresh = session(id, email, "203.0.113.6", "Fresh");
            Res me = api().get(ME, fresh.accessToken());
            assertThat("fresh login " + i + ": " + me.body(), me.status(), is(Status.OK_200));
            assertThat(api().get(SESSIONS, fresh.accessToken()).json().getJsonArray("items"), hasSize(i + 1));
        }
        assertThat(audit.events("sessions.ended").toString(), containsString(id));
        assertThat(
                new Outbox(server.app().database().client())
                        .ofType("session.revoked", 1000).stream()
                                .filter(e -> e.payload().contains(id))
                                .count(),
                is(2L));
    }

    @Test
    void passwordChangeDisablingDemotionAndDeletionRefuseEarlierTokensWithinTwoSeconds() {
        Session admin = api().session(null, ADMIN_EMAIL, ADMIN_PASSWORD);

        String pwEmail = unique("pw");
        Session pw = api().signUp(pwEmail, PASSWORD);
        assertThat(
                api().patch(
                                "/api/v1/users/" + pw.id(),
                                pw.accessToken(),
                                "{\"password\":\"another fine passphrase\",\"current_password\":\"" + PASSWORD + "\"}")
                        .status(),
                is(Status.OK_200));
        assertRefusedWithin(pw.accessToken(), Duration.ofSeconds(2));
        Session renewed = api().session(pw.id(), pwEmail, "another fine passphrase");
        assertThat(api().get(ME, renewed.accessToken()).status(), is(Status.OK_200));

        Session disabled = api().signUp(unique("disabled"), PASSWORD);
        assertThat(
                api().patch("/api/v1/users/" + disabled.id(), admin.accessToken(), "{\"disabled\":true}")
                        .status(),
                is(Status.OK_200));
        assertRefusedWithin(disabled.accessToken(), Duration.ofSeconds(2));

        String demotedEmail = unique("demoted");
        Session demoted = api().signUp(demotedEmail, PASSWORD);
        api().patch("/api/v1/users/" + demoted.id(), admin.accessToken(), "{\"roles\":[\"user\",\"admin\"]}");
        Session asAdmin = api().session(demoted.id(), demotedEmail, PASSWORD);
        assertThat(api().get("/api/v1/users", asAdmin.accessToken()).status(), is(Status.OK_200));
        assertThat(
                api().patch("/api/v1/users/" + demoted.id(), admin.accessToken(), "{\"roles\":[\"user\"]}")
                        .status(),
                is(Status.OK_200));
        assertRefusedWithin(asAdmin.accessToken(), Duration.ofSeconds(2));
        Session asUser = api().session(demoted.id(), demotedEmail, PASSWORD);
        assertThat(api().get("/api/v1/users", asUser.accessToken()).status(), is(Status.FORBIDDEN_403));

        Session deleted = api().signUp(unique("deleted"), PASSWORD);
        assertThat(api().get(SESSIONS, deleted.accessToken()).status(), is(Status.OK_200));
        assertThat(
                api().delete("/api/v1/users/" + deleted.id(), admin.accessToken())
                        .status(),
                is(Status.NO_CONTENT_204));
        assertRefusedWithin(deleted.accessToken(), Duration.ofSeconds(2));
        assertThat(audit.events("sessions.ended").toString(), containsString("roles_removed"));
        assertThat(api().get("/metrics", null).body(), containsString("auth_revocation_sync_lag_seconds"));
    }
}

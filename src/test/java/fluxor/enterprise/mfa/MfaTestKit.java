package fluxor.enterprise.mfa;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.users.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Method;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the two-factor tests do over and over: enrol a user, compute codes at the test clock, log in in two steps. */
final class MfaTestKit {
    /** An enrolled user: its base32 secret and its first set of recovery codes. */
    record Enrolled(String id, String email, String secret, List<String> recoveryCodes) {}

    /** Records the emails the outbox worker sends. */
    static final class Mail implements MailSender {
        private final List<MailMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(MailMessage message) {
            sent.add(message);
        }

        @Override
        public String kind() {
            return "test";
        }

        MailMessage await(String to, String subject, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (MailMessage m : sent) {
                    if (m.to().equals(to) && m.subject().equals(subject)) {
                        return m;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no email '" + subject + "' to " + to + " within " + timeout);
        }
    }

    private final ApiClient api;
    private final MutableClock clock;
    private final String password;

    MfaTestKit(ApiClient api, MutableClock clock, String password) {
        this.api = api;
        this.clock = clock;
        this.password = password;
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The code an authenticator app shows {@code offset} steps from the test clock's now. */
    String code(String secret, int offset) {
        return Totp.code(Base32.decode(secret), Totp.step(clock.instant()) + offset, Totp.DIGITS);
    }

    String codeBody(String secret, int offset) {
        return Json.createObjectBuilder()
                .add("code", code(secret, offset))
                .build()
                .toString();
    }

    Res enrol(Session session) {
        return api.post(
                "/api/v1/users/me/mfa/totp",
                session.accessToken(),
                Json.createObjectBuilder()
                        .add("current_password", password)
                        .build()
                        .toString());
    }

    Enrolled enrolled(String email) {
        Session session = api.signUp(email, password);
        Res enrol = enrol(session);
        assertThat(enrol.body(), enrol.status(), is(Status.OK_200));
        String secret = enrol.json().getString("secret");
        Res confirm = api.post("/api/v1/users/me/mfa/totp/confirm", session.accessToken(), codeBody(secret, 0));
        assertThat(confirm.body(), confirm.status(), is(Status.OK_200));
        return new Enrolled(session.id(), email, secret, strings(confirm.json(), "recovery_codes"));
    }

    JsonObject me(Session session) {
        Res me = api.get("/api/v1/users/me", session.accessToken());
        assertThat(me.body(), me.status(), is(Status.OK_200));
        return me.json();
    }

    String firstStep(String email) {
        Res login = api.login(email, password);
        assertThat(login.body(), login.status(), is(Status.OK_200));
        assertThat(login.body(), login.json().getBoolean("mfa_required"), is(true));
        return login.json().getString("mfa_token");
    }

    Res secondStep(String mfaToken, String field, String value) {
        return api.post(
                "/api/v1/auth/login/mfa",
                null,
                Json.createObjectBuilder()
                        .add("mfa_token", mfaToken)
                        .add(field, value)
                        .build()
                        .toString());
    }

    Res login(String email, String field, String value) {
        return secondStep(firstStep(email), field, value);
    }

    Session loginSession(Enrolled user, String field, String value) {
        Res res = login(user.email(), field, value);
        assertThat(res.body(), res.status(), is(Status.OK_200));
        return new Session(
                user.id(), res.json().getString("access_token"), res.json().getString("refresh_token"));
    }

    Res disable(Session session, String currentPassword, String code) {
        return api.call(
                Method.DELETE,
                "/api/v1/users/me/mfa",
                session.accessToken(),
                Json.createObjectBuilder()
                        .add("current_password", currentPassword)
                        .add("code", code)
                        .build()
                        .toString());
    }

    /** The feature built again on the server's database, as a start-up with these settings would build it. */
    Mfa mfaOn(TestServer server, String keyFile, boolean production) {
        DbClient db = server.app().database().client();
        return new Mfa(
                TestApp.config(Map.of("mfa.encryption.key.file", keyFile)),
                db,
                new UserRepository(db),
                new PasswordHasher(),
                new RefreshTokenRepository(db),
                new Outbox(db),
                clock,
                production,
                () -> {});
    }

    List<String> queryStrings(String sql, TestServer server, String userId) {
        return server.app()
                .database()
                .client()
                .execute()
                .query(sql, UUID.fromString(userId))
                .map(r -> String.valueOf(r.column(1).get()))
                .toList();
    }

    String queryString(String sql, TestServer server, String userId) {
        return queryStrings(sql, server, userId).getFirst();
    }

    static List<String> strings(JsonObject json, String field) {
        return json.getJsonArray(field).getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
    }
}

package fluxor.enterprise.logging;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the service writes to stdout while serving: one JSON object per line, each line logged for a request
 * carrying that request's id and trace, access lines without query strings, and no secret ever.
 */
class RequestLogLinesTest {
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final System.Logger HANDLER_LOGGER = System.getLogger("fluxor.enterprise.test.handler");
    private static final TestApp APP;

    static {
        Logging.configure("INFO", "json", new PrintStream(LOG, true, StandardCharsets.UTF_8));
        APP = TestApp.on(TestDatabases.Kind.H2);
    }

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP, app -> {
        // a handler that logs, as feature handlers do
        app.routes().get("/test/log", (req, res) -> {
            HANDLER_LOGGER.log(System.Logger.Level.INFO, "inside the handler");
            Thread worker = Thread.ofVirtual()
                    .start(fluxor.enterprise.observability.RequestScope.propagate(
                            () -> HANDLER_LOGGER.log(System.Logger.Level.INFO, "on a thread the handler started")));
            worker.join();
            res.send("logged");
        });
        app.routes().get("/test/user", (req, res) -> {
            io.helidon.logging.common.HelidonMdc.set("user_id", "0190aaaa-user"); // as authentication does
            HANDLER_LOGGER.log(System.Logger.Level.INFO, "as a user");
            res.send("user");
        });
    });

    private final Http1Client client = SERVER.client();

    @Test
    void everyLineIsJsonAndRequestLinesCarryTheRequestAndTraceIds() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        ClientResponseTyped<String> res = client.get("/test/log")
                .queryParam("q", "query-value-not-logged")
                .header(HeaderNames.create("X-Request-Id"), "log-test-1")
                .header(HeaderNames.create("traceparent"), "00-" + traceId + "-b7ad6b7169203331-01")
                .request(String.class);
        assertThat(res.status(), is(Status.OK_200));

        JsonObject inside = awaitLine(l -> "inside the handler".equals(l.getString("msg", null)));
        assertThat(inside.getString("request_id"), is("log-test-1"));
        assertThat(inside.getString("trace_id"), is(traceId));
        assertThat(inside.getString("span_id"), matchesPattern("[0-9a-f]{16}"));
        assertThat(inside.getString("level"), is("INFO"));
        assertThat(inside.getString("logger"), is("fluxor.enterprise.test.handler"));
        assertThat(inside.getString("ts"), matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        JsonObject worker = awaitLine(l -> "on a thread the handler started".equals(l.getString("msg", null)));
        assertThat(worker.getString("request_id"), is("log-test-1"));
        assertThat(worker.getString("trace_id"), is(traceId));
        assertThat(worker.getString("span_id"), is(inside.getString("span_id")));

        JsonObject access = awaitLine(l -> "log-test-1".equals(l.getString("request_id", null))
                && AccessLog.LOGGER_NAME.equals(l.getString("logger")));
        assertThat(access.getString("trace_id"), is(traceId));
        assertThat(access.getString("method"), is("GET"));
        assertThat(access.getString("path"), is("/test/log"));
        assertThat(access.getString("route"), is("/test/log"));
        assertThat(access.getInt("status"), is(200));
        // bytes on the wire: status line, headers and the 6-byte body
        assertThat(access.getInt("bytes"), greaterThan(6));
        assertThat(access.getJsonNumber("duration_ms").doubleValue(), greaterThan(0.0));

        assertThat(logText(), not(containsString("query-value-not-logged")));
        for (String line : logText().lines().toList()) {
            json(line); // every line, startup lines included, is one JSON object
        }
    }

    @Test
    void userIdIsLoggedForItsRequestOnlyNotTheNextOnTheSameConnection() {
        client.get("/test/user")
                .header(HeaderNames.create("X-Request-Id"), "user-req")
                .request(String.class);
        client.get("/test/log")
                .header(HeaderNames.create("X-Request-Id"), "after-user-req")
                .request(String.class);
        JsonObject user = awaitLine(l ->
                "user-req".equals(l.getString("request_id", null)) && "as a user".equals(l.getString("msg", null)));
        assertThat(user.getString("user_id"), is("0190aaaa-user"));
        JsonObject access = awaitLine(l -> "user-req".equals(l.getString("request_id", null))
                && AccessLog.LOGGER_NAME.equals(l.getString("logger")));
        assertThat(access.getString("user_id"), is("0190aaaa-user"));
        JsonObject next = awaitLine(l -> "after-user-req".equals(l.getString("request_id", null))
                && "inside the handler".equals(l.getString("msg", null)));
        assertThat(next.containsKey("user_id"), is(false));
    }

    @Test
    void errorsAreOneJsonLineWithTheStackTraceInTheErrorField() {
        java.util.logging.Logger.getLogger("fluxor.enterprise.test")
                .log(java.util.logging.Level.SEVERE, "boom happened", new IllegalStateException("multi\nline"));
        JsonObject line = awaitLine(l -> "boom happened".equals(l.getString("msg", null)));
        assertThat(line.getString("level"), is("ERROR"));
        assertThat(line.getString("error"), containsString("java.lang.IllegalStateException: multi\nline"));
        assertThat(line.getString("error"), containsString("\tat "));
    }

    /**
     * No password, token or Authorization value reaches the log, whatever the request: the fixed steps of
     * {@link #journey()} (fake secrets in headers, query strings, cookies), then the whole auth journey with real
     * passwords and the tokens the service issues ({@link #authJourney()}: register, a failed login, login, /users/me,
     * refresh, reuse of the spent refresh token, login, logout). Audit lines (one JSON object each, with
     * {@code "audit":true}) are part of the log searched, and the journey's audit events must be there.
     */
    @Test
    void noPasswordTokenOrAuthorizationValueEverReachesTheLog() {
        List<String> issued = authJourney();
        for (Step step : journey()) {
            var request = client.method(step.method())
                    .path(step.path())
                    .headers(h -> step.headers().forEach((k, v) -> h.set(HeaderNames.create(k), v)));
            step.query().forEach(request::queryParam);
            ClientResponseTyped<String> res = request.request(String.class);
            assertThat(step + " answered", res.status().code(), greaterThan(0));
        }
        // the last step's access line is written once the response is out
        awaitLine(l -> "secret-journey-last".equals(l.getString("request_id", null))
                && AccessLog.LOGGER_NAME.equals(l.getString("logger")));
        String log = logText();
        List<String> secrets = new ArrayList<>(SECRETS);
        secrets.addAll(issued);
        for (String secret : secrets) {
            assertThat("log must not contain " + secret, log, not(containsString(secret)));
        }
        assertThat(log, not(containsString("Bearer ")));
        assertThat(log.toLowerCase(java.util.Locale.ROOT), not(containsString("argon2")));

        List<JsonObject> audit = log.lines()
                .map(RequestLogLinesTest::json)
                .filter(l -> l.getBoolean("audit", false))
                .toList();
        for (String event : List.of("user.registered", "login.failure", "login.success", "token.reuse", "logout")) {
            assertThat(
                    "audit event " + event + " in " + audit,
                    audit.stream().anyMatch(l -> event.equals(l.getString("event", null))),
                    is(true));
        }
        JsonObject registered = audit.stream()
                .filter(l -> "user.registered".equals(l.getString("event"))
                        && journeyUserId.equals(l.getString("user_id", null)))
                .findFirst()
                .orElseThrow();
        assertThat(registered.getString("logger"), is("fluxor.enterprise.audit"));
        assertThat(
                audit.stream()
                        .anyMatch(l -> "login.success".equals(l.getString("event"))
                                && journeyUserId.equals(l.getString("user_id", null))),
                is(true));
        assertThat(
                audit.stream()
                        .anyMatch(l -> "login.failure".equals(l.getString("event"))
                                && "wrong_password".equals(l.getString("reason", null))),
                is(true));
        assertThat(
                audit.stream()
                        .anyMatch(l -> "token.reuse".equals(l.getString("event"))
                                && journeyUserId.equals(l.getString("user_id", null))),
                is(true));
    }

    private static final String JOURNEY_PASSWORD = "correct horse battery staple 42";
    private static final String WRONG_PASSWORD = "Tr0ub4dor&3-not-mine";
    private static final List<String> SECRETS = List.of(
            "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl",
            "Sup3r-Secret-Passw0rd!",
            "refresh-secret-0123",
            JOURNEY_PASSWORD,
            WRONG_PASSWORD);

    private String journeyUserId = "";

    /**
     * Register, a failed login, login, /users/me, refresh, reuse of the spent refresh token (401, family revoked),
     * login, logout, each checked for its status. Returns every token the service issued on the way, and the
     * pieces of each access token that identify it (payload and signature), so not even a truncated token may
     * appear in the log.
     */
    private List<String> authJourney() {
        fluxor.enterprise.ApiClient api = new fluxor.enterprise.ApiClient(client);
        String email = "log-journey-" + java.util.UUID.randomUUID() + "@example.com";
        fluxor.enterprise.ApiClient.Res reg = api.register(email, JOURNEY_PASSWORD, "Log Journey");
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        journeyUserId = reg.json().getString("id");
        assertThat(api.login(email, WRONG_PASSWORD).status(), is(Status.UNAUTHORIZED_401));
        fluxor.enterprise.ApiClient.Res login = api.login(email, JOURNEY_PASSWORD);
        assertThat(login.body(), login.status(), is(Status.OK_200));
        String access1 = login.json().getString("access_token");
        String refresh1 = login.json().getString("refresh_token");
        assertThat(api.get("/api/v1/users/me", access1).status(), is(Status.OK_200));
        fluxor.enterprise.ApiClient.Res refreshed = api.refresh(refresh1);
        assertThat(refreshed.body(), refreshed.status(), is(Status.OK_200));
        String access2 = refreshed.json().getString("access_token");
        String refresh2 = refreshed.json().getString("refresh_token");
        assertThat("reuse of a spent refresh token", api.refresh(refresh1).status(), is(Status.UNAUTHORIZED_401));
        assertThat("family revoked", api.refresh(refresh2).status(), is(Status.UNAUTHORIZED_401));
        fluxor.enterprise.ApiClient.Session again = api.session(journeyUserId, email, JOURNEY_PASSWORD);
        fluxor.enterprise.ApiClient.Res logout = api.post(
                "/api/v1/auth/logout", again.accessToken(), "{\"refresh_token\":\"" + again.refreshToken() + "\"}");
        assertThat(logout.body(), logout.status(), is(Status.NO_CONTENT_204));

        List<String> issued = new ArrayList<>(List.of(refresh1, refresh2, again.refreshToken()));
        for (String access : List.of(access1, access2, again.accessToken())) {
            String[] parts = access.split("\\.", -1);
            assertThat("a JWS has three parts", parts.length, is(3));
            issued.add(access);
            issued.add(parts[1]);
            issued.add(parts[2]);
        }
        return issued;
    }

    record Step(Method method, String path, Map<String, String> query, Map<String, String> headers) {}

    private static List<Step> journey() {
        List<Step> steps = new ArrayList<>();
        String bearer = "Bearer " + SECRETS.get(0);
        steps.add(new Step(Method.GET, "/", Map.of(), Map.of("Authorization", bearer)));
        steps.add(new Step(
                Method.GET, "/", Map.of("password", SECRETS.get(1), "refresh_token", SECRETS.get(2)), Map.of()));
        steps.add(new Step(Method.GET, "/api/v1/users/me", Map.of(), Map.of("Authorization", bearer)));
        steps.add(
                new Step(Method.DELETE, "/", Map.of("access_token", SECRETS.get(0)), Map.of("Authorization", bearer)));
        steps.add(new Step(
                Method.GET,
                "/no/such/route",
                Map.of("password", SECRETS.get(1)),
                Map.of("Cookie", "session=" + SECRETS.get(2))));
        steps.add(new Step(
                Method.GET,
                "/health/ready",
                Map.of(),
                Map.of("Authorization", bearer, "X-Request-Id", "secret-journey-last")));
        return steps;
    }

    private static String logText() {
        return LOG.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject json(String line) {
        try {
            return Json.createReader(new StringReader(line)).readObject();
        } catch (JsonParsingException e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }

    private static JsonObject awaitLine(Predicate<JsonObject> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonObject> found = logText()
                    .lines()
                    .map(RequestLogLinesTest::json)
                    .filter(wanted)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no such log line in:\n" + logText());
    }
}

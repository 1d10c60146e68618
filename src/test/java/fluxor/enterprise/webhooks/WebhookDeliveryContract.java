package fluxor.enterprise.webhooks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.Eventually;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks end to end: real registrations, updates and deletions reach a receiver on a real socket, signed per the
 * Standard Webhooks specification (checked by {@link StandardWebhooksVerifier}, written from the spec text), retried
 * after a 500 with the same id and body, never following a redirect, and a hanging endpoint holds back nobody else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookDeliveryContract {
    static final String CURRENT = secret('c');
    static final String PREVIOUS = secret('p');
    private static final String ADMIN_EMAIL = "webhooks-admin@fluxor.test";
    private static final String ADMIN_PASSWORD = "admin passphrase for webhooks";
    private static final String PASSWORD = "a decent passphrase";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration SOON = Duration.ofSeconds(10);

    final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    WebhookDeliveryContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind,
                Map.ofEntries(
                        Map.entry("admin.email", ADMIN_EMAIL),
                        Map.entry("admin.password", ADMIN_PASSWORD),
                        Map.entry("auth.rate.limit.per.minute", "100000"),
                        Map.entry("webhooks.endpoints.0.name", "live"),
                        Map.entry("webhooks.endpoints.0.url", receiver.url("/ok")),
                        Map.entry("webhooks.endpoints.0.secret", CURRENT + " " + PREVIOUS),
                        Map.entry("webhooks.endpoints.0.events", "*"),
                        Map.entry("webhooks.endpoints.1.name", "flaky"),
                        Map.entry("webhooks.endpoints.1.url", receiver.url("/flaky")),
                        Map.entry("webhooks.endpoints.1.secret", CURRENT),
                        Map.entry("webhooks.endpoints.1.events", "user.registered"),
                        Map.entry("webhooks.endpoints.2.name", "redirect"),
                        Map.entry("webhooks.endpoints.2.url", receiver.url("/redirect")),
                        Map.entry("webhooks.endpoints.2.secret", CURRENT),
                        Map.entry("webhooks.endpoints.2.events", "user.registered"),
                        Map.entry("webhook.url", receiver.url("/hang")),
                        Map.entry("webhook.secret", CURRENT),
                        Map.entry("webhook.events", "user.registered"),
                        Map.entry("webhooks.read-timeout", "PT" + READ_TIMEOUT.toSeconds() + "S"),
                        Map.entry("webhooks.max-in-flight", "1"),
                        Map.entry("webhooks.max-attempts", "3"),
                        Map.entry("webhooks.poll-interval", "PT0.2S"),
                        Map.entry("webhooks.backoff.initial", "PT0.2S"),
                        Map.entry("webhooks.backoff.max", "PT0.4S")));
        api = server.api();
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void registrationArrivesSignedAndVerifiesWithEitherRotatingSecret() {
        String email = unique("signed");
        Res reg = api.register(email, PASSWORD, "Signed Sam");
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        WebhookReceiver.Received hook = arrival("/ok", email, "user.registered");

        JsonObject body = parse(hook.body());
        assertThat(body.getString("type"), is("user.registered"));
        assertThat(body.getJsonObject("data").getString("id"), is(reg.json().getString("id")));
        assertThat(body.getJsonObject("data").getString("email"), is(email));
        assertThat(body.getJsonObject("data").containsKey("password_hash"), is(false));
        assertThat(Math.abs(Long.parseLong(hook.timestamp()) - Instant.now().getEpochSecond()), lessThan(60L));
        assertThat(
                "two signatures while two secrets are configured",
                hook.signature().split(" ").length,
                is(2));
        assertThat(verify(CURRENT, hook), is(true));
        assertThat(verify(PREVIOUS, hook), is(true));
        assertThat(verify(secret('x'), hook), is(false));
        assertThat(
                StandardWebhooksVerifier.verify(
                        CURRENT,
                        hook.id(),
                        hook.timestamp(),
                        hook.body().replace("Signed", "Forged"),
                        hook.signature()),
                is(false));
        JsonObject delivery = delivery("delivered", hook.id());
        assertThat(delivery.getString("endpoint"), is("live"));
        assertThat(delivery.getInt("attempts"), is(1));
        assertThat(delivery.getInt("last_status"), is(204));
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameIdAndBody() {
        String email = unique("flaky");
        api.register(email, PASSWORD, "Flaky Fran");
        Eventually.until(
                SOON,
                "a second attempt at /flaky",
                () -> matching("/flaky", email).size() >= 2);
        List<WebhookReceiver.Received> attempts = matching("/flaky", email);
        assertThat(attempts.get(1).id(), is(attempts.get(0).id()));
        assertThat(attempts.get(1).body(), is(attempts.get(0).body()));
        attempts.forEach(a -> assertThat(verify(CURRENT, a), is(true)));
        JsonObject delivery = delivery("delivered", attempts.get(0).id());
        assertThat(delivery.getInt("attempts"), is(2));
        assertThat(delivery.getInt("last_status"), is(200));
    }

    @Test
    void aRedirectIsAFailureAndNeverFollowedAndAFailedDeliveryCanBeRetried() {
        String email = unique("redirect");
        api.register(email, PASSWORD, "Redirect Rae");
        String id = Eventually.get(
                        SOON,
                        "an attempt at /redirect",
                        () -> matching("/redirect", email).stream().findFirst())
                .id();
        JsonObject failed = delivery("failed", id);
        assertThat(failed.getInt("attempts"), is(3));
        assertThat(failed.getInt("last_status"), is(307));
        assertThat(matching("/redirect", email), hasSize(3));
        assertThat("the redirect target was never called", receiver.at("/target"), is(empty()));

        Res retry = api.post("/api/v1/admin/webhook-deliveries/" + id + "/retry", admin(), null);
        assertThat(retry.body(), retry.status(), is(Status.ACCEPTED_202));
        assertThat(retry.json().getString("status"), is("pending"));
        Eventually.until(
                SOON, "three more attempts", () -> matching("/redirect", email).size() == 6);
        assertThat(receiver.at("/target"), is(empty()));
    }

    @Test
    void aHangingEndpointDelaysNoOtherEndpoint() {
        api.register(unique("first"), PASSWORD, "First Flo");
        Eventually.until(SOON, "the hanging endpoint is busy", () -> receiver.hanging() > 0);
        String email = unique("meanwhile");
        long start = System.nanoTime();
        api.register(email, PASSWORD, "Meanwhile Max");
        arrival("/ok", email, "user.registered");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat("the hanging endpoint is still busy", receiver.hanging(), greaterThan(0));
        assertThat("delivered long before the hanging attempt can time out", took, lessThan(READ_TIMEOUT.dividedBy(2)));
    }

    @Test
    void updatesAndDeletionsArePublishedWithTheUserAsTheChangeLeftIt() {
        String email = unique("changes");
        Res reg = api.register(email, PASSWORD, "Before Name");
        String id = reg.json().getString("id");
        ApiClient.Session user = api.session(id, email, PASSWORD);
        Res patch = api.patch("/api/v1/users/" + id, user.accessToken(), "{\"name\":\"After Name\"}");
        assertThat(patch.body(), patch.status(), is(Status.OK_200));
        Res delete = api.delete("/api/v1/users/" + id, admin());
        assertThat(delete.status(), is(Status.NO_CONTENT_204));

        JsonObject updated = parse(arrival("/ok", email, "user.updated").body()).getJsonObject("data");
        assertThat(updated.getString("name"), is("After Name"));
        JsonObject deleted = parse(arrival("/ok", email, "user.deleted").body()).getJsonObject("data");
        assertThat(deleted.getString("id"), is(id));
        assertThat(deleted.getString("name"), is("After Name"));
        assertThat(outboxRows("user.updated", id), is(1L));
        assertThat(outboxRows("user.deleted", id), is(1L));
    }

    @Test
    void anEventTheOutboxDeliversAgainFansOutOnlyOnce() {
        String email = unique("again");
        api.register(email, PASSWORD, "Again Ava");
        arrival("/ok", email, "user.registered");
        DbClient db = server.app().database().client();
        UUID event = db.execute()
                .get("SELECT id FROM outbox WHERE type = 'user.registered' AND payload LIKE ?", "%" + email + "%")
                .orElseThrow()
                .column("id")
                .get(UUID.class);
        db.execute()
                .update(
                        "UPDATE outbox SET status = 'pending', next_attempt_at = created_at WHERE id = CAST(? AS UUID)",
                        event);
        Eventually.until(
                SOON,
                "the outbox delivered the event again",
                () -> "sent"
                        .equals(db.execute()
                                .get("SELECT status FROM outbox WHERE id = CAST(? AS UUID)", event)
                                .orElseThrow()
                                .column("status")
                                .get(String.class)));
        long rows = db.execute()
                .get("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE event_id = CAST(? AS UUID)", event)
                .orElseThrow()
                .column("n")
                .get(Number.class)
                .longValue();
        assertThat("one delivery per subscribed endpoint (live, flaky, redirect, default)", rows, is(4L));
    }

    @Test
    void theListingPagesFiltersAndIsForAdministratorsOnly() {
        api.register(unique("page-a"), PASSWORD, "Page A");
        api.register(unique("page-b"), PASSWORD, "Page B");
        Eventually.until(SOON, "deliveries exist", () -> deliveries(null).size() >= 2);
        Res first = api.get("/api/v1/admin/webhook-deliveries?limit=1", admin());
        assertThat(first.body(), first.status(), is(Status.OK_200));
        assertThat(first.json().getJsonArray("items"), hasSize(1));
        String cursor = first.json().getString("next_cursor");
        Res second = api.get("/api/v1/admin/webhook-deliveries?limit=1&cursor=" + cursor, admin());
        String a = first.json().getJsonArray("items").getJsonObject(0).getString("id");
        String b = second.json().getJsonArray("items").getJsonObject(0).getString("id");
        assertThat("newest first", UUID.fromString(b).compareTo(UUID.fromString(a)) < 0, is(true));
        deliveries("pending").forEach(d -> assertThat(d.getString("status"), is("pending")));

        String email = unique("plain");
        ApiClient.Session plain = api.signUp(email, PASSWORD);
        Res forbidden = api.get("/api/v1/admin/webhook-deliveries", plain.accessToken());
        assertThat(forbidden.status(), is(Status.FORBIDDEN_403));
        Res retry = api.post("/api/v1/admin/webhook-deliveries/" + a + "/retry", plain.accessToken(), null);
        assertThat(retry.status(), is(Status.FORBIDDEN_403));
        Res unknown = api.post("/api/v1/admin/webhook-deliveries/" + UUID.randomUUID() + "/retry", admin(), null);
        assertThat(unknown.status(), is(Status.NOT_FOUND_404));
    }

    @Test
    void metricsAndHealthReportDeliveriesPerEndpoint() {
        String email = unique("metrics");
        api.register(email, PASSWORD, "Metric Mia");
        arrival("/ok", email, "user.registered");
        Eventually.until(SOON, "counted", () -> api.get("/metrics", null).body().contains("outcome=\"delivered\""));
        String metrics = api.get("/metrics", null).body();
        assertThat(metrics, containsString("webhook_deliveries_total{"));
        assertThat(metrics, containsString("webhook_backlog{"));
        assertThat(metrics, containsString("endpoint=\"live\""));
        assertThat("no URL in a label", metrics, not(containsString("127.0.0.1:" + receiverPort())));
        JsonObject health = parse(api.get("/health", null).body());
        JsonObject check = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("webhooks"))
                .findFirst()
                .orElseThrow();
        assertThat(check.getString("status"), is("UP"));
        assertThat(check.getJsonObject("data").getString("worker"), is("running"));
        assertThat(check.getJsonObject("data").containsKey("live_pending"), is(true));
        assertThat(check.getJsonObject("data").containsKey("default_failed"), is(true));
    }

    private String receiverPort() {
        String url = receiver.url("");
        return url.substring(url.lastIndexOf(':') + 1);
    }

    private WebhookReceiver.Received arrival(String path, String email, String type) {
        return Eventually.get(
                SOON,
                type + " for " + email + " at " + path,
                () -> matching(path, email).stream()
                        .filter(r -> parse(r.body()).getString("type").equals(type))
                        .findFirst());
    }

    private List<WebhookReceiver.Received> matching(String path, String email) {
        return receiver.at(path).stream()
                .filter(r -> r.body().contains("\"" + email + "\""))
                .toList();
    }

    /** The delivery once it has this status (the worker records outcomes asynchronously). */
    private JsonObject delivery(String status, String id) {
        return Eventually.get(
                SOON,
                "delivery " + id + " " + status,
                () -> deliveries(status).stream()
                        .filter(d -> d.getString("id").equals(id))
                        .findFirst());
    }

    private List<JsonObject> deliveries(String status) {
        Res res = api.get(
                "/api/v1/admin/webhook-deliveries?limit=100" + (status == null ? "" : "&status=" + status), admin());
        assertThat(res.body(), res.status(), is(Status.OK_200));
        return res.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private long outboxRows(String type, String userId) {
        return server.app()
                .database()
                .client()
                .execute()
                .get("SELECT COUNT(*) AS n FROM outbox WHERE type = ? AND payload LIKE ?", type, "%" + userId + "%")
                .orElseThrow()
                .column("n")
                .get(Number.class)
                .longValue();
    }

    private String admin() {
        Res login = api.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        assertThat(login.body(), login.status(), is(Status.OK_200));
        return login.json().getString("access_token");
    }

    private static boolean verify(String secret, WebhookReceiver.Received r) {
        return StandardWebhooksVerifier.verify(secret, r.id(), r.timestamp(), r.body(), r.signature());
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String secret(char fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

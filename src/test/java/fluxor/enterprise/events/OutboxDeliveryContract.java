package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UuidV7;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Registration over HTTP writes the user and its welcome-email event together; the running worker delivers the
 * email once, through the sender the test injected; metrics and health show it. Subclasses pick the database.
 */
abstract class OutboxDeliveryContract {
    static final RecordingMailSender MAIL = new RecordingMailSender();
    static final Map<String, String> OVERRIDES = Map.of("events.poll-interval", "PT0.2S");
    private static final String PASSWORD = "a decent passphrase";

    private final ApiClient api;
    private final Http1Client client;
    private final TestApp app;

    OutboxDeliveryContract(Http1Client client, TestApp app) {
        this.client = client;
        this.api = new ApiClient(client);
        this.app = app;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private Outbox outbox() {
        return new Outbox(app.app().database().client());
    }

    private List<Outbox.Entry> eventsFor(String userId) {
        return outbox().ofType(WelcomeEmail.EVENT, 10_000).stream()
                .filter(e -> e.payload().contains("\"user_id\":\"" + userId + "\""))
                .toList();
    }

    private static <T> T await(Supplier<Optional<T>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("condition not met within 20 s");
    }

    @Test
    void registeringAUserSendsExactlyOneWelcomeEmailAndMarksItsEventSent() throws Exception {
        String email = unique("welcome");
        Res reg = api.register(email, PASSWORD, "Ada Lovelace");
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        String userId = reg.json().getString("id");

        Outbox.Entry sent = await(() -> eventsFor(userId).stream()
                .filter(e -> e.status().equals(Outbox.SENT))
                .findFirst());
        assertThat(sent.attempts(), is(1));
        assertThat(sent.type(), is("user.registered"));
        Thread.sleep(600); // three more polls: still exactly one welcome email (the verification email is its own)
        List<MailMessage> mails = MAIL.to(email).stream()
                .filter(m -> m.subject().equals("Welcome to Fluxor Enterprise"))
                .toList();
        assertThat(mails, hasSize(1));
        assertThat(mails.getFirst().subject(), is("Welcome to Fluxor Enterprise"));
        assertThat(mails.getFirst().body(), containsString("Hello Ada Lovelace,"));
        assertThat(eventsFor(userId), hasSize(1));
    }

    @Test
    void ifTheOutboxInsertFailsTheRegistrationRollsBackAndNoUserExists() {
        DbClient db = app.app().database().client();
        UserRepository users = new UserRepository(db);
        // over HTTP: the outbox refuses this one event (a constraint only its payload breaks)
        db.execute()
                .dml("ALTER TABLE outbox ADD CONSTRAINT outbox_refuse_test CHECK (payload NOT LIKE '%@refused.test%')");
        try {
            String email = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@refused.test";
            Res reg = api.register(email, PASSWORD, "Not Stored");
            assertThat(reg.body(), reg.status(), is(Status.INTERNAL_SERVER_ERROR_500));
            assertThat(reg.body(), not(containsString("outbox")));
            assertThat(users.findByEmail(email).isPresent(), is(false));
            assertThat(api.login(email, PASSWORD).status(), is(Status.UNAUTHORIZED_401));
        } finally {
            db.execute().dml("ALTER TABLE outbox DROP CONSTRAINT outbox_refuse_test");
        }

        // and with the very hook registration uses: its outbox insert fails (type too long), so neither row stays
        Instant now = Instant.now();
        User user = User.created(
                UuidV7.next(),
                unique("rollback"),
                "Roll Back",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aA",
                List.of(User.USER),
                now);
        UserRepository.InSameTransaction hook = WelcomeEmail.inRegistration(outbox(), java.time.Clock.systemUTC());
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class,
                () -> users.insert(user, (tx, u) -> {
                    hook.run(tx, u);
                    outbox().append(tx, "x".repeat(101), "{}", now);
                }));
        assertThat(e.getClass().getSimpleName(), not(is("Conflict")));
        assertThat(users.findById(user.id()).isPresent(), is(false));
        assertThat(eventsFor(user.id().toString()), hasSize(0));
    }

    @Test
    void deliveriesAndTheBacklogShowInMetricsAndHealth() throws Exception {
        String email = unique("metrics");
        Res reg = api.register(email, PASSWORD, "Metric User");
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        String userId = reg.json().getString("id");
        await(() -> eventsFor(userId).stream()
                .filter(e -> e.status().equals(Outbox.SENT))
                .findFirst());

        String metrics = await(() -> {
            // every event type counts (registration also writes the verification email's row)
            long sentRows = app.app()
                    .database()
                    .client()
                    .execute()
                    .get("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
                    .orElseThrow()
                    .column(1)
                    .get(Number.class)
                    .longValue();
            String text = client.get("/metrics").requestEntity(String.class);
            return value(text, "outbox_backlog{").equals(Optional.of(0.0))
                            && value(text, "outbox_deliveries_total{outcome=\"sent\"")
                                    .equals(Optional.of((double) sentRows))
                    ? Optional.of(text)
                    : Optional.empty();
        });
        assertThat(metrics, containsString("# TYPE outbox_backlog gauge"));
        assertThat(metrics, containsString("# TYPE outbox_deliveries_total counter"));
        assertThat(value(metrics, "outbox_deliveries_total{outcome=\"failed\"").orElse(0.0), is(0.0));

        JsonObject outboxCheck = check("/health", "outbox");
        assertThat(outboxCheck.getString("status"), is("UP"));
        assertThat(outboxCheck.getJsonObject("data").getString("worker"), is("running"));
        assertThat(outboxCheck.getJsonObject("data").getString("sender"), is("recording"));
        assertThat(outboxCheck.getJsonObject("data").getJsonNumber("pending").longValue(), is(0L));
        assertThat(check("/health/live", "outbox").getString("status"), is("UP"));
        assertThat(client.get("/health/ready").requestEntity(String.class), not(containsString("outbox")));
    }

    private JsonObject check(String path, String name) {
        JsonObject health = jakarta.json.Json.createReader(
                        new java.io.StringReader(client.get(path).requestEntity(String.class)))
                .readObject();
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing in " + health));
    }

    /** The value of the first sample line starting with {@code prefix} (name plus the start of its labels). */
    private static Optional<Double> value(String metrics, String prefix) {
        return metrics.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst();
    }
}

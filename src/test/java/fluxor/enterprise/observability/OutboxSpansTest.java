package fluxor.enterprise.observability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox worker in traces: one {@code outbox.deliver} span per delivered batch; idle polls export nothing. */
class OutboxSpansTest {
    private static final OtlpReceiver RECEIVER = new OtlpReceiver();
    private static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2,
            Map.of(
                    "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + RECEIVER.port(),
                    "otel.bsp.schedule.delay", "100",
                    "events.poll-interval", "PT0.05S"));

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final ApiClient api = SERVER.api();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    private static List<String> names() {
        return RECEIVER.spans().stream().map(OtlpReceiver.ReceivedSpan::name).toList();
    }

    @Test
    void idlePollsExportNoSpansAndADeliveryExportsOne() throws Exception {
        Thread.sleep(1_500); // ~30 idle polls
        List<String> idle = names();
        assertThat("spans while idle: " + idle, idle.isEmpty(), is(true));

        ApiClient.Res reg = api.register("traced@example.com", "a decent passphrase", "Traced User");
        assertThat(reg.body(), reg.status(), is(Status.CREATED_201));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!names().contains("outbox.deliver") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(names(), hasItem("outbox.deliver"));
    }
}

package fluxor.enterprise.observability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans leave the service over OTLP/HTTP to {@code otel.exporter.otlp.endpoint}: the server span of a request
 * (named by its route template, continuing the caller's W3C trace) with the DbClient statement span as its child.
 * Subclasses pick the database; each runs in its own JVM (Surefire reuseForks=false), so the global
 * OpenTelemetry is the one the service builds from its config.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceExportContract {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    private final OtlpReceiver receiver = new OtlpReceiver();

    @RegisterExtension
    final TestServer server;

    private final Http1Client client;

    TraceExportContract(TestDatabases.Kind kind) {
        TestApp app = TestApp.on(
                kind,
                Map.of(
                        "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + receiver.port(),
                        "otel.service.name", "fluxor-trace-test",
                        "otel.bsp.schedule.delay", "100"));
        // a route of the app that runs one statement, registered like every other route (so it has a template)
        this.server = TestServer.start(
                app,
                a -> a.routes().get("/test/db/{n}", (req, res) -> {
                    long rows =
                            a.database().client().execute().query("SELECT 1").count();
                    res.send("rows " + rows);
                }));
        this.client = server.client();
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    private OtlpReceiver receiver() {
        return receiver;
    }

    @Test
    void serverSpanWithDatabaseChildContinuesTheIncomingTrace() {
        ClientResponseTyped<String> res = client.get("/test/db/42")
                .header(HeaderNames.create("traceparent"), "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                .request(String.class);
        assertThat(res.status(), is(Status.OK_200));

        List<OtlpReceiver.ReceivedSpan> trace = waitFor(
                () -> {
                    List<OtlpReceiver.ReceivedSpan> spans = receiver().spans().stream()
                            .filter(s -> s.traceId().equals(TRACE_ID))
                            .toList();
                    boolean server =
                            spans.stream().anyMatch(s -> s.parentSpanId().equals(PARENT_SPAN_ID));
                    return server && spans.size() >= 2 ? Optional.of(spans) : Optional.empty();
                },
                () -> "spans received: " + receiver().spans());
        OtlpReceiver.ReceivedSpan server = trace.stream()
                .filter(s -> s.parentSpanId().equals(PARENT_SPAN_ID))
                .findFirst()
                .orElseThrow();
        assertThat("server span named by route template, never the raw path", server.name(), is("GET /test/db/{n}"));
        assertThat("SPAN_KIND_SERVER", server.kind(), is(2));
        // Helidon adds "content-write" under the server span; DbClient names its span after the statement (an
        // ad-hoc statement gets a generated name), kind CLIENT
        List<OtlpReceiver.ReceivedSpan> db = trace.stream()
                .filter(s ->
                        s.parentSpanId().equals(server.spanId()) && !s.name().equals("content-write"))
                .toList();
        assertThat("one DB statement span under the server span: " + trace, db.size(), is(1));
        assertThat(receiver().contentTypes(), hasItem(startsWith("application/x-protobuf")));
    }

    static <T> T waitFor(Supplier<Optional<T>> probe, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not met within 15 s; " + what.get());
    }
}

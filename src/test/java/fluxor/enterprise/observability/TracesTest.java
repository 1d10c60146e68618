package fluxor.enterprise.observability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traces.span: a child of the current span, current while the work runs, marked as error when it throws. */
class TracesTest {
    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    static {
        // this class runs in its own JVM (reuseForks=false): the global SDK here is the test's
        OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(EXPORTER))
                        .build())
                .buildAndRegisterGlobal();
    }

    @Test
    @SuppressWarnings("try") // the scope only makes the parent current
    void childSpanOfTheCurrentSpanCurrentWhileTheWorkRuns() {
        Span parent =
                GlobalOpenTelemetry.getTracer("test").spanBuilder("request").startSpan();
        String seenInside;
        try (Scope ignored = parent.makeCurrent()) {
            seenInside = Traces.span(
                    "password.hash", () -> Span.current().getSpanContext().getSpanId());
        } finally {
            parent.end();
        }
        SpanData hash = find("password.hash");
        assertThat(hash.getParentSpanId(), is(parent.getSpanContext().getSpanId()));
        assertThat(hash.getTraceId(), is(parent.getSpanContext().getTraceId()));
        assertThat("current while the work runs (log lines carry its ids)", seenInside, is(hash.getSpanId()));
    }

    @Test
    void failedWorkIsAnErrorSpanAndTheExceptionPropagates() {
        assertThrows(
                IllegalStateException.class,
                () -> Traces.span("outbox.deliver", (Runnable) () -> {
                    throw new IllegalStateException("smtp down");
                }));
        SpanData span = find("outbox.deliver");
        assertThat(span.getStatus().getStatusCode(), is(StatusCode.ERROR));
        assertThat(span.getEvents().get(0).getName(), is("exception"));
    }

    private static SpanData find(String name) {
        List<SpanData> spans = EXPORTER.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
        assertThat(spans.size(), is(1));
        return spans.get(0);
    }
}

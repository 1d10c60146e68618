package fluxor.enterprise.observability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK built from config: OTLP/HTTP base URL handling, and the sampling ratio for new traces while a sampled
 * caller is always followed. (Own JVM per test class: the global SDK here is the one this class installs.)
 */
class TelemetryTest {
    private static final Telemetry TELEMETRY =
            Telemetry.install(TestApp.config(Map.of("otel.traces.sampler.arg", "0.0")));

    @Test
    void tracesPathIsAddedToTheBaseEndpointOnce() {
        assertThat(Telemetry.tracesUrl("http://collector:4318"), is("http://collector:4318/v1/traces"));
        assertThat(Telemetry.tracesUrl("http://collector:4318/"), is("http://collector:4318/v1/traces"));
        assertThat(Telemetry.tracesUrl("http://collector:4318/v1/traces"), is("http://collector:4318/v1/traces"));
    }

    @Test
    void ratioZeroSamplesNoNewTraceButFollowsASampledCaller() {
        var tracer = GlobalOpenTelemetry.getTracer("test");
        Span root = tracer.spanBuilder("new trace").startSpan();
        assertThat(
                "ids exist for logs even when not sampled",
                root.getSpanContext().isValid(),
                is(true));
        assertThat(root.getSpanContext().isSampled(), is(false));
        root.end();

        SpanContext caller = SpanContext.createFromRemoteParent(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        Span child = tracer.spanBuilder("continued")
                .setParent(Context.root().with(Span.wrap(caller)))
                .startSpan();
        assertThat(child.getSpanContext().isSampled(), is(true));
        assertThat(child.getSpanContext().getTraceId(), is(caller.getTraceId()));
        child.end();
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        TELEMETRY.close();
    }
}

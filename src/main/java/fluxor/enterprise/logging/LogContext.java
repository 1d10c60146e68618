package fluxor.enterprise.logging;

import io.helidon.logging.common.HelidonMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.function.BiConsumer;

/** The per-request fields every log line carries: request, trace, span and user. */
final class LogContext {
    private LogContext() {}

    static void forEach(BiConsumer<String, String> sink) {
        HelidonMdc.get("request_id").ifPresent(v -> sink.accept("request_id", v));
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            sink.accept("trace_id", span.getTraceId());
            sink.accept("span_id", span.getSpanId());
        }
        HelidonMdc.get("user_id").ifPresent(v -> sink.accept("user_id", v));
    }
}

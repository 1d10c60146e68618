package fluxor.enterprise.observability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * Child spans for work worth seeing in a trace (password hashing, outbox delivery):
 * {@code String hash = Traces.span("password.hash", () -> hasher.hash(pw));}. The span is a child of the
 * current one (the request's server span) and is current while the work runs, so log lines carry its ids.
 */
public final class Traces {
    // A valid but unsampled parent: the parent-based sampler drops every span started under it.
    private static final SpanContext UNSAMPLED = SpanContext.create(
            "f1a0f1a0f1a0f1a0f1a0f1a0f1a0f1a0", "f1a0f1a0f1a0f1a0", TraceFlags.getDefault(), TraceState.getDefault());

    private Traces() {}

    /**
     * Runs background housekeeping (e.g. the outbox worker's idle poll, once a second) without exporting a trace
     * per run: spans started meanwhile, DbClient's statement spans included, have an unsampled parent.
     */
    @SuppressWarnings("try") // the scope is only opened and closed: it makes the unsampled parent current
    public static <T> T untraced(Supplier<T> work) {
        try (Scope ignored = Context.current().with(Span.wrap(UNSAMPLED)).makeCurrent()) {
            return work.get();
        }
    }

    private static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer("fluxor.enterprise");
    }

    @SuppressWarnings("try") // the scope is only opened and closed: it makes the span current meanwhile
    public static <T> T span(String name, Supplier<T> work) {
        Span span = tracer().spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    public static void span(String name, Runnable work) {
        span(name, () -> {
            work.run();
            return null;
        });
    }
}

package fluxor.enterprise.observability;

import java.util.function.Supplier;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * Child spans for work worth seeing in a trace (password hashing, outbox delivery):
 * {@code String hash = Traces.span("password.hash", () -> hasher.hash(pw));}. The span is a child of the
 * current one (the request's server span) and is current while the work runs, so log lines carry its ids.
 */
public final class Traces {
    private Traces() {
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

package fluxor.enterprise.observability;

import io.helidon.common.context.Context;
import io.helidon.common.context.Contexts;
import io.helidon.logging.common.HelidonMdc;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Carries the request's logging and tracing context into work a handler hands to another thread:
 * {@code Thread.ofVirtual().start(RequestScope.propagate(() -> ...))}. Lines logged there carry the request's
 * {@code request_id}, {@code user_id}, {@code trace_id} and {@code span_id}, and spans started there are children
 * of the request's span.
 */
public final class RequestScope {
    private static final String[] MDC_KEYS = {"request_id", "user_id"};

    private RequestScope() {}

    public static Runnable propagate(Runnable task) {
        Callable<Void> callable = propagate(() -> {
            task.run();
            return null;
        });
        return () -> {
            try {
                callable.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @SuppressWarnings("try") // the OTel scope is only opened and closed: it makes the trace current meanwhile
    public static <T> Callable<T> propagate(Callable<T> task) {
        io.opentelemetry.context.Context otel = io.opentelemetry.context.Context.current();
        Optional<Context> helidon = Contexts.context();
        String[] values = new String[MDC_KEYS.length];
        for (int i = 0; i < MDC_KEYS.length; i++) {
            values[i] = HelidonMdc.get(MDC_KEYS[i]).orElse(null);
        }
        return () -> {
            for (int i = 0; i < MDC_KEYS.length; i++) {
                if (values[i] != null) {
                    HelidonMdc.set(MDC_KEYS[i], values[i]);
                }
            }
            try (io.opentelemetry.context.Scope ignored = otel.makeCurrent()) {
                return helidon.isPresent() ? Contexts.runInContext(helidon.get(), task) : task.call();
            } finally {
                for (String key : MDC_KEYS) {
                    HelidonMdc.remove(key);
                }
            }
        };
    }
}

package fluxor.enterprise.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * At most {@code limit} requests in flight; the excess is refused at once with 503 and Retry-After instead of
 * queueing. Health probes and metric scrapes are never shed: an overloaded instance must still say so.
 */
final class Backpressure {
    private final Semaphore permits;
    private final Counter shed;

    Backpressure(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("max.concurrent.requests (MAX_CONCURRENT_REQUESTS) must be at least 1");
        }
        this.permits = new Semaphore(limit);
        this.shed = Metrics.globalRegistry()
                .getOrCreate(Counter.builder("http.requests.shed")
                        .description("Requests refused with 503 because too many were in flight"));
    }

    Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (EdgePaths.isOperational(req.path().path())) {
            chain.proceed();
            return;
        }
        if (!permits.tryAcquire()) {
            shed.increment();
            throw AppException.RetryLater.unavailable("The service is busy; retry shortly.", Duration.ofSeconds(1));
        }
        try {
            chain.proceed();
        } finally {
            permits.release();
        }
    }
}

package fluxor.enterprise.observability;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.RequestId;
import fluxor.enterprise.http.Routes;
import fluxor.enterprise.logging.AccessLog;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outermost application filter: per-route RED metrics, the in-flight gauge, the access log line and the
 * server span's name. Labels are the route template ({@code /api/v1/users/{id}}, never a raw id; requests no
 * route matched share {@code route="unmatched"}), the method and the status class ({@code 2xx}...).
 * <p>
 * Prometheus names: {@code http_server_requests_seconds} (histogram: {@code _bucket}, {@code _count},
 * {@code _sum}) and {@code http_server_requests_active}.
 */
public final class HttpMetrics {
    static final String UNMATCHED = "unmatched";
    /** Logging-context key authentication sets ({@code HelidonMdc.set("user_id", id)}); cleared after each request. */
    public static final String USER_ID = "user_id";

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };
    // any token is a method to HTTP/1.1: unknown ones share one label so clients cannot grow the series count
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("http.request_id");

    private final Routes routes;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(Routes routes) {
        this.routes = routes;
        this.registry = Metrics.globalRegistry();
        registry.getOrCreate(Gauge.builder("http.server.requests.active", inFlight, AtomicInteger::get)
                .description("HTTP requests being served right now"));
    }

    public Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        int status = 500;
        try {
            chain.proceed();
            status = res.status().code();
        } catch (RuntimeException | Error e) {
            // thrown by a later filter: the error mapping outside the chain turns it into this status
            status = statusOf(e);
            throw e;
        } finally {
            inFlight.decrementAndGet();
            long elapsed = System.nanoTime() - start;
            String method = req.prologue().method().text();
            Optional<Routes.Route> route = routes.matched(req);
            String template = route.map(Routes.Route::path).orElse(UNMATCHED);
            timer(template, KNOWN_METHODS.contains(method) ? method : "OTHER", status)
                    .record(Duration.ofNanos(elapsed));
            Span span = Span.current();
            if (span.getSpanContext().isValid()) {
                span.updateName(method + " " + template);
                span.setAttribute(HTTP_ROUTE, template);
                req.context().get(RequestId.class).ifPresent(id -> span.setAttribute(REQUEST_ID, id.value()));
            }
            // the request id filter has already cleared the logging context: restore it for this line
            String id = RequestId.of(req);
            if (!id.isEmpty()) {
                HelidonMdc.set(RequestId.MDC_KEY, id);
            }
            try {
                AccessLog.log(method, req.prologue().uriPath().path(), status, res.bytesWritten(), elapsed, template);
            } finally {
                HelidonMdc.remove(RequestId.MDC_KEY);
                // set by authentication for this request's lines; the connection's thread serves the next request
                HelidonMdc.remove(USER_ID);
            }
        }
    }

    private Timer timer(String route, String method, int status) {
        String statusClass = (status / 100) + "xx";
        return timers.computeIfAbsent(
                route + ' ' + method + ' ' + statusClass,
                k -> registry.getOrCreate(Timer.builder("http.server.requests")
                        .description("HTTP requests by route template, method and status class")
                        .tags(java.util.List.of(
                                Tag.create("route", route),
                                Tag.create("method", method),
                                Tag.create("status", statusClass)))
                        .percentiles(new double[0]) // no client-side quantiles: a histogram aggregates, they do not
                        .buckets(BUCKETS)));
    }

    static int statusOf(Throwable e) {
        if (e instanceof AppException a) {
            return a.status().code();
        }
        if (e instanceof RequestException r) {
            return r.status().code();
        }
        if (e instanceof HttpException h) {
            return h.status().code();
        }
        return 500;
    }
}

package fluxor.enterprise.http;

import io.github.bucket4j.ConsumptionProbe;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;

/**
 * A token bucket per client IP: {@code rate.limit.per.minute} for the API, the stricter
 * {@code auth.rate.limit.per.minute} for {@code /api/v1/auth/*}. Allowed responses carry {@code RateLimit-*}
 * headers; the excess gets a 429 problem with {@code Retry-After}. Health and metrics are exempt. Buckets live in
 * memory ({@code rate.limit.backend: memory}, bounded), in PostgreSQL ({@code postgres}) or in Redis ({@code redis}),
 * the last two shared by instances. A store outage lets requests pass: logged once per outage, counted in
 * {@code rate_limit_store_failures_total}, and shown in the {@code rate-limit} readiness check, which stays UP.
 */
final class RateLimit implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(RateLimit.class.getName());
    static final String AUTH_PREFIX = "/api/v1/auth/";
    private static final Duration STORE_RETRY = Duration.ofSeconds(5);

    /** One kind of bucket: its capacity, refilled evenly over {@code period}. */
    record Limit(String name, long capacity, Duration period) {}

    private final Limit general;
    private final Limit auth;
    private final ClientIp clientIp;
    private final RateLimitBuckets buckets;
    private final Counter limited;
    private final Counter storeFailures;
    private volatile boolean storeDown;
    // After a store failure, skip the store for a few seconds: a down database must not add its connect
    // timeout to every request.
    private volatile long skipStoreUntil;

    RateLimit(Limit general, Limit auth, ClientIp clientIp, RateLimitBuckets buckets) {
        this.general = general;
        this.auth = auth;
        this.clientIp = clientIp;
        this.buckets = buckets;
        this.limited = Metrics.globalRegistry()
                .getOrCreate(Counter.builder("http.requests.rate_limited")
                        .description("Requests refused with 429 because the client's rate limit was spent"));
        this.storeFailures = Metrics.globalRegistry()
                .getOrCreate(Counter.builder("rate.limit.store.failures")
                        .description("Rate-limit store calls that failed (the request passed unlimited)"));
    }

    static RateLimit create(Config config) {
        Duration period = config.get("rate.limit.period").as(Duration.class).orElse(Duration.ofMinutes(1));
        long perPeriod = config.get("rate.limit.per.minute").asLong().orElse(1000L);
        long authPerPeriod = config.get("auth.rate.limit.per.minute").asLong().orElse(30L);
        if (perPeriod < 1 || authPerPeriod < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate.limit.per.minute and auth.rate.limit.per.minute must be at least 1"
                    + " and rate.limit.period positive");
        }
        String backend = Ascii.lower(
                config.get("rate.limit.backend").asString().orElse("memory").trim());
        RateLimitBuckets buckets = switch (backend) {
            case "memory" ->
                new MemoryBuckets(config.get("rate.limit.max.buckets").asInt().orElse(100_000));
            case "postgres", "postgresql" -> PostgresBuckets.create(config);
            case "redis" -> RedisBuckets.create(config);
            default ->
                throw new IllegalArgumentException(
                        "rate.limit.backend (RATE_LIMIT_BACKEND) must be memory, postgres or redis, not " + backend);
        };
        ClientIp clientIp =
                ClientIp.trusting(config.get("trusted.proxies").asString().orElse(""));
        return new RateLimit(
                new Limit("api", perPeriod, period), new Limit("auth", authPerPeriod, period), clientIp, buckets);
    }

    String describe() {
        return "rate limit " + general.capacity() + " (auth " + auth.capacity() + ") per " + general.period()
                + " per client IP in "
                + backendName()
                + (clientIp.trustsProxies() ? ", X-Forwarded-For from trusted proxies" : "");
    }

    Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (EdgePaths.isOperational(path)) {
            chain.proceed();
            return;
        }
        Limit limit = path.startsWith(AUTH_PREFIX) || path.equals("/api/v1/auth") ? auth : general;
        ClientAddress client = ClientAddress.of(clientIp.client(req));
        req.context().register(client);
        String key = limit.name() + ":" + client.key();
        ConsumptionProbe probe;
        long start = System.nanoTime();
        if (start - skipStoreUntil < 0) {
            chain.proceed();
            return;
        }
        try {
            probe = buckets.consume(key, limit);
        } catch (RuntimeException e) {
            // The limiter's store being down must not take the service down with it: let the request through.
            storeFailures.increment();
            skipStoreUntil = System.nanoTime() + STORE_RETRY.toNanos();
            if (!storeDown) {
                storeDown = true;
                LOGGER.log(
                        Level.WARNING,
                        "rate limit store unavailable; requests pass unlimited until it answers again: "
                                + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            chain.proceed();
            return;
        }
        if (storeDown) {
            storeDown = false;
            LOGGER.log(Level.INFO, "rate limit store answers again; limits apply");
        }
        EdgeHeaders.set(req.context(), res, "RateLimit-Limit", String.valueOf(limit.capacity()));
        EdgeHeaders.set(req.context(), res, "RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        EdgeHeaders.set(req.context(), res, "RateLimit-Reset", String.valueOf(seconds(probe.getNanosToWaitForReset())));
        if (!probe.isConsumed()) {
            limited.increment();
            throw AppException.RetryLater.tooManyRequests(
                    "Too many requests from this client; retry later.",
                    Duration.ofSeconds(seconds(probe.getNanosToWaitForRefill())));
        }
        chain.proceed();
    }

    /** Readiness detail: UP even while the store is down (requests still pass), but it says so. */
    HealthCheck healthCheck() {
        String backend = backendName();
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "rate-limit";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder()
                        .status(true)
                        .detail("backend", backend)
                        .detail("store", storeDown ? "unavailable: requests pass unlimited" : "up")
                        .detail("store_failures", storeFailures.count())
                        .build();
            }
        };
    }

    private String backendName() {
        return buckets.getClass().getSimpleName().replace("Buckets", "").toLowerCase(Locale.ROOT);
    }

    /** Whole seconds, rounded up, at least 1 (a client told 0 would retry at once). */
    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    @Override
    public void close() {
        buckets.close();
    }
}

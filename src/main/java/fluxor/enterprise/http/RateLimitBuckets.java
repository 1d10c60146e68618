package fluxor.enterprise.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.helidon.config.Config;
import java.time.Duration;

/** Where the token buckets live. */
interface RateLimitBuckets extends AutoCloseable {
    /** Takes one token from the bucket {@code key} (created full on first use). */
    ConsumptionProbe consume(String key, RateLimit.Limit limit);

    @Override
    default void close() {}

    static BucketConfiguration configuration(RateLimit.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period())
                        .build())
                .build();
    }

    /**
     * How a shared backend's bucket proxy talks to its store. Requests that arrive together are merged into one
     * round trip (batching: exact). When {@code rate.limit.sync.share} of the capacity is at least one token, an
     * instance also takes up to that many tokens locally before it writes back, and writes back at least every
     * {@code rate.limit.sync.interval} (delaying): with the default 1 % of 1000 per minute, each instance may let
     * through up to 10 requests more than the shared limit, in exchange for one round trip per 10 requests.
     */
    static Optimization optimization(Config config, RateLimit.Limit limit) {
        double share = config.get("rate.limit.sync.share").asDouble().orElse(0.01);
        Duration interval =
                config.get("rate.limit.sync.interval").as(Duration.class).orElse(Duration.ofMillis(500));
        long unsynced = (long) (limit.capacity() * share);
        return unsynced < 1
                ? Optimizations.batching()
                : Optimizations.delaying(new DelayParameters(unsynced, interval));
    }
}

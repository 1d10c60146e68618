package fluxor.enterprise.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

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
}

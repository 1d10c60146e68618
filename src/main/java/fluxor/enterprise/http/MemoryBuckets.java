package fluxor.enterprise.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/** Buckets of one instance only, bounded (see {@link BucketCache}). */
final class MemoryBuckets implements RateLimitBuckets {
    private final BucketCache<Bucket> buckets;

    MemoryBuckets(int maxBuckets) {
        this.buckets = new BucketCache<>(
                maxBuckets,
                (key, limit) -> Bucket.builder()
                        .addLimit(RateLimitBuckets.configuration(limit).getBandwidths()[0])
                        .build());
    }

    @Override
    public ConsumptionProbe consume(String key, RateLimit.Limit limit) {
        return buckets.get(key, limit).tryConsumeAndReturnRemaining(1);
    }

    int size() {
        return buckets.size();
    }
}

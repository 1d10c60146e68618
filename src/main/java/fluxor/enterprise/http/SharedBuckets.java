package fluxor.enterprise.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.util.concurrent.batch.BatchHelper;
import io.helidon.config.Config;
import java.util.function.Supplier;

/**
 * The client side of a shared store (Redis, PostgreSQL): one cached pair of proxies per client. The optimized one
 * (see {@link RateLimitBuckets#optimization}) serves requests; Bucket4j's batching cannot create a bucket that is
 * missing (first use, or expired in the store while this instance still caches it), so then the plain one, which
 * creates it, serves that request.
 */
final class SharedBuckets {
    private record Proxies(Bucket optimized, Bucket plain) {}

    private final BucketCache<Proxies> proxies;

    SharedBuckets(Config config, Supplier<ProxyManager<String>> manager, String keyPrefix) {
        this.proxies = new BucketCache<>(
                config.get("rate.limit.max.buckets").asInt().orElse(100_000),
                (key, limit) -> new Proxies(
                        manager.get()
                                .builder()
                                .withOptimization(RateLimitBuckets.optimization(config, limit))
                                .build(keyPrefix + key, () -> RateLimitBuckets.configuration(limit)),
                        manager.get().builder().build(keyPrefix + key, () -> RateLimitBuckets.configuration(limit))));
    }

    ConsumptionProbe consume(String key, RateLimit.Limit limit) {
        Proxies bucket = proxies.get(key, limit);
        try {
            return bucket.optimized().tryConsumeAndReturnRemaining(1);
        } catch (BucketNotFoundException e) {
            return bucket.plain().tryConsumeAndReturnRemaining(1);
        } catch (BatchHelper.BatchFailedException e) {
            if (!(e.getCause() instanceof BucketNotFoundException)) {
                throw e;
            }
            return bucket.plain().tryConsumeAndReturnRemaining(1);
        }
    }
}

package fluxor.enterprise.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Buckets of one instance, in a map with a hard size cap and idle expiry, so a flood of distinct client
 * addresses cannot exhaust the heap: the least recently used bucket goes first, and a bucket idle for a whole
 * refill period is dropped (it would be full again, so dropping it changes nothing for its client).
 */
final class MemoryBuckets implements RateLimitBuckets {
    private final int maxBuckets;
    private final LinkedHashMap<String, Entry> buckets = new LinkedHashMap<>(1024, 0.75f, true);

    private static final class Entry {
        final Bucket bucket;
        long lastUsed;

        Entry(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    MemoryBuckets(int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("rate.limit.max.buckets must be at least 1");
        }
        this.maxBuckets = maxBuckets;
    }

    @Override
    public ConsumptionProbe consume(String key, RateLimit.Limit limit) {
        long now = System.nanoTime();
        Bucket bucket;
        synchronized (buckets) {
            expireIdle(now, limit.period().toNanos());
            Entry entry = buckets.get(key);
            if (entry == null) {
                entry = new Entry(Bucket.builder()
                        .addLimit(RateLimitBuckets.configuration(limit).getBandwidths()[0])
                        .build());
                buckets.put(key, entry);
                if (buckets.size() > maxBuckets) {
                    Iterator<Map.Entry<String, Entry>> eldest =
                            buckets.entrySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            entry.lastUsed = now;
            bucket = entry.bucket;
        }
        return bucket.tryConsumeAndReturnRemaining(1);
    }

    // The map is in access order: idle entries are at the head. A few per call keeps each call O(1).
    private void expireIdle(long now, long idleNanos) {
        Iterator<Entry> it = buckets.values().iterator();
        for (int i = 0; i < 4 && it.hasNext(); i++) {
            if (now - it.next().lastUsed >= idleNanos) {
                it.remove();
            } else {
                return;
            }
        }
    }

    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}

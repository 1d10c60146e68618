package fluxor.enterprise.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The buckets one instance holds, in a map with a hard size cap and idle expiry, so a flood of distinct client
 * addresses cannot exhaust the heap: the least recently used bucket goes first, and a bucket idle for a whole
 * refill period is dropped (it would be full again, so dropping it changes nothing for its client). The memory
 * backend keeps its buckets here; the shared backends keep their proxies here, because a proxy carries the
 * state of its optimization (tokens taken locally and not yet written back).
 */
final class BucketCache<B> {
    private final int maxBuckets;
    private final BiFunction<String, RateLimit.Limit, B> factory;
    private final LinkedHashMap<String, Entry> buckets = new LinkedHashMap<>(1024, 0.75f, true);

    private final class Entry {
        final B bucket;
        long lastUsed;

        Entry(B bucket) {
            this.bucket = bucket;
        }
    }

    BucketCache(int maxBuckets, BiFunction<String, RateLimit.Limit, B> factory) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("rate.limit.max.buckets must be at least 1");
        }
        this.maxBuckets = maxBuckets;
        this.factory = factory;
    }

    B get(String key, RateLimit.Limit limit) {
        long now = System.nanoTime();
        synchronized (buckets) {
            expireIdle(now, limit.period().toNanos());
            Entry entry = buckets.get(key);
            if (entry == null) {
                entry = new Entry(factory.apply(key, limit));
                buckets.put(key, entry);
                if (buckets.size() > maxBuckets) {
                    Iterator<Map.Entry<String, Entry>> eldest =
                            buckets.entrySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            entry.lastUsed = now;
            return entry.bucket;
        }
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

package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.Races;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import io.github.bucket4j.ConsumptionProbe;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Standing in for a race detector (issue 6): many virtual threads take tokens from the same buckets at once, and
 * exactly as many are allowed as the buckets hold, on both backends. The period is an hour so that no token
 * refills while the threads run, which keeps the expected counts exact on a slow machine.
 */
class RateLimitBucketsRaceTest {
    private static final int THREADS = 200;
    private static final Duration NO_REFILL_DURING_TEST = Duration.ofHours(1);

    @Test
    void memoryBucketAllowsExactlyItsCapacityToManyThreadsAtOnce() throws Exception {
        RateLimit.Limit limit = new RateLimit.Limit("api", 37, NO_REFILL_DURING_TEST);
        MemoryBuckets buckets = new MemoryBuckets(1000);
        assertThat(allowed(buckets, limit, i -> "api:192.0.2.1"), is(Map.of("api:192.0.2.1", 37)));
        assertThat(
                "the bucket stays empty",
                buckets.consume("api:192.0.2.1", limit).isConsumed(),
                is(false));
        assertThat(buckets.size(), is(1));
    }

    @Test
    void bucketsCreatedConcurrentlyForTheSameClientAreOneBucket() throws Exception {
        // 20 clients, 10 threads each, all starting at once: each client's first use races to create its bucket.
        RateLimit.Limit limit = new RateLimit.Limit("api", 3, NO_REFILL_DURING_TEST);
        MemoryBuckets buckets = new MemoryBuckets(1000);
        Map<String, Integer> allowed = allowed(buckets, limit, i -> "api:198.51.100." + (i % 20));
        assertThat(allowed.size(), is(20));
        allowed.forEach((client, n) -> assertThat(client, n, is(3)));
        assertThat(buckets.size(), is(20));
    }

    @Test
    void postgresBucketAllowsExactlyItsCapacityToManyThreadsAtOnce() throws Exception {
        Map<String, String> overrides = new HashMap<>(TestDatabases.fresh(TestDatabases.Kind.POSTGRES));
        overrides.put("rate.limit.pool.max", "5");
        overrides.put("rate.limit.period", NO_REFILL_DURING_TEST.toString());
        Config config = TestApp.config(overrides);
        try (Database database = Database.create(config)) {
            database.migrate(); // the rate_limit_buckets table
        }
        RateLimit.Limit limit = new RateLimit.Limit("api", 25, NO_REFILL_DURING_TEST);
        try (PostgresBuckets buckets = PostgresBuckets.create(config)) {
            Map<String, Integer> allowed =
                    allowed(buckets, limit, i -> i % 2 == 0 ? "api:203.0.113.1" : "api:203.0.113.2");
            assertThat(allowed, is(Map.of("api:203.0.113.1", 25, "api:203.0.113.2", 25)));
            assertThat(buckets.consume("api:203.0.113.1", limit).isConsumed(), is(false));
        }
    }

    /** {@link #THREADS} virtual threads released together, thread i consuming from {@code key(i)}. */
    private static Map<String, Integer> allowed(
            RateLimitBuckets buckets, RateLimit.Limit limit, java.util.function.IntFunction<String> key)
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            keys.add(key.apply(i));
        }
        List<Future<ConsumptionProbe>> probes = Races.run(THREADS, i -> () -> buckets.consume(keys.get(i), limit));
        Map<String, Integer> allowed = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < THREADS; i++) {
            ConsumptionProbe probe = probes.get(i).resultNow();
            seen.merge(keys.get(i), 1, Integer::sum);
            if (probe.isConsumed()) {
                allowed.merge(keys.get(i), 1, Integer::sum);
                assertThat("remaining never negative", probe.getRemainingTokens() >= 0, is(true));
            } else {
                assertThat("a refusal says when to retry", probe.getNanosToWaitForRefill() > 0, is(true));
                allowed.putIfAbsent(keys.get(i), 0);
            }
        }
        assertThat(seen.values().stream().mapToInt(Integer::intValue).sum(), is(THREADS));
        return allowed;
    }
}

package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestRedis;
import fluxor.enterprise.db.Database;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The accuracy the shared backends trade for fewer round trips: two instances taking turns on one client's bucket
 * let through exactly its capacity when {@code rate.limit.sync.share} is 0, and at most the unsynchronized share
 * per instance more when it is not.
 */
class SharedBucketsSyncTest {
    private static final RateLimit.Limit LIMIT = new RateLimit.Limit("api", 100, Duration.ofHours(1));

    @Test
    void redisWithoutSyncShareIsExact() {
        assertThat(allowedByTwoInstances(redis("0"), RedisBuckets::create), is(100));
    }

    @Test
    void redisWithSyncShareOvershootsByAtMostTheShareOfEachInstance() {
        // 5 % of 100: each instance may spend 5 tokens it has not written back
        assertThat(
                allowedByTwoInstances(redis("0.05"), RedisBuckets::create),
                allOf(greaterThanOrEqualTo(100), lessThanOrEqualTo(110)));
    }

    @Test
    void postgresWithSyncShareOvershootsByAtMostTheShareOfEachInstance() {
        Config config = postgres("0.05");
        assertThat(
                allowedByTwoInstances(config, PostgresBuckets::create),
                allOf(greaterThanOrEqualTo(100), lessThanOrEqualTo(110)));
    }

    private static int allowedByTwoInstances(Config config, Function<Config, RateLimitBuckets> store) {
        int allowed = 0;
        try (RateLimitBuckets a = store.apply(config);
                RateLimitBuckets b = store.apply(config)) {
            for (int i = 0; i < 300; i++) {
                if ((i % 2 == 0 ? a : b).consume("api:192.0.2.7", LIMIT).isConsumed()) {
                    allowed++;
                }
            }
        }
        return allowed;
    }

    private static Config redis(String share) {
        Map<String, String> overrides = new HashMap<>(TestRedis.backend());
        overrides.put("rate.limit.sync.share", share);
        overrides.put("rate.limit.sync.interval", "PT1H");
        return TestApp.config(overrides);
    }

    private static Config postgres(String share) {
        Map<String, String> overrides = new HashMap<>(TestDatabases.fresh(TestDatabases.Kind.POSTGRES));
        overrides.put("rate.limit.sync.share", share);
        overrides.put("rate.limit.sync.interval", "PT1H");
        Config config = TestApp.config(overrides);
        try (Database database = Database.create(config)) {
            database.migrate(); // the rate_limit_buckets table
        }
        return config;
    }
}

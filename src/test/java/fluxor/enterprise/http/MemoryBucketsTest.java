package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryBucketsTest {
    private static final RateLimit.Limit LIMIT = new RateLimit.Limit("api", 5, Duration.ofMinutes(1));

    @Test
    void aFloodOfDistinctClientsCannotGrowTheMapPastItsCap() {
        MemoryBuckets buckets = new MemoryBuckets(1000);
        for (int i = 0; i < 200_000; i++) {
            buckets.consume("api:10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), LIMIT);
        }
        assertThat(buckets.size(), lessThanOrEqualTo(1000));
    }

    @Test
    void anActiveClientKeepsItsBucket() {
        MemoryBuckets buckets = new MemoryBuckets(1000);
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.consume("api:192.0.2.1", LIMIT).isConsumed(), is(true));
        }
        assertThat(buckets.consume("api:192.0.2.1", LIMIT).isConsumed(), is(false));
    }

    @Test
    void idleBucketsExpire() throws InterruptedException {
        RateLimit.Limit shortLimit = new RateLimit.Limit("api", 5, Duration.ofMillis(50));
        MemoryBuckets buckets = new MemoryBuckets(1000);
        buckets.consume("api:a", shortLimit);
        buckets.consume("api:b", shortLimit);
        Thread.sleep(120);
        buckets.consume("api:c", shortLimit);
        assertThat(buckets.size(), is(1));
    }
}

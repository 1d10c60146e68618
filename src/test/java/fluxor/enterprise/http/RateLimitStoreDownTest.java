package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.bucket4j.ConsumptionProbe;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the bucket store (PostgreSQL) fails, requests pass unlimited instead of failing: the limiter fails open. */
@ServerTest
class RateLimitStoreDownTest {
    static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();
    private final Http1Client client;

    RateLimitStoreDownTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        RateLimitBuckets broken = new RateLimitBuckets() {
            @Override
            public ConsumptionProbe consume(String key, RateLimit.Limit limit) {
                CALLS.incrementAndGet();
                throw new IllegalStateException("connection refused");
            }
        };
        RateLimit.Limit limit = new RateLimit.Limit("api", 1, Duration.ofMinutes(1));
        routing.addFilter(new RateLimit(limit, limit, ClientIp.trusting(""), broken).filter())
                .get("/x", (req, res) -> res.send("ok"));
    }

    @Test
    void requestsPassWhenTheStoreIsDown() {
        for (int i = 0; i < 3; i++) {
            ClientResponseTyped<String> res = client.get("/x").request(String.class);
            assertThat(res.status().code(), is(200));
            assertThat(res.entity(), is("ok"));
            assertThat(
                    res.headers().first(HeaderNames.create("RateLimit-Limit")).isPresent(), is(false));
        }
        assertThat("a failed store is not asked again at once", CALLS.get(), is(1));
    }
}

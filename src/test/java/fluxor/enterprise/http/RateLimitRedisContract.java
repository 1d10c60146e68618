package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestRedis;
import fluxor.enterprise.TestServer;
import io.helidon.http.Status;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances sharing one limit through Redis ({@code rate.limit.backend=redis}), as behind a load balancer: each
 * has its own database, the bucket of a client lives in Redis under the configured prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RateLimitRedisContract {
    private final Map<String, String> overrides;

    @RegisterExtension
    final TestServer first;

    @RegisterExtension
    final TestServer second;

    RateLimitRedisContract(TestDatabases.Kind kind) {
        overrides = new HashMap<>(TestRedis.backend());
        overrides.put("rate.limit.per.minute", "4");
        overrides.put("rate.limit.period", "PT1M");
        first = TestServer.start(kind, overrides);
        second = TestServer.start(kind, overrides);
    }

    @Test
    void instancesShareOneLimitPerClient() {
        ApiClient a = first.api();
        ApiClient b = second.api();
        assertThat(a.get("/", null).header("RateLimit-Remaining"), is("3"));
        assertThat(b.get("/", null).header("RateLimit-Remaining"), is("2"));
        assertThat(a.get("/", null).header("RateLimit-Remaining"), is("1"));
        assertThat(b.get("/", null).header("RateLimit-Remaining"), is("0"));
        for (ApiClient refused : new ApiClient[] {a, b}) {
            ApiClient.Res res = refused.get("/", null);
            assertThat(res.status(), is(Status.TOO_MANY_REQUESTS_429));
            assertThat(res.header("RateLimit-Limit"), is("4"));
            assertThat(Long.parseLong(res.header("Retry-After")), allOf(greaterThan(0L), lessThanOrEqualTo(60L)));
            assertThat(res.contentType(), is("application/problem+json"));
        }
        assertThat("health is never limited", b.get("/health/live", null).status(), is(Status.OK_200));

        RedisClient redis = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            String key = overrides.get("redis.key.prefix") + "api:127.0.0.1";
            assertThat("the bucket is in Redis", connection.sync().exists(key), is(1L));
            assertThat("and expires", connection.sync().pttl(key), greaterThan(0L));
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void readinessNamesTheBackendAndItsStore() {
        JsonObject check = rateLimitCheck(first.api());
        assertThat(check.getString("status"), is("UP"));
        assertThat(check.getJsonObject("data").getString("backend"), is("redis"));
        assertThat(check.getJsonObject("data").getString("store"), is("up"));
    }

    /** The {@code rate-limit} entry of {@code /health}. */
    static JsonObject rateLimitCheck(ApiClient api) {
        return api.get("/health", null).json().getJsonArray("checks").stream()
                .map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("rate-limit"))
                .findFirst()
                .orElseThrow();
    }
}

package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestRedis;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.health.TcpProxy;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis going away while the service runs (through a TCP proxy inside the test): requests pass unlimited instead
 * of failing, readiness stays UP but says the store is unavailable, the failures are counted; once Redis answers
 * again the limit applies again, without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RateLimitRedisOutageContract {
    private final TcpProxy proxy;

    @RegisterExtension
    final TestServer server;

    RateLimitRedisOutageContract(TestDatabases.Kind kind) {
        Map<String, String> overrides = new HashMap<>(TestRedis.backend());
        URI redis = URI.create(TestRedis.url());
        try {
            proxy = new TcpProxy(redis.getHost(), redis.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        overrides.put("redis.url", "redis://127.0.0.1:" + proxy.port());
        overrides.put("rate.limit.per.minute", "3");
        server = TestServer.start(kind, overrides);
    }

    @AfterAll
    void closeProxy() {
        proxy.close();
    }

    @Test
    void requestsPassWhileRedisIsDownAndTheLimitReturnsWithIt() throws InterruptedException {
        ApiClient api = server.api();
        assertThat(api.get("/", null).header("RateLimit-Remaining"), is("2"));

        proxy.cut();
        for (int i = 0; i < 5; i++) { // more than the 2 tokens left: nothing is limited, nothing fails
            ApiClient.Res res = api.get("/", null);
            assertThat(res.status(), is(Status.OK_200));
            assertThat(res.header("RateLimit-Limit"), is(nullValue()));
        }
        assertThat(api.get("/health/ready", null).status(), is(Status.OK_200));
        var check = RateLimitRedisContract.rateLimitCheck(api);
        assertThat(check.getString("status"), is("UP"));
        assertThat(check.getJsonObject("data").getString("store"), containsString("unavailable"));
        assertThat(
                api.get("/metrics", null).body(),
                matchesPattern("(?s).*\\nrate_limit_store_failures_total(\\{[^}]*})? [1-9][0-9.E]*\\n.*"));

        proxy.restore();
        String remaining = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; remaining == null && System.nanoTime() < deadline; ) {
            Thread.sleep(250);
            remaining = api.get("/", null).header("RateLimit-Remaining");
        }
        assertThat("limits apply again once Redis answers", remaining, is("1"));
        assertThat(
                RateLimitRedisContract.rateLimitCheck(api).getJsonObject("data").getString("store"), is("up"));
    }
}

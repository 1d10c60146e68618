package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-client token buckets, in memory. The test client sits behind a "trusted proxy" (the loopback peer), so each
 * test is its own client through {@code X-Forwarded-For}.
 */
@ServerTest
class RateLimitTest {
    static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2,
            Map.of(
                    "rate.limit.per.minute", "3",
                    "auth.rate.limit.per.minute", "2",
                    "rate.limit.period", "PT3S",
                    "trusted.proxies", "10.0.0.0/8, 127.0.0.1"));

    private final Http1Client client;

    RateLimitTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        APP.routing(routing);
    }

    static ClientResponseTyped<String> call(Http1Client client, Method method, String path, String forwardedFor) {
        var request = client.method(method).path(path);
        if (forwardedFor != null) {
            request.header(HeaderNames.create("X-Forwarded-For"), forwardedFor);
        }
        return request.request(String.class);
    }

    private ClientResponseTyped<String> get(String path, String forwardedFor) {
        return call(client, Method.GET, path, forwardedFor);
    }

    static String header(ClientResponseTyped<String> res, String name) {
        return res.headers().first(HeaderNames.create(name)).orElse(null);
    }

    static void assertTooManyRequests(ClientResponseTyped<String> res, String limit) {
        assertThat(res.entity(), res.status().code(), is(429));
        assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/problem+json"));
        JsonObject body = ProblemAssertions.json(res.entity());
        assertThat(body.getInt("status"), is(429));
        assertThat(body.getString("request_id"), is(header(res, "X-Request-Id")));
        ProblemAssertions.assertNoLeaks(body);
        assertThat(Integer.parseInt(header(res, "Retry-After")), greaterThanOrEqualTo(1));
        assertThat(header(res, "RateLimit-Limit"), is(limit));
        assertThat(header(res, "RateLimit-Remaining"), is("0"));
        assertThat(Integer.parseInt(header(res, "RateLimit-Reset")), greaterThanOrEqualTo(1));
        assertThat(header(res, "X-Content-Type-Options"), is("nosniff"));
    }

    @Test
    void requestOverTheLimitGets429WithRateLimitHeaders() {
        for (int i = 1; i <= 3; i++) {
            ClientResponseTyped<String> ok = get("/", "203.0.113.1");
            assertThat(ok.status().code(), is(200));
            assertThat(header(ok, "RateLimit-Limit"), is("3"));
            assertThat(header(ok, "RateLimit-Remaining"), is(String.valueOf(3 - i)));
            assertThat(Integer.parseInt(header(ok, "RateLimit-Reset")), lessThanOrEqualTo(3));
        }
        assertTooManyRequests(get("/", "203.0.113.1"), "3");
    }

    @Test
    void healthAndMetricsAreNeverLimited() {
        for (int i = 0; i < 4; i++) {
            get("/", "203.0.113.2");
        }
        assertTooManyRequests(get("/", "203.0.113.2"), "3");
        for (String path : new String[] {"/health/live", "/health/ready", "/health", "/metrics"}) {
            for (int i = 0; i < 5; i++) {
                ClientResponseTyped<String> res = get(path, "203.0.113.2");
                assertThat(path, res.status().code(), is(200));
                assertThat(header(res, "RateLimit-Limit"), is((String) null));
            }
        }
    }

    @Test
    void bucketsRefill() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/", "203.0.113.3").status().code(), is(200));
        }
        ClientResponseTyped<String> limited = get("/", "203.0.113.3");
        assertTooManyRequests(limited, "3");
        Thread.sleep(Integer.parseInt(header(limited, "Retry-After")) * 1000L + 100);
        assertThat(get("/", "203.0.113.3").status().code(), is(200));
    }

    @Test
    void authPathsHaveTheirOwnStricterBucket() {
        for (int i = 0; i < 2; i++) {
            ClientResponseTyped<String> res = call(client, Method.POST, "/api/v1/auth/login", "203.0.113.4");
            assertThat(res.status().code(), not(429));
            assertThat(header(res, "RateLimit-Limit"), is("2"));
        }
        assertTooManyRequests(call(client, Method.POST, "/api/v1/auth/login", "203.0.113.4"), "2");
        assertTooManyRequests(call(client, Method.POST, "/api/v1/auth/register", "203.0.113.4"), "2");
        ClientResponseTyped<String> other = get("/", "203.0.113.4");
        assertThat(other.status().code(), is(200));
        assertThat(header(other, "RateLimit-Limit"), is("3"));
    }

    @Test
    void theClientIsTheRightMostUntrustedHop() {
        for (int i = 0; i < 3; i++) {
            // different spoofed left-most values, same real client 198.51.100.7 seen by a trusted 10.x proxy
            assertThat(
                    get("/", "1.1.1." + i + ", 198.51.100.7, 10.1.2.3").status().code(), is(200));
        }
        assertTooManyRequests(get("/", "9.9.9.9, 198.51.100.7"), "3");
        // another client through the same proxies is unaffected
        assertThat(get("/", "198.51.100.8, 10.1.2.3").status().code(), is(200));
    }

    @Test
    void garbageInForwardedForCannotDodgeTheLimit() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/", "not-an-ip-" + i + ", 198.51.100.9").status().code(), is(200));
        }
        assertTooManyRequests(get("/", "<script>, 198.51.100.9"), "3");
    }
}

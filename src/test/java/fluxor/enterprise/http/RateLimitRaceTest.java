package fluxor.enterprise.http;

import static fluxor.enterprise.http.RateLimitTest.assertTooManyRequests;
import static fluxor.enterprise.http.RateLimitTest.call;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.Races;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The rate limit under a burst (issue 6, standing in for a race detector): 200 requests from one client, sent by
 * as many virtual threads at once, and exactly the configured number get through; every other one is a proper 429.
 * An hour-long period means no token refills during the burst, so the count is exact.
 */
@ServerTest
class RateLimitRaceTest {
    private static final int LIMIT = 20;
    private static final int REQUESTS = 200;
    static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2,
            Map.of(
                    "rate.limit.per.minute", Integer.toString(LIMIT),
                    "rate.limit.period", "PT1H",
                    "trusted.proxies", "127.0.0.1"));

    private final Http1Client client;

    RateLimitRaceTest(Http1Client client) {
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

    @Test
    void aBurstFromOneClientGetsExactlyTheLimitThrough() throws Exception {
        // Initializes the helper classes before the burst (health is not rate limited): virtual threads racing
        // into a class initializer pin their carriers, which the pinned-threads check would report.
        call(client, Method.GET, "/health/live", "203.0.113.77");
        int ok = 0;
        int limited = 0;
        for (Future<ClientResponseTyped<String>> response :
                Races.run(REQUESTS, i -> () -> call(client, Method.GET, "/", "203.0.113.77"))) {
            ClientResponseTyped<String> res = response.resultNow();
            if (res.status().code() == 200) {
                ok++;
            } else {
                assertTooManyRequests(res, Integer.toString(LIMIT));
                limited++;
            }
        }
        assertThat(ok, is(LIMIT));
        assertThat(limited, is(REQUESTS - LIMIT));
        assertThat(
                "another client is unaffected",
                call(client, Method.GET, "/", "203.0.113.78").status().code(),
                is(200));
    }
}

package fluxor.enterprise.http;

import static fluxor.enterprise.http.RateLimitTest.assertTooManyRequests;
import static fluxor.enterprise.http.RateLimitTest.call;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without trusted proxies, X-Forwarded-For is ignored: a client cannot mint new identities with it. */
@ServerTest
class RateLimitUntrustedPeerTest {
    static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, Map.of("rate.limit.per.minute", "3"));

    private final Http1Client client;

    RateLimitUntrustedPeerTest(Http1Client client) {
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
    void spoofedForwardedForIsIgnored() {
        for (int i = 0; i < 3; i++) {
            assertThat(call(client, Method.GET, "/", "203.0.113." + i).status().code(), is(200));
        }
        assertTooManyRequests(call(client, Method.GET, "/", "203.0.113.99"), "3");
        assertTooManyRequests(call(client, Method.GET, "/", null), "3");
    }
}

package fluxor.enterprise.http;

import static fluxor.enterprise.http.CorsDefaultDenyTest.get;
import static fluxor.enterprise.http.CorsDefaultDenyTest.preflight;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wildcard (development only; refused in production) never comes with credentials. */
@ServerTest
class CorsWildcardTest {
    static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, Map.of("cors.allowed.origins", "*"));
    private final int port;

    CorsWildcardTest(WebServer server) {
        this.port = server.port();
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
    void wildcardNeverAllowsCredentials() throws Exception {
        RawHttp.Response pre = preflight(port, "https://anything.example", "GET", "Authorization");
        assertThat(pre.text(), pre.status(), is(200));
        assertThat(pre.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
        RawHttp.Response res = get(port, "/", "https://anything.example");
        assertThat(res.status(), is(200));
        assertThat(res.header("Access-Control-Allow-Origin").orElse(null), is("*"));
        assertThat(res.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
    }
}

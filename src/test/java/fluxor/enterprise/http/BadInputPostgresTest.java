package fluxor.enterprise.http;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;

@ServerTest
class BadInputPostgresTest extends BadInputContract {
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.POSTGRES, overrides());

    BadInputPostgresTest(WebServer server) {
        super(server.port(), APP.config());
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        APP.routing(routing);
        testRoutes(APP.app());
    }
}

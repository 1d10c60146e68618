package fluxor.enterprise.auth;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestKeys;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;

@ServerTest
class TokenAttacksPostgresTest extends TokenAttacksContract {
    private static final TestKeys KEYS = TestKeys.create();
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.POSTGRES, overrides(KEYS));

    TokenAttacksPostgresTest(Http1Client client) {
        super(client, KEYS);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        APP.routing(routing);
    }
}

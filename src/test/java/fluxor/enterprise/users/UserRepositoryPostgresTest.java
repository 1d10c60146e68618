package fluxor.enterprise.users;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;

@ServerTest
class UserRepositoryPostgresTest extends UserRepositoryContract {
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.POSTGRES, overrides());

    UserRepositoryPostgresTest(Http1Client client) {
        super(client, APP.config());
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

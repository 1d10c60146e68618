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
class UserJourneyH2Test extends UserJourneyContract {
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, overrides());

    UserJourneyH2Test(Http1Client client) {
        super(client);
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

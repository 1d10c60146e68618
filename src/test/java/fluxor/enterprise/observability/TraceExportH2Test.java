package fluxor.enterprise.observability;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;

@ServerTest
class TraceExportH2Test extends TraceExportContract {
    private static final OtlpReceiver RECEIVER = new OtlpReceiver();
    private static final TestApp APP = app(TestDatabases.Kind.H2, RECEIVER);

    TraceExportH2Test(Http1Client client) {
        super(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing(APP, routing);
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Override
    OtlpReceiver receiver() {
        return RECEIVER;
    }
}

package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class BadInputPostgresTest extends BadInputContract {
    @RegisterExtension
    static final TestServer SERVER =
            TestServer.start(TestDatabases.Kind.POSTGRES, overrides(), BadInputContract::testRoutes);

    BadInputPostgresTest() {
        super(SERVER.port(), SERVER.testApp().config());
    }
}

package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class BadInputH2Test extends BadInputContract {
    @RegisterExtension
    static final TestServer SERVER = TestServer.start(TestDatabases.Kind.H2, overrides(), BadInputContract::testRoutes);

    BadInputH2Test() {
        super(SERVER.port(), SERVER.testApp().config());
    }
}

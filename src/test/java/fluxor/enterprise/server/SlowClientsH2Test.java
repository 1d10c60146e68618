package fluxor.enterprise.server;

import fluxor.enterprise.TestDatabases;

class SlowClientsH2Test extends SlowClientsContract {
    SlowClientsH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

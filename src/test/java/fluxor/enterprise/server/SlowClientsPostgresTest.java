package fluxor.enterprise.server;

import fluxor.enterprise.TestDatabases;

class SlowClientsPostgresTest extends SlowClientsContract {
    SlowClientsPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class RevocationsPostgresTest extends RevocationsContract {
    RevocationsPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

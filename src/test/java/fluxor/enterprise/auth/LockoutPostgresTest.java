package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class LockoutPostgresTest extends LockoutContract {
    LockoutPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

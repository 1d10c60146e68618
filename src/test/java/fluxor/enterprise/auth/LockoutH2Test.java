package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class LockoutH2Test extends LockoutContract {
    LockoutH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class RevocationsH2Test extends RevocationsContract {
    RevocationsH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class SessionsH2Test extends SessionsContract {
    SessionsH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

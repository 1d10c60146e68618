package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class SessionsPostgresTest extends SessionsContract {
    SessionsPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

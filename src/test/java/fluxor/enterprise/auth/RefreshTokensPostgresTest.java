package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class RefreshTokensPostgresTest extends RefreshTokensContract {
    RefreshTokensPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class RefreshTokensH2Test extends RefreshTokensContract {
    RefreshTokensH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

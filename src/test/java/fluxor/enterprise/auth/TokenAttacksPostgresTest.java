package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class TokenAttacksPostgresTest extends TokenAttacksContract {
    TokenAttacksPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

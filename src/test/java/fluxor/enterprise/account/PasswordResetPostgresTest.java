package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class PasswordResetPostgresTest extends PasswordResetContract {
    PasswordResetPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

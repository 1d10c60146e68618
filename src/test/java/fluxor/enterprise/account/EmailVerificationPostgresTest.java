package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class EmailVerificationPostgresTest extends EmailVerificationContract {
    EmailVerificationPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

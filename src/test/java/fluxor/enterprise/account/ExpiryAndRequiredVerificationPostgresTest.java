package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class ExpiryAndRequiredVerificationPostgresTest extends ExpiryAndRequiredVerificationContract {
    ExpiryAndRequiredVerificationPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

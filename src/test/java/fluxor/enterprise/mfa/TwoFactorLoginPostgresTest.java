package fluxor.enterprise.mfa;

import fluxor.enterprise.TestDatabases;

class TwoFactorLoginPostgresTest extends TwoFactorLoginContract {
    TwoFactorLoginPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

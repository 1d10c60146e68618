package fluxor.enterprise.mfa;

import fluxor.enterprise.TestDatabases;

class TwoFactorLoginH2Test extends TwoFactorLoginContract {
    TwoFactorLoginH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

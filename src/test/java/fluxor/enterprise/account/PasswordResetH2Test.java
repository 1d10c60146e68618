package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class PasswordResetH2Test extends PasswordResetContract {
    PasswordResetH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

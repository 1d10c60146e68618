package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class EmailVerificationH2Test extends EmailVerificationContract {
    EmailVerificationH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

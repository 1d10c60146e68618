package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class ExpiryAndRequiredVerificationH2Test extends ExpiryAndRequiredVerificationContract {
    ExpiryAndRequiredVerificationH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

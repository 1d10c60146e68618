package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class EmailChangeAndUnlockH2Test extends EmailChangeAndUnlockContract {
    EmailChangeAndUnlockH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

package fluxor.enterprise.account;

import fluxor.enterprise.TestDatabases;

class EmailChangeAndUnlockPostgresTest extends EmailChangeAndUnlockContract {
    EmailChangeAndUnlockPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

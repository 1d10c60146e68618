package fluxor.enterprise.users;

import fluxor.enterprise.TestDatabases;

class ConditionalUpdatesPostgresTest extends ConditionalUpdatesContract {
    ConditionalUpdatesPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.users;

import fluxor.enterprise.TestDatabases;

class ConditionalUpdatesH2Test extends ConditionalUpdatesContract {
    ConditionalUpdatesH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

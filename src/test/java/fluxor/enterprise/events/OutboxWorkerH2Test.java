package fluxor.enterprise.events;

import org.junit.jupiter.api.BeforeAll;

import fluxor.enterprise.TestDatabases;

class OutboxWorkerH2Test extends OutboxWorkerContract {
    @BeforeAll
    static void database() {
        open(TestDatabases.Kind.H2);
    }
}

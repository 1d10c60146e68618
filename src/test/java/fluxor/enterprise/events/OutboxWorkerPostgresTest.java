package fluxor.enterprise.events;

import org.junit.jupiter.api.BeforeAll;

import fluxor.enterprise.TestDatabases;

class OutboxWorkerPostgresTest extends OutboxWorkerContract {
    @BeforeAll
    static void database() {
        open(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.events;

import fluxor.enterprise.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class OutboxWorkerPostgresTest extends OutboxWorkerContract {
    @BeforeAll
    static void database() {
        open(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.events;

import fluxor.enterprise.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

class OutboxWorkerH2Test extends OutboxWorkerContract {
    @BeforeAll
    static void database() {
        open(TestDatabases.Kind.H2);
    }
}

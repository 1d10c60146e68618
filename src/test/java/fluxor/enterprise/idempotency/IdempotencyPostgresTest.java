package fluxor.enterprise.idempotency;

import fluxor.enterprise.TestDatabases;

class IdempotencyPostgresTest extends IdempotencyContract {
    IdempotencyPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

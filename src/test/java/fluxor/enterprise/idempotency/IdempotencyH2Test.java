package fluxor.enterprise.idempotency;

import fluxor.enterprise.TestDatabases;

class IdempotencyH2Test extends IdempotencyContract {
    IdempotencyH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

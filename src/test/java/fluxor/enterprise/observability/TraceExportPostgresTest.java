package fluxor.enterprise.observability;

import fluxor.enterprise.TestDatabases;

class TraceExportPostgresTest extends TraceExportContract {
    TraceExportPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

package fluxor.enterprise.observability;

import fluxor.enterprise.TestDatabases;

class TraceExportH2Test extends TraceExportContract {
    TraceExportH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

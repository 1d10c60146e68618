package fluxor.enterprise;

class FoundationRoutesPostgresTest extends FoundationRoutesContract {
    FoundationRoutesPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

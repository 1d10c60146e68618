package fluxor.enterprise;

class FoundationRoutesH2Test extends FoundationRoutesContract {
    FoundationRoutesH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

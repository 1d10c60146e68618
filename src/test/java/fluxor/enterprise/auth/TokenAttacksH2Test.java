package fluxor.enterprise.auth;

import fluxor.enterprise.TestDatabases;

class TokenAttacksH2Test extends TokenAttacksContract {
    TokenAttacksH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

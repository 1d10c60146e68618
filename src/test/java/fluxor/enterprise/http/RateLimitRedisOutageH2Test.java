package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;

class RateLimitRedisOutageH2Test extends RateLimitRedisOutageContract {
    RateLimitRedisOutageH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

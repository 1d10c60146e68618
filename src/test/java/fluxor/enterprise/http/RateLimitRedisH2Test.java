package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;

class RateLimitRedisH2Test extends RateLimitRedisContract {
    RateLimitRedisH2Test() {
        super(TestDatabases.Kind.H2);
    }
}

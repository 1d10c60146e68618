package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;

class RateLimitRedisPostgresTest extends RateLimitRedisContract {
    RateLimitRedisPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

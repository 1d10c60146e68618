package fluxor.enterprise.http;

import fluxor.enterprise.TestDatabases;

class RateLimitRedisOutagePostgresTest extends RateLimitRedisOutageContract {
    RateLimitRedisOutagePostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}

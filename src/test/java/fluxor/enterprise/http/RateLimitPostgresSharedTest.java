package fluxor.enterprise.http;

import static fluxor.enterprise.http.RateLimitTest.assertTooManyRequests;
import static fluxor.enterprise.http.RateLimitTest.call;
import static fluxor.enterprise.http.RateLimitTest.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TwoInstances;
import io.helidon.config.Config;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL schema, as behind a load balancer: one client, one shared limit. */
class RateLimitPostgresSharedTest {
    private static TwoInstances instances;

    @BeforeAll
    static void start() {
        instances = TwoInstances.onPostgres(
                Map.of("rate.limit.backend", "postgres", "rate.limit.per.minute", "4", "rate.limit.period", "PT1M"));
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void instancesShareOneLimitPerClient() throws Exception {
        Http1Client a = instances.first();
        Http1Client b = instances.second();
        Config config = instances.config();
        assertThat(call(a, Method.GET, "/", null).status().code(), is(200));
        assertThat(header(call(b, Method.GET, "/", null), "RateLimit-Remaining"), is("2"));
        assertThat(header(call(a, Method.GET, "/", null), "RateLimit-Remaining"), is("1"));
        assertThat(header(call(b, Method.GET, "/", null), "RateLimit-Remaining"), is("0"));
        assertTooManyRequests(call(a, Method.GET, "/", null), "4");
        assertTooManyRequests(call(b, Method.GET, "/", null), "4");
        assertThat(call(b, Method.GET, "/health/live", null).status().code(), is(200));
        try (Connection c = DriverManager.getConnection(
                        config.get("db.url").asString().get(),
                        config.get("db.user").asString().get(),
                        config.get("db.password").asString().orElse(""));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rate_limit_buckets WHERE expires_at IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1), greaterThanOrEqualTo(1));
        }
    }
}

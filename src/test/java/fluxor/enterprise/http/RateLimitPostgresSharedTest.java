package fluxor.enterprise.http;

import static fluxor.enterprise.http.RateLimitTest.assertTooManyRequests;
import static fluxor.enterprise.http.RateLimitTest.call;
import static fluxor.enterprise.http.RateLimitTest.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.App;
import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.config.Config;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL schema, as behind a load balancer: one client, one shared limit. */
class RateLimitPostgresSharedTest {
    private static Config config;
    private static App first;
    private static App second;
    private static WebServer firstServer;
    private static WebServer secondServer;

    @BeforeAll
    static void start() {
        Map<String, String> overrides = new HashMap<>(TestDatabases.postgres());
        overrides.put("seed.data", "false");
        overrides.put("server.port", "0");
        overrides.put("server.host", "127.0.0.1");
        overrides.put("rate.limit.backend", "postgres");
        overrides.put("rate.limit.per.minute", "4");
        overrides.put("rate.limit.period", "PT1M");
        config = TestApp.config(overrides);
        Config.global(config);
        first = App.create(config);
        firstServer = first.start();
        second = App.create(config);
        secondServer = second.start();
    }

    @AfterAll
    static void stop() {
        for (WebServer server : new WebServer[] {firstServer, secondServer}) {
            if (server != null) {
                server.stop();
            }
        }
        for (App app : new App[] {first, second}) {
            if (app != null) {
                app.close();
            }
        }
    }

    private static Http1Client client(WebServer server) {
        return Http1Client.builder()
                .baseUri("http://127.0.0.1:" + server.port())
                .build();
    }

    @Test
    void instancesShareOneLimitPerClient() throws Exception {
        Http1Client a = client(firstServer);
        Http1Client b = client(secondServer);
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

package fluxor.enterprise.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readiness follows the database without a restart: the pool reaches PostgreSQL through a TCP proxy inside the
 * test; cutting the proxy turns /health/ready to 503 (liveness stays 200), restoring it brings 200 back.
 */
class ReadinessFollowsDatabaseTest {
    private static final TcpProxy PROXY;
    private static final TestApp APP;

    static {
        Map<String, String> db = new HashMap<>(TestDatabases.postgres());
        URI target = URI.create(db.get("db.url").substring("jdbc:".length()));
        try {
            PROXY = new TcpProxy(target.getHost(), target.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String proxied =
                db.get("db.url").replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + PROXY.port());
        db.put("db.url", proxied);
        // fail fast while cut: a health probe must answer well within a load balancer's timeout
        db.put("db.connection.connectionTimeout", "1000");
        db.put("db.connection.validationTimeout", "500");
        APP = TestApp.on(TestDatabases.Kind.POSTGRES, db);
    }

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final Http1Client client = SERVER.client();

    @AfterAll
    static void stop() {
        PROXY.close();
    }

    @Test
    void readinessGoesDownWhenTheDatabaseIsCutAndUpWhenItReturns() {
        assertThat(client.get("/health/ready").request(String.class).status(), is(Status.OK_200));

        PROXY.cut();
        ClientResponseTyped<String> down = awaitStatus("/health/ready", Status.SERVICE_UNAVAILABLE_503);
        assertThat(down.entity(), containsString("\"name\":\"db\",\"status\":\"DOWN\""));
        assertThat("no driver error text in the body", down.entity(), containsString("database unreachable"));
        assertThat(client.get("/health/live").request(String.class).status(), is(Status.OK_200));
        assertThat(client.get("/health").request(String.class).status(), is(Status.SERVICE_UNAVAILABLE_503));
        String metrics = client.get("/metrics").request(String.class).entity();
        assertThat(metrics, containsString("db_up{scope=\"application\",} 0.0"));

        // An API call that needs the database fails fast with a retryable 503 problem, not a 500.
        long start = System.nanoTime();
        ClientResponseTyped<String> login = client.post("/api/v1/auth/login")
                .contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"email\":\"someone@example.com\",\"password\":\"a decent passphrase\"}", String.class);
        assertThat(login.status(), is(Status.SERVICE_UNAVAILABLE_503));
        assertThat(login.headers().first(HeaderNames.RETRY_AFTER).orElse(""), is("5"));
        assertThat(login.headers().contentType().orElseThrow().mediaType().text(), is("application/problem+json"));
        assertThat(login.entity(), containsString("\"detail\":\"The database is unavailable; retry shortly.\""));
        assertThat(login.entity(), not(containsString("jdbc")));
        assertThat(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, is(true));

        PROXY.restore();
        ClientResponseTyped<String> up = awaitStatus("/health/ready", Status.OK_200);
        assertThat(up.entity(), containsString("\"name\":\"db\",\"status\":\"UP\""));
        assertThat(
                client.get("/metrics").request(String.class).entity(),
                containsString("db_up{scope=\"application\",} 1.0"));
    }

    private ClientResponseTyped<String> awaitStatus(String path, Status wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ClientResponseTyped<String> last = null;
        while (System.nanoTime() < deadline) {
            last = client.get(path).request(String.class);
            if (last.status().equals(wanted)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(path + " never answered " + wanted + "; last: " + last.status() + " " + last.entity());
    }
}

package fluxor.enterprise;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routes every deployment has, checked over a real socket; subclasses pick the database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FoundationRoutesContract {
    @RegisterExtension
    final TestServer server;

    private final Http1Client client;

    FoundationRoutesContract(TestDatabases.Kind kind) {
        this.server = TestServer.start(kind, Map.of());
        this.client = server.client();
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    @Test
    void rootDescribesTheService() {
        ClientResponseTyped<String> res = client.get("/").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/json"));
        JsonObject body = json(res.entity());
        assertThat(body.getString("service"), is("fluxor-enterprise"));
        assertThat(body.getString("status"), is("ok"));
        assertThat(body.getString("version"), matchesPattern("\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndARequestId() {
        ClientResponseTyped<String> res = client.get("/").request(String.class);
        assertThat(
                res.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(), matchesPattern("[0-9a-f-]{36}"));
        assertThat(
                res.headers()
                        .first(HeaderNames.create("X-Content-Type-Options"))
                        .orElseThrow(),
                is("nosniff"));
        assertThat(res.headers().first(HeaderNames.create("X-Frame-Options")).orElseThrow(), is("DENY"));
        assertThat(
                res.headers()
                        .first(HeaderNames.create("Content-Security-Policy"))
                        .orElseThrow(),
                is("default-src 'none'; frame-ancestors 'none'"));
        assertThat(res.headers().first(HeaderNames.create("Referrer-Policy")).orElseThrow(), is("no-referrer"));
        assertThat(res.headers().first(HeaderNames.CACHE_CONTROL).orElseThrow(), is("no-store"));
    }

    @Test
    void echoesASaneClientRequestIdAndReplacesAnInsaneOne() {
        ClientResponseTyped<String> sane = client.get("/")
                .header(HeaderNames.create("X-Request-Id"), "abc-123.X_y")
                .request(String.class);
        assertThat(sane.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(), is("abc-123.X_y"));
        ClientResponseTyped<String> insane = client.get("/nope")
                .header(HeaderNames.create("X-Request-Id"), "<script>alert(1)</script>")
                .request(String.class);
        String id = insane.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow();
        assertThat(id, not(containsString("<")));
        assertThat(json(insane.entity()).getString("request_id"), is(id));
    }

    @Test
    void livenessIsUp() {
        ClientResponseTyped<String> res = client.get("/health/live").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(json(res.entity()).getString("status"), is("UP"));
    }

    @Test
    void readinessIsUpWithDatabaseAndMigrations() {
        ClientResponseTyped<String> res = client.get("/health/ready").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(res.entity(), containsString("\"name\":\"db\",\"status\":\"UP\""));
        assertThat(res.entity(), containsString("\"name\":\"migrations\",\"status\":\"UP\""));
    }

    @Test
    void detailedHealthListsEveryCheck() {
        ClientResponseTyped<String> res = client.get("/health").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        for (String check : new String[] {"db", "migrations", "shutdown", "diskSpace", "heapMemory", "deadlock"}) {
            assertThat(res.entity(), containsString("\"name\":\"" + check + "\""));
        }
    }

    @Test
    void metricsArePrometheusText() {
        client.get("/").request(String.class);
        ClientResponseTyped<String> res = client.get("/metrics").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("text/plain"));
        assertThat(res.entity(), containsString("# TYPE "));
    }

    @Test
    void unknownPathIs404Problem() {
        ClientResponseTyped<String> res = client.get("/no/such/thing").request(String.class);
        assertThat(res.status(), is(Status.NOT_FOUND_404));
        assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/problem+json"));
        JsonObject body = json(res.entity());
        assertThat(body.getInt("status"), is(404));
        assertThat(body.getString("instance"), is("/no/such/thing"));
        assertThat(body.getString("type"), startsWith("https://"));
        assertThat(
                res.headers()
                        .first(HeaderNames.create("X-Content-Type-Options"))
                        .orElseThrow(),
                is("nosniff"));
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() {
        ClientResponseTyped<String> res =
                client.method(io.helidon.http.Method.DELETE).path("/").request(String.class);
        assertThat(res.status(), is(Status.METHOD_NOT_ALLOWED_405));
        assertThat(res.headers().first(HeaderNames.ALLOW).orElseThrow(), is("GET, HEAD"));
        assertThat(json(res.entity()).getInt("status"), is(405));
    }
}

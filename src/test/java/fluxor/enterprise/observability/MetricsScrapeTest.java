package fluxor.enterprise.observability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics after a known sequence of requests: exact per-route counts, no raw ids in labels, clean names. */
class MetricsScrapeTest {
    private static final TestApp APP = TestApp.on(TestDatabases.Kind.H2);

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP, app -> {
        app.routes()
                .get(
                        "/test/items/{id}",
                        (req, res) -> res.send(req.path().pathParameters().get("id")));
    });

    private final Http1Client client = SERVER.client();

    @Test
    void perRouteCountsLatencyAndInFlightAfterAKnownSequence() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/").request(String.class).status(), is(Status.OK_200));
        }
        for (String id : List.of("0190a1b2-raw-id-1", "0190a1b2-raw-id-2")) {
            assertThat(client.get("/test/items/" + id).request(String.class).status(), is(Status.OK_200));
        }
        assertThat(client.get("/no/such/1").request(String.class).status(), is(Status.NOT_FOUND_404));
        assertThat(client.get("/no/such/2").request(String.class).status(), is(Status.NOT_FOUND_404));
        assertThat(
                client.method(Method.DELETE).path("/").request(String.class).status(),
                is(Status.METHOD_NOT_ALLOWED_405));
        client.method(Method.create("FLUXORPROBE")).path("/").request(String.class);

        String text = scrape();
        assertThat(
                text,
                containsString(
                        "http_server_requests_seconds_count{method=\"GET\",route=\"/\",scope=\"application\",status=\"2xx\",} 3.0"));
        assertThat(
                text,
                containsString("http_server_requests_seconds_count{method=\"GET\",route=\"/test/items/{id}\","
                        + "scope=\"application\",status=\"2xx\",} 2.0"));
        assertThat(
                text,
                containsString("http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\","
                        + "scope=\"application\",status=\"4xx\",} 2.0"));
        assertThat(
                text,
                containsString("http_server_requests_seconds_count{method=\"DELETE\",route=\"unmatched\","
                        + "scope=\"application\",status=\"4xx\",} 1.0"));
        // a histogram with buckets, for p99 by route in PromQL
        assertThat(text, containsString("# TYPE http_server_requests_seconds histogram"));
        assertThat(
                text,
                containsString("http_server_requests_seconds_bucket{method=\"GET\",route=\"/\","
                        + "scope=\"application\",status=\"2xx\",le=\"+Inf\",} 3.0"));
        assertThat("no client-side quantiles", text, not(containsString("quantile=")));
        assertThat("raw ids never become labels", text, not(containsString("raw-id")));
        assertThat("unknown methods share one label", text, not(containsString("FLUXORPROBE")));
        assertThat(text, containsString("method=\"OTHER\",route=\"unmatched\""));
        assertThat(text, not(containsString("/no/such")));
        // the scrape itself is the one request in flight
        assertThat(text, containsString("http_server_requests_active{scope=\"application\",} 1.0"));
        assertThat(text, containsString("http_requests_shed_total{scope=\"application\",} 0.0"));
    }

    @Test
    void jvmProcessAndPoolMetersArePresentWithPrometheusStyleNames() {
        String text = scrape();
        Set<String> names = names(text);
        assertThat(
                names,
                hasItems(
                        "jvm_memory_used_bytes",
                        "jvm_memory_max_bytes",
                        "jvm_threads_live",
                        "jvm_threads_deadlocked",
                        "jvm_gc_collections_total",
                        "jvm_classes_loaded",
                        "process_cpu_usage",
                        "process_uptime_seconds",
                        "process_open_fds",
                        "process_start_time_seconds",
                        "hikaricp_connections_active",
                        "hikaricp_connections_idle",
                        "hikaricp_connections_pending",
                        "hikaricp_connections_max",
                        "hikaricp_connections_timeout_total",
                        "http_server_requests_active",
                        "db_up"));
        List<String> bad =
                names.stream().filter(n -> !n.matches("[a-z_][a-z0-9_]*")).toList();
        assertThat("snake_case names only (Helidon's camelCase base meters are off)", bad, is(empty()));
        assertThat(text, not(containsString("scope=\"base\"")));
        // Hikari's own meters, for the pool the DbClient built from application.yaml
        assertThat(text, containsString("hikaricp_connections_max{pool=\"fluxor\",} 10.0"));
        assertThat(text, containsString("hikaricp_connections_timeout_total{pool=\"fluxor\",} 0.0"));
    }

    @Test
    void openMetricsWhenAsked() {
        ClientResponseTyped<String> res = client.get("/metrics")
                .header(io.helidon.http.HeaderNames.ACCEPT, "application/openmetrics-text;version=1.0.0")
                .request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        assertThat(res.entity().trim().endsWith("# EOF"), is(true));
    }

    private String scrape() {
        ClientResponseTyped<String> res = client.get("/metrics").request(String.class);
        assertThat(res.status(), is(Status.OK_200));
        return res.entity();
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        Matcher samples = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(text);
        while (samples.find()) {
            names.add(samples.group(1));
        }
        return names;
    }
}

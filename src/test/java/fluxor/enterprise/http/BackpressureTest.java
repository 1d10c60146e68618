package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** At most N requests in flight: the excess is refused at once, health probes never. */
@ServerTest
class BackpressureTest {
    static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, Map.of("max.concurrent.requests", "2"));
    static final CountDownLatch ENTERED = new CountDownLatch(2);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    private final Http1Client client;

    BackpressureTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        APP.routing(routing);
        APP.app().routes().get("/test/slow", (req, res) -> {
            ENTERED.countDown();
            RELEASE.await(20, TimeUnit.SECONDS);
            res.send("done");
        });
    }

    @Test
    void excessRequestsGet503FastWhileHealthAnswers() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<ClientResponseTyped<String>>> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(pool.submit(() -> client.get("/test/slow").request(String.class)));
            }
            assertThat("slow requests in flight", ENTERED.await(10, TimeUnit.SECONDS), is(true));

            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                ClientResponseTyped<String> shed = client.get("/").request(String.class);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(shed.status().code(), is(503));
                assertThat("503 answered in " + millis + " ms", millis, lessThan(500L));
                assertThat(
                        shed.headers().contentType().orElseThrow().mediaType().text(), is("application/problem+json"));
                assertThat(
                        Integer.parseInt(
                                shed.headers().first(HeaderNames.RETRY_AFTER).orElseThrow()),
                        greaterThanOrEqualTo(1));
                assertThat(
                        shed.headers()
                                .first(HeaderNames.create("X-Content-Type-Options"))
                                .orElseThrow(),
                        is("nosniff"));
                JsonObject body = ProblemAssertions.json(shed.entity());
                assertThat(body.getInt("status"), is(503));
                assertThat(
                        body.getString("request_id"),
                        is(shed.headers()
                                .first(HeaderNames.create("X-Request-Id"))
                                .orElseThrow()));
                ProblemAssertions.assertNoLeaks(body);
            }
            assertThat(client.get("/health/live").request(String.class).status().code(), is(200));
            assertThat(
                    client.get("/health/ready").request(String.class).status().code(), is(200));
            ClientResponseTyped<String> metrics = client.get("/metrics").request(String.class);
            assertThat(metrics.status().code(), is(200));
            Matcher shedCount = Pattern.compile("(?m)^http_requests_shed_total\\{[^}]*} ([0-9.]+)")
                    .matcher(metrics.entity());
            assertThat("shed counter exported", shedCount.find(), is(true));
            assertThat(Double.parseDouble(shedCount.group(1)), greaterThanOrEqualTo(5.0));
        } finally {
            RELEASE.countDown();
        }
        for (Future<ClientResponseTyped<String>> f : slow) {
            ClientResponseTyped<String> res = f.get(20, TimeUnit.SECONDS);
            assertThat(res.status().code(), is(200));
            assertThat(res.entity(), is("done"));
        }
        pool.shutdown();
        assertThat(client.get("/").request(String.class).status().code(), is(200));
    }
}

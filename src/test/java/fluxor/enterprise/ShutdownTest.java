package fluxor.enterprise;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM semantics without the signal: what App.shutdown does to readiness, in-flight work and the listener. */
class ShutdownTest {
    private static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void inFlightRequestCompletesWhileReadinessIsDownAndNewConnectionsAreRefused() throws Exception {
        TestApp test = TestApp.on(TestDatabases.Kind.H2, Map.of("app.shutdown.drain-delay", "PT1S"));
        CountDownLatch slowStarted = new CountDownLatch(1);
        WebServerConfig.Builder builder = WebServer.builder()
                .config(test.config().get("server"))
                .port(0)
                .host("127.0.0.1")
                .shutdownHook(false)
                .routing(r -> {
                    // registered before the app's routes: a stand-in for a slow request in flight
                    r.get("/test/slow", (req, res) -> {
                        slowStarted.countDown();
                        Thread.sleep(2500);
                        res.send("done");
                    });
                    test.routing(r);
                });
        test.server(builder);
        WebServer server = builder.build().start();
        int port = server.port();
        Http1Client http =
                Http1Client.builder().baseUri("http://127.0.0.1:" + port).build();

        CompletableFuture<ClientResponseTyped<String>> slow = CompletableFuture.supplyAsync(
                // Connection: close, so that the connection does not sit idle after the response: Helidon only
                // interrupts connections that are idle when stop() begins, others get the whole grace period.
                () -> http.get("/test/slow")
                        .header(HeaderValues.CONNECTION_CLOSE)
                        .request(String.class),
                VIRTUAL);
        assertThat(slowStarted.await(5, TimeUnit.SECONDS), is(true));

        CompletableFuture<Void> shutdown =
                CompletableFuture.runAsync(() -> test.app().shutdown(server), VIRTUAL);
        Thread.sleep(300); // inside the drain delay: still listening, readiness DOWN
        ClientResponseTyped<String> ready = http.get("/health/ready").request(String.class);
        assertThat(ready.status().code(), is(503));
        assertThat(ready.entity(), containsString("\"draining\":true"));
        assertThat(
                "clients are told to drop the connection while draining",
                ready.headers().first(HeaderNames.CONNECTION).orElse(""),
                is("close"));

        ClientResponseTyped<String> finished = slow.get(10, TimeUnit.SECONDS);
        assertThat(finished.status().code(), is(200));
        assertThat(finished.entity(), is("done"));
        long stopStarted = System.nanoTime();
        shutdown.get(35, TimeUnit.SECONDS);
        assertThat(
                "drained well within the 30 s grace period",
                Duration.ofNanos(System.nanoTime() - stopStarted).toSeconds() < 10,
                is(true));

        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write(1);
            }
        });
    }

    @Test
    void gracePeriodDefaultsToThirtySeconds() {
        TestApp test = TestApp.on(TestDatabases.Kind.H2);
        assertThat(
                test.config()
                        .get("server.shutdown-grace-period")
                        .as(Duration.class)
                        .get(),
                is(Duration.ofSeconds(30)));
        test.app().close();
    }
}

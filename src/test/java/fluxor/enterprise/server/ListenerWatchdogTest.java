package fluxor.enterprise.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A listener that stops accepting while the process lives must be reported. The test kills Helidon's accept loop
 * the way a failing {@code accept()} would: with one connection allowed and held, the loop waits for a permit;
 * interrupting it there makes Helidon log "this server socket is terminating now" and give up the listener.
 */
class ListenerWatchdogTest {

    private static WebServer server() {
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .maxTcpConnections(1)
                .routing(r -> r.get("/", (req, res) -> res.send("ok")))
                .build()
                .start();
    }

    private static Thread acceptThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("server-@default-listener"))
                .filter(t -> t.getState() == Thread.State.WAITING)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void reportsAListenerThatStopsAccepting() throws IOException, InterruptedException {
        BlockingQueue<String> deaths = new ArrayBlockingQueue<>(4);
        ListenerWatchdog watchdog = ListenerWatchdog.start(ListenerWatchdogTest::server, deaths::add);
        WebServer server = watchdog.server();
        try (Socket held = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            Thread.sleep(300); // the accept loop takes the connection, then waits for the next permit
            assertThat(held.isConnected(), is(true));
            acceptThread().interrupt();
            String cause = deaths.poll(10, TimeUnit.SECONDS);
            assertThat(cause, containsString("server socket is terminating"));
            assertThat(server.isRunning(), is(true)); // what Helidon itself still says
        } finally {
            watchdog.stopping();
            server.stop();
        }
    }

    @Test
    void staysQuietWhenWeStopTheServer() throws InterruptedException {
        BlockingQueue<String> deaths = new ArrayBlockingQueue<>(4);
        ListenerWatchdog watchdog = ListenerWatchdog.start(ListenerWatchdogTest::server, deaths::add);
        watchdog.stopping();
        watchdog.server().stop();
        assertThat(deaths.poll(1, TimeUnit.SECONDS), is(nullValue()));
    }
}

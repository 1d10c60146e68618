package fluxor.enterprise.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send their request too slowly, or hold a connection without one, lose the connection after short
 * bounds (configured here: headers 1 s, bodies 4 KiB/s after 0.5 s, idle 2 s); clients within them are served.
 * Timing bounds leave seconds of headroom for a loaded machine, yet each would fail with the deadline off (the
 * connection would stay open for the read's 10 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SlowClientsContract {
    private static final byte[] UNFINISHED = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @RegisterExtension
    final TestServer server;

    SlowClientsContract(TestDatabases.Kind kind) {
        server = TestServer.start(
                kind,
                Map.of(
                        "connections.header-timeout", "PT1S",
                        "connections.body-grace", "PT0.5S",
                        "server.idle-connection-timeout", "PT2S",
                        "server.idle-connection-period", "PT0.5S"));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads until the server closes; the bytes it sent and how long that took. */
    private record Closed(String received, long millis) {}

    private static Closed readUntilClosed(Socket socket, long startNanos) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        try {
            in.transferTo(received);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 10 s; received: " + received, e);
        } catch (IOException e) {
            // reset: closed too
        }
        return new Closed(received.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - startNanos) / 1_000_000);
    }

    @Test
    void closesAConnectionWhoseHeadersNeverEnd() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(UNFINISHED);
            Closed closed = readUntilClosed(socket, start);
            assertThat(closed.millis(), greaterThanOrEqualTo(900L));
            assertThat(closed.millis(), lessThan(6_000L));
            assertThat(closed.received(), is(""));
        }
        String metrics = server.client().get("/metrics").requestEntity(String.class);
        assertThat(metrics, containsString("http_connections_cut_total{reason=\"header_timeout\""));
    }

    @Test
    void cutsATrickledBodyWith408Problem() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2000\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // 2 000 bytes at 4 KiB/s after 0.5 s: due within ~1 s; a byte every 200 ms is far slower
            for (int i = 0; i < 10 && !socket.isInputShutdown(); i++) {
                Thread.sleep(200);
                try {
                    out.write(' ');
                } catch (IOException e) {
                    break; // cut already
                }
            }
            Closed closed = readUntilClosed(socket, start);
            assertThat(closed.received(), startsWith("HTTP/1.1 408 Request Timeout"));
            assertThat(closed.received(), containsString("Content-Type: application/problem+json"));
            assertThat(closed.received(), containsString("Connection: close"));
            assertThat(closed.received(), containsString("\"status\":408"));
            assertThat(closed.millis(), lessThan(8_000L));
        }
    }

    @Test
    void servesABodyThatArrivesInTime() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            byte[] body = "{\"email\":\"nobody@example.com\",\"password\":\"not the password\"}"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            Closed closed = readUntilClosed(socket, start);
            assertThat(closed.received(), startsWith("HTTP/1.1 401"));
        }
    }

    @Test
    void closesAnIdleKeepAliveConnection() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            byte[] first = new byte[12];
            assertThat(in.readNBytes(first, 0, 12), is(12));
            assertThat(new String(first, StandardCharsets.ISO_8859_1), is("HTTP/1.1 200"));
            long start = System.nanoTime();
            Closed closed = readUntilClosed(socket, start);
            assertThat(closed.millis(), greaterThanOrEqualTo(500L)); // Helidon stamps idle time to the second
            assertThat(closed.millis(), lessThan(7_000L));
        }
    }
}

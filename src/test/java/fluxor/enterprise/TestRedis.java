package fluxor.enterprise;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis rate-limit backend for a test class: the Redis named by {@code fluxor.test.redis.url} and a key prefix
 * of its own, so classes running one after another never see each other's buckets. With
 * {@code -Dfluxor.test.redis=require} (CI) a missing Redis fails the test; with {@code auto} it skips it.
 */
public final class TestRedis {
    private TestRedis() {}

    public static String url() {
        return System.getProperty("fluxor.test.redis.url", "redis://127.0.0.1:6379");
    }

    /** Config overrides: {@code rate.limit.backend=redis}, the URL and a fresh key prefix. */
    public static Map<String, String> backend() {
        requireReachable();
        return Map.of(
                "rate.limit.backend",
                "redis",
                "redis.url",
                url(),
                "redis.key.prefix",
                "test:" + UUID.randomUUID() + ":");
    }

    private static void requireReachable() {
        URI uri = URI.create(url());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            if (!"+PONG".equals(new String(reply, StandardCharsets.US_ASCII))) {
                throw new IOException("no PONG from " + url());
            }
        } catch (IOException e) {
            if ("require".equals(System.getProperty("fluxor.test.redis", "auto"))) {
                throw new IllegalStateException("Redis is required for this run but not reachable at " + url(), e);
            }
            Assumptions.abort("Redis not reachable at " + url() + " (set -Dfluxor.test.redis=require to fail)");
        }
    }
}

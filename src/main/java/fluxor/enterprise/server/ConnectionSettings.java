package fluxor.enterprise.server;

import io.helidon.config.Config;
import java.time.Duration;

/**
 * What a client may hold and send: how many connections the listener accepts (sized from the process's
 * descriptor limit unless set), how long a request's headers and body may take, how many header fields it may have.
 */
record ConnectionSettings(
        int configuredMax,
        int reservedDescriptors,
        Duration headerTimeout,
        long bodyMinRate,
        Duration bodyGrace,
        int maxHeaderFields,
        long maxPayloadSize,
        long heapPerConnection) {
    /** Heap the service needs besides its connections (measured: ~35 MB after start; twice that for requests). */
    static final long BASE_HEAP = 64L << 20;

    static ConnectionSettings from(Config config) {
        ConnectionSettings settings = new ConnectionSettings(
                config.get("connections.max").asInt().orElse(0),
                config.get("connections.reserved-descriptors").asInt().orElse(256),
                config.get("connections.header-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("connections.body-min-rate").asLong().orElse(4096L),
                config.get("connections.body-grace").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("connections.max-header-fields").asInt().orElse(100),
                config.get("server.max-payload-size").asLong().orElse(65_536L),
                config.get("connections.heap-per-connection").asLong().orElse(32_768L));
        settings.validate();
        return settings;
    }

    private void validate() {
        require(configuredMax >= 0, "connections.max (CONNECTIONS_MAX) must be 0 (from the descriptor limit) or more");
        require(reservedDescriptors >= 0, "connections.reserved-descriptors must not be negative");
        require(
                headerTimeout.isPositive(),
                "connections.header-timeout (CONNECTIONS_HEADER_dash_TIMEOUT) must be positive");
        require(bodyMinRate > 0, "connections.body-min-rate (CONNECTIONS_BODY_dash_MIN_dash_RATE) must be positive");
        require(!bodyGrace.isNegative(), "connections.body-grace must not be negative");
        require(maxHeaderFields > 0, "connections.max-header-fields must be positive");
        require(heapPerConnection > 0, "connections.heap-per-connection must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The connection cap: the configured one, else the smaller of the descriptor limit less what the process needs
     * besides sockets (jars, the database pools, log files, epoll, SMTP/OTLP clients) and what the heap holds at
     * {@code heap-per-connection} each (measured: ~17 KiB per open keep-alive connection). At least 1.
     */
    int cap(long descriptorLimit, long maxHeap) {
        if (configuredMax > 0) {
            return configuredMax;
        }
        long byDescriptors = descriptorLimit > 0 ? descriptorLimit - reservedDescriptors : Long.MAX_VALUE;
        long byHeap = maxHeap > 0 && maxHeap != Long.MAX_VALUE
                ? Math.max(0, maxHeap - BASE_HEAP) / heapPerConnection
                : Long.MAX_VALUE;
        long cap = Math.min(byDescriptors, byHeap);
        return cap == Long.MAX_VALUE ? 10_000 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, cap));
    }

    /** How long a body of this many bytes may take to arrive (length unknown, chunked: the payload limit). */
    Duration bodyTimeout(long contentLength) {
        long bytes = contentLength >= 0 ? contentLength : (maxPayloadSize > 0 ? maxPayloadSize : 1 << 20);
        return bodyGrace.plusMillis(Math.multiplyExact(bytes, 1000L) / bodyMinRate);
    }
}

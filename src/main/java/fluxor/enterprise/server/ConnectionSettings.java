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
        long maxPayloadSize) {

    static ConnectionSettings from(Config config) {
        ConnectionSettings settings = new ConnectionSettings(
                config.get("connections.max").asInt().orElse(0),
                config.get("connections.reserved-descriptors").asInt().orElse(256),
                config.get("connections.header-timeout").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("connections.body-min-rate").asLong().orElse(4096L),
                config.get("connections.body-grace").as(Duration.class).orElse(Duration.ofSeconds(10)),
                config.get("connections.max-header-fields").asInt().orElse(100),
                config.get("server.max-payload-size").asLong().orElse(65_536L));
        settings.validate();
        return settings;
    }

    private void validate() {
        require(configuredMax >= 0, "connections.max (CONNECTIONS_MAX) must be 0 (from the descriptor limit) or more");
        require(reservedDescriptors >= 0, "connections.reserved-descriptors must not be negative");
        require(
                headerTimeout.isPositive(), "connections.header-timeout (CONNECTIONS_HEADER_dash_TIMEOUT) must be positive");
        require(bodyMinRate > 0, "connections.body-min-rate (CONNECTIONS_BODY_dash_MIN_dash_RATE) must be positive");
        require(!bodyGrace.isNegative(), "connections.body-grace must not be negative");
        require(maxHeaderFields > 0, "connections.max-header-fields must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The connection cap: the configured one, else the descriptor limit less what the process needs besides
     * sockets (jars, the database pools, log files, epoll, SMTP/OTLP clients). At least 1.
     */
    int cap(long descriptorLimit) {
        if (configuredMax > 0) {
            return configuredMax;
        }
        if (descriptorLimit <= 0) {
            return 10_000; // the limit is unknown (not a Unix JVM): a bound rather than none
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, descriptorLimit - reservedDescriptors));
    }

    /** How long a body of this many bytes may take to arrive (length unknown, chunked: the payload limit). */
    Duration bodyTimeout(long contentLength) {
        long bytes = contentLength >= 0 ? contentLength : (maxPayloadSize > 0 ? maxPayloadSize : 1 << 20);
        return bodyGrace.plusMillis(Math.multiplyExact(bytes, 1000L) / bodyMinRate);
    }
}

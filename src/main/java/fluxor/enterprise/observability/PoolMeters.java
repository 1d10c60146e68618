package fluxor.enterprise.observability;

import java.lang.management.ManagementFactory;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Connection pool gauges read from Hikari's own MBean ({@code com.zaxxer.hikari:type=Pool (NAME)}, present when
 * {@code db.connection.registerMbeans} is true): the DbClient does not expose its pool object. Each gauge reads
 * -1 while the MBean is not registered (pool not started yet).
 * <p>
 * Prometheus names: {@code db_pool_connections_active}, {@code _idle}, {@code _open}, {@code _max},
 * {@code db_pool_connections_pending} (threads waiting for a connection).
 */
public final class PoolMeters {
    private PoolMeters() {
    }

    public static void register(MeterRegistry registry, String poolName, int maxSize) {
        ObjectName name;
        try {
            name = new ObjectName("com.zaxxer.hikari:type=Pool (" + poolName + ")");
        } catch (Exception e) {
            throw new IllegalArgumentException("bad pool name " + poolName, e);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<Tag> tags = List.of(Tag.create("pool", poolName));
        gauge(registry, "db.pool.connections.active", "Connections in use", tags, server, name, "ActiveConnections");
        gauge(registry, "db.pool.connections.idle", "Idle connections", tags, server, name, "IdleConnections");
        gauge(registry, "db.pool.connections.open", "Open connections (active + idle)", tags, server, name, "TotalConnections");
        gauge(registry, "db.pool.connections.pending", "Threads waiting for a connection", tags, server, name,
                "ThreadsAwaitingConnection");
        registry.getOrCreate(Gauge.builder("db.pool.connections.max", () -> (double) maxSize)
                .description("Maximum pool size").tags(tags));
    }

    private static void gauge(MeterRegistry registry, String meter, String help, List<Tag> tags,
                              MBeanServer server, ObjectName name, String attribute) {
        registry.getOrCreate(Gauge.builder(meter, () -> read(server, name, attribute)).description(help).tags(tags));
    }

    private static double read(MBeanServer server, ObjectName name, String attribute) {
        try {
            return ((Number) server.getAttribute(name, attribute)).doubleValue();
        } catch (Exception e) {
            return -1;
        }
    }
}

package fluxor.enterprise.observability;

import io.helidon.common.config.Config;
import io.helidon.dbclient.hikari.HikariMetricsRegistry;
import io.helidon.dbclient.hikari.spi.HikariMetricsProvider;

/**
 * Hands Hikari the Micrometer registry behind Helidon's metrics (the DbClient builds the pool and offers this
 * hook, found by ServiceLoader), so Hikari's own pool meters, connection timeouts included, are scraped at
 * /metrics: {@code hikaricp_connections_timeout_total}, {@code hikaricp_connections_acquire_seconds}...
 */
public final class HikariPoolMetrics implements HikariMetricsProvider {
    @Override
    public String configKey() {
        return "metrics";
    }

    @Override
    public HikariMetricsRegistry extension(Config config) {
        return registry -> registry.accept(io.micrometer.core.instrument.Metrics.globalRegistry);
    }
}

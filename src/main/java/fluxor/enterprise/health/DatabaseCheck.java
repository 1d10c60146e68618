package fluxor.enterprise.health;

import io.helidon.dbclient.DbClient;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Pings the pool; reports latency, and on failure a fixed message (never the driver's error text). */
final class DatabaseCheck implements HealthCheck {
    private static final System.Logger LOGGER = System.getLogger(DatabaseCheck.class.getName());
    private final DbClient db;

    DatabaseCheck(DbClient db) {
        this.db = db;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public HealthCheckResponse call() {
        long start = System.nanoTime();
        try {
            db.execute().query("SELECT 1").forEach(row -> { }); // runs the query and drains its one row
            return HealthCheckResponse.builder().status(true)
                    .detail("type", db.dbType())
                    .detail("latency_ms", (System.nanoTime() - start) / 1_000_000.0)
                    .build();
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "database health check failed: " + e.getMessage());
            return HealthCheckResponse.builder().status(false)
                    .detail("error", "database unreachable")
                    .detail("latency_ms", (System.nanoTime() - start) / 1_000_000.0)
                    .build();
        }
    }
}

package fluxor.enterprise.health;

import io.helidon.dbclient.DbClient;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Pings the pool; reports latency, and on failure a fixed message (never the driver's error text). */
final class DatabaseCheck implements HealthCheck {
    private static final System.Logger LOGGER = System.getLogger(DatabaseCheck.class.getName());
    private final DbClient db;
    // last probe's answer for the db_up gauge: 1 up, 0 down, -1 not probed yet
    private volatile double lastUp = -1;

    DatabaseCheck(DbClient db) {
        this.db = db;
    }

    /** The result of the last probe (load balancers and orchestrators probe readiness every few seconds). */
    double lastUp() {
        return lastUp;
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
            db.execute().query("SELECT 1").forEach(row -> {}); // runs the query and drains its one row
            lastUp = 1;
            return HealthCheckResponse.builder()
                    .status(true)
                    .detail("type", db.dbType())
                    .detail("latency_ms", (System.nanoTime() - start) / 1_000_000.0)
                    .build();
        } catch (RuntimeException e) {
            lastUp = 0;
            // The driver's message can carry the JDBC URL (and whatever an operator put in it): log it masked.
            String message = String.valueOf(e.getMessage()).replaceAll("jdbc:\\S+", "jdbc:…");
            LOGGER.log(System.Logger.Level.WARNING, "database health check failed: " + message);
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("error", "database unreachable")
                    .detail("latency_ms", (System.nanoTime() - start) / 1_000_000.0)
                    .build();
        }
    }
}

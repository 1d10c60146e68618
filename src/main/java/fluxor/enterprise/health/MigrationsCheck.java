package fluxor.enterprise.health;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.BooleanSupplier;

/**
 * Readiness: every migration on the classpath is applied. Once seen applied it stays so (schemas are not
 * un-migrated under a running instance), so probes stop opening a Flyway connection each time. A failure to ask
 * is DOWN with a fixed message: the driver's error text never reaches the response.
 */
final class MigrationsCheck implements HealthCheck {
    private static final System.Logger LOGGER = System.getLogger(MigrationsCheck.class.getName());
    private final BooleanSupplier migrated;
    private volatile boolean applied;

    MigrationsCheck(BooleanSupplier migrated) {
        this.migrated = migrated;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "migrations";
    }

    @Override
    public HealthCheckResponse call() {
        if (!applied) {
            try {
                applied = migrated.getAsBoolean();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "migration state unknown: " + e.getMessage());
                return HealthCheckResponse.builder()
                        .status(false)
                        .detail("error", "migration state unknown")
                        .build();
            }
        }
        return HealthCheckResponse.builder()
                .status(applied)
                .detail("pending", applied ? "none" : "some")
                .build();
    }
}

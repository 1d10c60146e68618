package fluxor.enterprise.health;

import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Liveness, readiness and the detailed report, on Helidon's health observer. Readiness is DOWN while the
 * database does not answer, while migrations are pending, and once shutdown has begun.
 */
public final class Health {
    private final AtomicBoolean draining = new AtomicBoolean();
    private final HealthObserverConfig.Builder observer;

    public Health(Config config) {
        this.observer = HealthObserver.builder()
                .config(config.get("server.features.observe.observers.health"))
                .addCheck(this::drainCheck, HealthCheckType.READINESS, "shutdown");
    }

    public Health database(DbClient db, BooleanSupplier migrated) {
        DatabaseCheck check = new DatabaseCheck(db);
        observer.addCheck(check);
        Metrics.globalRegistry()
                .getOrCreate(Gauge.builder("db.up", check, DatabaseCheck::lastUp)
                        .description(
                                "1 when the last readiness probe reached the database, 0 when it did not, -1 before "
                                        + "the first probe"));
        observer.addCheck(new MigrationsCheck(migrated));
        return this;
    }

    /** Extra checks of other features, e.g. the outbox backlog. */
    public Health add(HealthCheck check) {
        observer.addCheck(check);
        return this;
    }

    public boolean draining() {
        return draining.get();
    }

    /** From now on readiness reports DOWN, so load balancers stop sending new work. */
    public void startDraining() {
        draining.set(true);
    }

    public ObserveFeature feature(Config config) {
        return ObserveFeature.builder()
                .config(config.get("server.features.observe"))
                .addObserver(observer.build())
                .build();
    }

    private HealthCheckResponse drainCheck() {
        boolean up = !draining.get();
        return HealthCheckResponse.builder().status(up).detail("draining", !up).build();
    }
}

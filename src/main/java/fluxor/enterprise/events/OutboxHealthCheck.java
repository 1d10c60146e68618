package fluxor.enterprise.events;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Duration;
import java.time.Instant;

/**
 * The outbox in {@code /health} (and {@code /health/live}): the backlog is reported as data and never makes
 * anything DOWN — a restart does not fix a mail server outage, and readiness must not drop an instance that serves
 * requests fine; the Prometheus alert on {@code outbox_backlog} is the signal for that. The check is DOWN only when
 * the worker thread died while it should be running, which a restart does fix: hence a liveness check. It reads the
 * worker's last poll, never the database, so a database outage cannot fail liveness.
 */
public final class OutboxHealthCheck implements HealthCheck {
    private final OutboxWorker worker;
    private final MailSender sender;

    public OutboxHealthCheck(OutboxWorker worker, MailSender sender) {
        this.worker = worker;
        this.sender = sender;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public HealthCheckResponse call() {
        OutboxWorker.State state = worker.state();
        Outbox.Stats stats = worker.stats();
        Instant now = Instant.now();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(state != OutboxWorker.State.DEAD)
                .detail("worker", state.name().toLowerCase(java.util.Locale.ROOT))
                .detail("sender", sender.kind())
                .detail("pending", stats.pending())
                .detail("failed", stats.failed());
        if (stats.oldestPending() != null) {
            response.detail(
                    "oldest_pending_seconds",
                    Duration.between(stats.oldestPending(), now).toSeconds());
        }
        Instant lastPoll = worker.lastPoll();
        if (lastPoll != null) {
            response.detail(
                    "last_poll_seconds_ago", Duration.between(lastPoll, now).toSeconds());
        }
        return response.build();
    }
}

package fluxor.enterprise.webhooks;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Webhooks in {@code /health}: per endpoint its pending and failed deliveries, as data (a receiver's outage is the
 * receiver's, and the {@code webhook_backlog} alert reports it); DOWN only when the dispatcher thread died, which a
 * restart fixes, hence liveness, like the outbox's check. Reads the worker's last poll, never the database.
 */
final class WebhookHealthCheck implements HealthCheck {
    private final DeliveryWorker worker;
    private final List<WebhookEndpoint> endpoints;

    WebhookHealthCheck(DeliveryWorker worker, List<WebhookEndpoint> endpoints) {
        this.worker = worker;
        this.endpoints = List.copyOf(endpoints);
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public HealthCheckResponse call() {
        String state = worker.state();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(!"dead".equals(state))
                .detail("worker", state)
                .detail("endpoints", endpoints.size());
        for (WebhookEndpoint endpoint : endpoints) {
            DeliveryStore.Backlog backlog = worker.backlog(endpoint.name());
            response.detail(endpoint.name() + "_pending", backlog.pending())
                    .detail(endpoint.name() + "_failed", backlog.failed());
        }
        Instant lastPoll = worker.lastPoll();
        if (lastPoll != null) {
            response.detail(
                    "last_poll_seconds_ago",
                    Duration.between(lastPoll, Instant.now()).toSeconds());
        }
        return response.build();
    }
}

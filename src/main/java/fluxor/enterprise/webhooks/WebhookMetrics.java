package fluxor.enterprise.webhooks;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code webhook_deliveries_total{outcome="delivered"|"retry"|"failed"}} (attempt outcomes) and
 * {@code webhook_backlog{endpoint="<name>"}} (pending deliveries per endpoint, as of the worker's last poll).
 */
final class WebhookMetrics {
    private final Counter delivered = deliveries("delivered");
    private final Counter retry = deliveries("retry");
    private final Counter failed = deliveries("failed");

    /** The registry keeps the first source registered in this JVM (one App per process). */
    static void registerBacklog(List<WebhookEndpoint> endpoints, ToLongFunction<String> pending) {
        for (WebhookEndpoint endpoint : endpoints) {
            String name = endpoint.name();
            Metrics.globalRegistry()
                    .getOrCreate(Gauge.builder("webhook.backlog", name, pending::applyAsLong)
                            .description("Webhook deliveries not yet delivered (pending), per endpoint")
                            .tags(List.of(Tag.create("endpoint", name))));
        }
    }

    private static Counter deliveries(String outcome) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("webhook.deliveries")
                        .description("Webhook delivery attempts by outcome")
                        .tags(List.of(Tag.create("outcome", outcome))));
    }

    void delivered() {
        delivered.increment();
    }

    void retry() {
        retry.increment();
    }

    void failed() {
        failed.increment();
    }
}

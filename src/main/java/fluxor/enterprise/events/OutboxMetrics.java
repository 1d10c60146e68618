package fluxor.enterprise.events;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code outbox_backlog} (pending rows, as of the worker's last poll) and
 * {@code outbox_deliveries_total{outcome="sent"|"retry"|"failed"}}: the names the Prometheus rules and the Grafana
 * dashboard in etc/ use.
 */
public final class OutboxMetrics {
    private final Counter sent = deliveries("sent");
    private final Counter retry = deliveries("retry");
    private final Counter failed = deliveries("failed");

    /** The gauge; the registry keeps the first source registered in this JVM (one App per process). */
    public static void registerBacklog(LongSupplier backlog) {
        Metrics.globalRegistry()
                .getOrCreate(Gauge.builder("outbox.backlog", backlog, LongSupplier::getAsLong)
                        .description("Outbox events not yet delivered (pending), as of the worker's last poll"));
    }

    private static Counter deliveries(String outcome) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("outbox.deliveries")
                        .description("Outbox delivery attempts by outcome")
                        .tags(List.of(Tag.create("outcome", outcome))));
    }

    void sent() {
        sent.increment();
    }

    void retry() {
        retry.increment();
    }

    void failed() {
        failed.increment();
    }
}

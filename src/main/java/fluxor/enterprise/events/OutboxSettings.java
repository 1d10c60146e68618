package fluxor.enterprise.events;

import io.helidon.config.Config;
import java.time.Duration;

/**
 * {@code events.*}: how the outbox worker polls, claims, retries and stops.
 *
 * @param enabled         run the worker in this instance ({@code events.worker.enabled})
 * @param pollInterval    pause between polls when the backlog is drained ({@code events.poll-interval})
 * @param batchSize       rows claimed at once ({@code events.batch-size})
 * @param maxAttempts     deliveries tried before a row is marked failed ({@code events.max-attempts})
 * @param lease           how long a claim holds; a crashed worker's rows are claimable again after it
 *                        ({@code events.lease})
 * @param backoffInitial  delay before the first retry; doubles per attempt, with jitter ({@code events.backoff.initial})
 * @param backoffMax      ceiling of the retry delay ({@code events.backoff.max})
 * @param stopTimeout     how long shutdown waits for the message in hand ({@code events.stop-timeout})
 * @param retention       sent rows older than this are deleted ({@code events.retention})
 */
public record OutboxSettings(
        boolean enabled,
        Duration pollInterval,
        int batchSize,
        int maxAttempts,
        Duration lease,
        Duration backoffInitial,
        Duration backoffMax,
        Duration stopTimeout,
        Duration retention) {
    public OutboxSettings {
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalStateException("events.batch-size and events.max-attempts must be at least 1");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || lease.isNegative() || lease.isZero()) {
            throw new IllegalStateException("events.poll-interval and events.lease must be positive");
        }
    }

    public static OutboxSettings from(Config config) {
        Config events = config.get("events");
        return new OutboxSettings(
                events.get("worker.enabled").asBoolean().orElse(true),
                duration(events, "poll-interval", Duration.ofSeconds(1)),
                events.get("batch-size").asInt().orElse(10),
                events.get("max-attempts").asInt().orElse(10),
                duration(events, "lease", Duration.ofMinutes(5)),
                duration(events, "backoff.initial", Duration.ofSeconds(5)),
                duration(events, "backoff.max", Duration.ofHours(1)),
                duration(events, "stop-timeout", Duration.ofSeconds(15)),
                duration(events, "retention", Duration.ofDays(7)));
    }

    private static Duration duration(Config events, String key, Duration fallback) {
        return events.get(key).as(Duration.class).orElse(fallback);
    }

    public Backoff backoff() {
        return new Backoff(backoffInitial, backoffMax);
    }
}

package fluxor.enterprise.webhooks;

import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.events.Wakeups;
import fluxor.enterprise.observability.Traces;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Attempts due deliveries. One dispatcher thread claims, per endpoint, at most as many rows as that endpoint has free
 * in-flight slots ({@code webhooks.max-in-flight}) and hands each to its own virtual thread for the POST. A slow or
 * dead endpoint therefore fills only its own slots (each attempt bounded by the connect and read timeouts) while
 * every other endpoint's deliveries keep flowing. Claims use the outbox's lease scheme, so several instances share
 * the work and a crashed instance's rows are attempted again after the lease.
 */
final class DeliveryWorker implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(DeliveryWorker.class.getName());

    /** One endpoint and its attempts in flight. */
    private record Lane(WebhookEndpoint endpoint, AtomicInteger inFlight) {}

    private final DeliveryStore store;
    private final List<Lane> lanes;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Clock clock;
    private final WebhookMetrics metrics;
    private final DoubleSupplier random;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final Wakeups wakeups = new Wakeups();
    private final Object lifecycle = new Object();
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile Map<String, DeliveryStore.Backlog> backlog = Map.of();
    private volatile Instant lastPoll;
    private Instant lastFailureLog = Instant.EPOCH; // dispatcher thread only

    DeliveryWorker(
            DeliveryStore store,
            WebhookSender sender,
            WebhookSettings settings,
            Clock clock,
            WebhookMetrics metrics,
            DoubleSupplier random) {
        this.store = store;
        this.lanes = settings.endpoints().stream()
                .map(e -> new Lane(e, new AtomicInteger()))
                .toList();
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.random = random;
    }

    /** Starts the dispatcher (no-op without endpoints, or when already started). */
    void start() {
        synchronized (lifecycle) {
            if (!lanes.isEmpty() && thread == null && !stopping) {
                // A platform daemon thread, as the outbox worker's: long-lived, blocking JDBC.
                thread = Thread.ofPlatform()
                        .name("webhook-dispatcher")
                        .daemon(true)
                        .start(this::loop);
            }
        }
    }

    void wake() {
        wakeups.wake();
    }

    private void loop() {
        LOGGER.log(
                Level.INFO,
                "webhook worker started: " + lanes.size() + " endpoint(s), " + settings.maxInFlight()
                        + " in flight per endpoint, max attempts " + settings.maxAttempts());
        while (!stopping) {
            try {
                for (Lane lane : lanes) {
                    fill(lane);
                }
                backlog = store.backlog();
            } catch (RuntimeException e) {
                Instant now = clock.instant();
                if (Duration.between(lastFailureLog, now).toMinutes() >= 1) {
                    LOGGER.log(Level.WARNING, "webhook poll failed: " + Outbox.shorten(e.toString()));
                    lastFailureLog = now;
                }
            }
            lastPoll = clock.instant();
            pause();
        }
    }

    private void pause() {
        if (!wakeups.pause(settings.pollInterval())) {
            stopping = true;
        }
    }

    private void fill(Lane lane) {
        int free = settings.maxInFlight() - lane.inFlight().get();
        if (free <= 0) {
            return;
        }
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<DeliveryStore.Delivery> claimed = Traces.untraced(
                () -> store.claim(lane.endpoint().name(), token, now, now.plus(settings.lease()), free));
        for (DeliveryStore.Delivery delivery : claimed) {
            lane.inFlight().incrementAndGet();
            attempts.execute(() -> {
                try {
                    attempt(lane.endpoint(), delivery, token);
                } catch (RuntimeException e) {
                    // e.g. the database went away while recording: the claim expires and the row is tried again
                    LOGGER.log(
                            Level.WARNING,
                            "webhook delivery " + delivery.id() + " not recorded: " + Outbox.shorten(e.toString()));
                } finally {
                    lane.inFlight().decrementAndGet();
                    wake();
                }
            });
        }
    }

    private void attempt(WebhookEndpoint endpoint, DeliveryStore.Delivery delivery, String token) {
        int attempt = delivery.attempts() + 1;
        // webhook-timestamp is the attempt's time (the spec's replay guard); id and body stay the same.
        WebhookSender.Result result =
                sender.send(endpoint, delivery.id().toString(), clock.instant().getEpochSecond(), delivery.body());
        Instant now = clock.instant();
        String what = "webhook " + delivery.id() + " (" + delivery.eventType() + ") to " + endpoint.name();
        if (result.delivered()) {
            if (store.delivered(delivery.id(), token, attempt, result.status(), now)) {
                metrics.delivered();
            }
            LOGGER.log(Level.DEBUG, what + " delivered: HTTP " + result.status());
        } else if (attempt >= settings.maxAttempts()) {
            if (store.fail(delivery.id(), token, attempt, result.status(), result.error(), now)) {
                metrics.failed();
            }
            LOGGER.log(Level.ERROR, what + " failed for good after " + attempt + " attempts: " + result.error());
        } else {
            Instant next = now.plus(settings.backoff().delay(attempt, random.getAsDouble()));
            if (store.retry(delivery.id(), token, attempt, result.status(), result.error(), next, now)) {
                metrics.retry();
            }
            LOGGER.log(
                    Level.WARNING,
                    what + " attempt " + attempt + " of " + settings.maxAttempts() + " failed, next at " + next + ": "
                            + result.error());
        }
    }

    DeliveryStore.Backlog backlog(String endpoint) {
        return backlog.getOrDefault(endpoint, DeliveryStore.Backlog.NONE);
    }

    Instant lastPoll() {
        return lastPoll;
    }

    /** Null before start; "dead" when the dispatcher thread ended while it should run. */
    String state() {
        Thread t = thread;
        if (t == null) {
            return lanes.isEmpty() ? "no endpoints" : (stopping ? "stopped" : "new");
        }
        if (stopping) {
            return "stopped";
        }
        return t.isAlive() ? "running" : "dead";
    }

    /** Stops claiming; attempts in flight get {@code webhooks.stop-timeout} to finish, the rest expire with the lease. */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            stopping = true;
            t = thread;
        }
        wake();
        try {
            if (t != null && !t.join(settings.stopTimeout())) {
                t.interrupt();
            }
            attempts.shutdown();
            if (!attempts.awaitTermination(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                attempts.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

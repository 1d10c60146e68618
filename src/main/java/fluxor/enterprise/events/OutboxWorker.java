package fluxor.enterprise.events;

import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.observability.Traces;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * Drains the outbox: claims due rows, publishes each on the {@link EventBus}, and marks it sent only after every
 * subscriber returned normally. A failure schedules a retry with exponential backoff and jitter; after
 * {@code events.max-attempts} the row is marked failed (kept, never deleted). A crash loses nothing: rows of a
 * worker that died stay claimed only until their lease ends, then any worker takes them again — so delivery is
 * at least once, and exactly once unless a worker dies between the mail server's acceptance and the UPDATE.
 *
 * <p>One thread per instance polls every {@code events.poll-interval}, and at once after {@link #wake()}
 * (called after a registration commits). {@link #close()} lets the message in hand finish, releases the rest of
 * the batch for other instances, and waits at most {@code events.stop-timeout}.
 */
public final class OutboxWorker implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(OutboxWorker.class.getName());

    /** What the health check reports. */
    public enum State {
        NEW,
        RUNNING,
        STOPPED,
        DEAD
    }

    private final Outbox outbox;
    private final EventBus bus;
    private final OutboxSettings settings;
    private final Clock clock;
    private final OutboxMetrics metrics;
    private final DoubleSupplier random;
    private final Backoff backoff;
    private final Wakeups wakeups = new Wakeups();
    private final Object lifecycle = new Object();
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile Outbox.Stats stats = Outbox.Stats.NONE;
    private volatile Instant lastPoll;
    private volatile Instant lastPurge = Instant.EPOCH;
    // only the worker thread touches these two
    private Instant failingSince;
    private Instant lastFailureLog = Instant.EPOCH;

    public OutboxWorker(Outbox outbox, EventBus bus, OutboxSettings settings, Clock clock, OutboxMetrics metrics) {
        this(outbox, bus, settings, clock, metrics, new SecureRandom()::nextDouble);
    }

    OutboxWorker(
            Outbox outbox,
            EventBus bus,
            OutboxSettings settings,
            Clock clock,
            OutboxMetrics metrics,
            DoubleSupplier random) {
        this.outbox = outbox;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.random = random;
        this.backoff = settings.backoff();
    }

    /** Starts the polling thread (no-op when {@code events.worker.enabled} is false or already started). */
    public OutboxWorker start() {
        synchronized (lifecycle) {
            if (settings.enabled() && thread == null && !stopping) {
                // A platform thread: one long-lived thread gains nothing from being virtual, and blocking JDBC/SMTP
                // and first-use class loading under library monitors would pin a virtual one. Daemon: never
                // holds the JVM open (close() is the orderly stop).
                thread = Thread.ofPlatform().name("outbox-worker").daemon(true).start(this::loop);
            }
        }
        return this;
    }

    /** Polls now instead of at the next interval (e.g. right after a registration committed). */
    public void wake() {
        wakeups.wake();
    }

    private void loop() {
        LOGGER.log(
                Level.INFO,
                "outbox worker started (poll every " + settings.pollInterval() + ", batch " + settings.batchSize()
                        + ", max attempts " + settings.maxAttempts() + ")");
        while (!stopping) {
            int handled = 0;
            try {
                handled = drainOnce();
                Traces.untraced(() -> {
                    refreshStats();
                    purgeOldRows();
                    return null;
                });
                if (failingSince != null) {
                    LOGGER.log(Level.INFO, "outbox polls work again (failing since " + failingSince + ")");
                    failingSince = null;
                }
            } catch (RuntimeException e) {
                // e.g. the database is down: keep polling, the rows wait in the table. One line a minute at most.
                Instant now = clock.instant();
                if (failingSince == null
                        || Duration.between(lastFailureLog, now).toMinutes() >= 1) {
                    LOGGER.log(Level.WARNING, "outbox poll failed: " + Outbox.shorten(e.toString()));
                    lastFailureLog = now;
                }
                if (failingSince == null) {
                    failingSince = now;
                }
            }
            lastPoll = clock.instant();
            if (handled < settings.batchSize()) {
                pause();
            }
        }
        LOGGER.log(Level.INFO, "outbox worker stopped");
    }

    private void pause() {
        if (!wakeups.pause(settings.pollInterval())) {
            stopping = true;
        }
    }

    /**
     * One round: claims up to a batch of due rows and delivers them. Returns how many rows it claimed. Safe to call
     * from several threads and instances at once (each row goes to one claimer).
     */
    public int drainOnce() {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant leaseEnd = now.plus(settings.lease());
        // Polls mostly find nothing: no trace for them; a batch that is delivered gets its own span below.
        List<Outbox.Message> batch = Traces.untraced(() -> outbox.claim(token, now, leaseEnd, settings.batchSize()));
        if (batch.isEmpty()) {
            return 0;
        }
        Traces.span("outbox.deliver", () -> deliverAll(batch, token, leaseEnd));
        return batch.size();
    }

    private void deliverAll(List<Outbox.Message> batch, String token, Instant leaseEnd) {
        // Stop early enough that no send can still run when the lease ends (another worker may take the row then).
        Duration margin = settings.lease().dividedBy(2);
        for (int i = 0; i < batch.size(); i++) {
            Outbox.Message message = batch.get(i);
            if (stopping || clock.instant().plus(margin).isAfter(leaseEnd)) {
                releaseAll(batch.subList(i, batch.size()), token);
                return;
            }
            deliver(message, token);
        }
    }

    private void releaseAll(List<Outbox.Message> rest, String token) {
        for (Outbox.Message message : rest) {
            try {
                outbox.release(message.id(), token);
            } catch (RuntimeException e) {
                // the lease expires anyway; then another worker takes it
                LOGGER.log(
                        Level.WARNING,
                        "could not release outbox event " + message.id() + ": " + Outbox.shorten(e.toString()));
            }
        }
    }

    private void deliver(Outbox.Message message, String token) {
        int attempt = message.attempts() + 1;
        try {
            bus.publish(new Event(message.id(), message.type(), parse(message.payload()), message.createdAt()));
        } catch (RuntimeException e) {
            failed(message, token, attempt, e);
            return;
        }
        if (outbox.markSent(message.id(), token, attempt, clock.instant())) {
            metrics.sent();
            LOGGER.log(Level.DEBUG, "outbox event " + message.id() + " (" + message.type() + ") delivered");
        } else {
            LOGGER.log(
                    Level.WARNING,
                    "outbox event " + message.id() + " was delivered after its claim expired; "
                            + "another worker may deliver it again");
        }
    }

    private void failed(Outbox.Message message, String token, int attempt, RuntimeException e) {
        String error = errorLine(e);
        Instant now = clock.instant();
        if (attempt >= settings.maxAttempts()) {
            if (outbox.fail(message.id(), token, attempt, now, error)) {
                metrics.failed();
            }
            LOGGER.log(
                    Level.ERROR,
                    "outbox event " + message.id() + " (" + message.type() + ") failed for good after " + attempt
                            + " attempts: " + error);
            return;
        }
        Instant next = now.plus(backoff.delay(attempt, random.getAsDouble()));
        if (outbox.retry(message.id(), token, attempt, next, error)) {
            metrics.retry();
        }
        LOGGER.log(
                Level.WARNING,
                "outbox event " + message.id() + " (" + message.type() + ") attempt " + attempt + " of "
                        + settings.maxAttempts() + " failed, next at " + next + ": " + error);
    }

    /** Exception class and message, one line, bounded; the stack trace never reaches the table. */
    static String errorLine(Throwable e) {
        String text = e.getMessage() == null ? "" : ": " + e.getMessage();
        return Outbox.shorten(e.getClass().getSimpleName() + text);
    }

    private static JsonObject parse(String payload) {
        try (JsonReader reader = Jsons.reader(new StringReader(payload))) {
            return reader.readObject();
        }
    }

    /** Re-reads the backlog for the gauge and the health check. */
    public Outbox.Stats refreshStats() {
        Outbox.Stats fresh = outbox.stats();
        stats = fresh;
        return fresh;
    }

    private void purgeOldRows() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) >= 0) {
            lastPurge = now;
            long purged = outbox.purgeSent(now.minus(settings.retention()));
            if (purged > 0) {
                LOGGER.log(Level.INFO, "outbox: deleted " + purged + " sent events older than " + settings.retention());
            }
        }
    }

    /** The backlog as of the last poll (gauge, health). */
    public Outbox.Stats stats() {
        return stats;
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    public State state() {
        Thread t = thread;
        if (t == null) {
            return stopping ? State.STOPPED : State.NEW;
        }
        if (stopping) {
            return State.STOPPED;
        }
        return t.isAlive() ? State.RUNNING : State.DEAD;
    }

    /** Stops polling; the message in hand finishes, the rest of its batch is released. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            stopping = true;
            t = thread;
        }
        wake();
        if (t == null) {
            return;
        }
        try {
            if (!t.join(settings.stopTimeout())) {
                LOGGER.log(
                        Level.WARNING,
                        "outbox worker still busy after " + settings.stopTimeout()
                                + "; interrupting it (its claims expire after " + settings.lease() + ")");
                t.interrupt();
                if (!t.join(Duration.ofSeconds(2))) {
                    LOGGER.log(Level.WARNING, "outbox worker did not stop");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

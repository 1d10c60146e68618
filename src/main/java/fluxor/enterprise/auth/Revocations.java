package fluxor.enterprise.auth;

import fluxor.enterprise.observability.Traces;
import io.helidon.config.Config;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This instance's view of revoked access tokens: per user the "not before" instant (users.tokens_valid_after),
 * revoked sessions (sid) and deleted users, refreshed from the database every {@code auth.revocation.sync-interval}
 * (1 s) by reading only the rows changed since the previous sync (indexed timestamps). The request path only looks
 * in these maps. The read starts {@code sync-overlap} (30 s) before the previous sync, so a revocation whose
 * transaction committed late, or an instance whose clock is a little ahead, is still seen. Entries older than the
 * access-token lifetime (plus the overlap) are dropped: every token they could refuse has expired. When the database
 * is down the last view stays in force (one WARN line, {@code auth_revocation_sync_failures_total}).
 */
public final class Revocations implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Revocations.class.getName());

    private final SessionStore store;
    private final Clock clock;
    private final Duration interval;
    private final Duration overlap;
    private final Duration retention;
    private final Map<UUID, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> revokedSessions = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> deletedUsers = new ConcurrentHashMap<>();
    private final Counter failures;
    private final AtomicLong lastSuccessNanos = new AtomicLong(System.nanoTime());
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock syncing = new ReentrantLock();
    private volatile ScheduledFuture<?> schedule;
    private Instant watermark;
    private boolean failing;
    private long syncs;

    Revocations(SessionStore store, Clock clock, Duration interval, Duration overlap, Duration accessTtl) {
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.overlap = overlap;
        this.retention = accessTtl.plus(overlap);
        this.watermark = clock.instant().minus(retention);
        this.failures = Metrics.globalRegistry()
                .getOrCreate(Counter.builder("auth.revocation.sync.failures")
                        .description("Revocation syncs that failed (the last view stays in force)"));
        Metrics.globalRegistry()
                .getOrCreate(Gauge.builder("auth.revocation.sync.lag.seconds", lastSuccessNanos, Revocations::lag)
                        .description("Seconds since this instance last synced revoked tokens from the database"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("revocation-sync").factory());
    }

    /** {@code auth.revocation.sync-interval} (PT1S) and {@code auth.revocation.sync-overlap} (PT30S). */
    public static Revocations create(Config config, RefreshTokenRepository tokens, JwtSettings jwt, Clock clock) {
        Config c = config.get("auth.revocation");
        Duration interval = c.get("sync-interval").as(Duration.class).orElse(Duration.ofSeconds(1));
        Duration overlap = c.get("sync-overlap").as(Duration.class).orElse(Duration.ofSeconds(30));
        if (interval.isNegative() || interval.isZero() || overlap.isNegative()) {
            throw new IllegalArgumentException(
                    "auth.revocation.sync-interval must be positive and auth.revocation.sync-overlap not negative");
        }
        return new Revocations(tokens.sessions(), clock, interval, overlap, jwt.accessTtl());
    }

    /** The first sync runs now (so a restarted instance refuses what was revoked before), then every interval. */
    public Revocations start() {
        sync();
        long millis = interval.toMillis();
        // sync() catches everything it can meet, so the schedule never stops on an exception
        schedule = scheduler.scheduleWithFixedDelay(this::sync, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * A token of {@code user} for session {@code sid} issued at {@code issuedAt} (whole seconds, as JWT iat) is
     * refused when the user was deleted, its session revoked, or it was issued before the user's not-before. The
     * not-before is compared in whole seconds: a token issued in the same second as a "sign out everywhere" but
     * before it belongs to a session that same revocation ended, so it is refused by its sid, while a login right
     * after it (a new session) works at once. A token without a sid gets the strict comparison.
     */
    boolean refuses(UUID user, UUID sid, Instant issuedAt) {
        if (deletedUsers.containsKey(user) || (sid != null && revokedSessions.containsKey(sid))) {
            return true;
        }
        Instant before = notBefore.get(user);
        if (before == null) {
            return false;
        }
        return sid == null ? issuedAt.isBefore(before) : issuedAt.getEpochSecond() < before.getEpochSecond();
    }

    /** Reads what changed; public callers are the writers of this instance, so their own revocation is seen now. */
    public void sync() {
        syncing.lock();
        try {
            // once a second on every instance: no trace of its own (its statement spans get an unsampled parent)
            Traces.untraced(() -> {
                syncOnce();
                return null;
            });
        } finally {
            syncing.unlock();
        }
    }

    private void syncOnce() {
        Instant started = clock.instant();
        try {
            SessionStore.Changes changes = store.since(watermark);
            changes.notBefore().forEach((user, at) -> notBefore.merge(user, at, Revocations::later));
            changes.revokedSessions().forEach((sid, at) -> revokedSessions.merge(sid, at, Revocations::later));
            changes.deletedUsers().forEach((user, at) -> deletedUsers.merge(user, at, Revocations::later));
            watermark = started.minus(overlap);
            Instant expired = started.minus(retention);
            notBefore.values().removeIf(at -> at.isBefore(expired));
            revokedSessions.values().removeIf(at -> at.isBefore(expired));
            deletedUsers.values().removeIf(at -> at.isBefore(expired));
            if (++syncs % 60 == 0) {
                // Tombstones of deleted users are only needed as long as their tokens could live.
                store.purgeDeletions(expired);
            }
            lastSuccessNanos.set(System.nanoTime());
            if (failing) {
                failing = false;
                LOGGER.log(Level.INFO, "revocation sync resumed");
            }
        } catch (RuntimeException e) {
            failures.increment();
            if (!failing) {
                failing = true;
                LOGGER.log(
                        Level.WARNING,
                        "revocation sync failed; the last view stays in force until the database answers: "
                                + e.getClass().getSimpleName());
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double lag(AtomicLong lastSuccess) {
        return (System.nanoTime() - lastSuccess.get()) / 1e9;
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(false);
        }
        scheduler.shutdownNow();
    }
}

package fluxor.enterprise.idempotency;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.JsonBody;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code Idempotency-Key} for POST routes, as a handler placed before the route's own:
 * {@code routes.post(path, idempotency, handler)} (after {@code bearer} on authenticated routes).
 *
 * <p>Without the header the route runs as usual. With it, the first request inserts a record (the primary key is
 * the lock, so this holds across instances) and runs; its response (status, {@code Location}, content type, body)
 * is stored as it is written, before it reaches the client. A later request with the same key and the same method,
 * path and body gets that response again with {@code Idempotent-Replayed: true}, and nothing runs again; another
 * request under the same key is a 422; one while the first still runs is a 409. Outcomes that say "try again"
 * (5xx, 408, 429) are not stored: the key is released. Records live {@code idempotency.ttl} (24 h).
 *
 * <p>Scope: keys are per caller on authenticated routes (a user id) and global on anonymous ones. Another client
 * that learns an anonymous key cannot read the stored response without also sending the identical body (a
 * registration's includes the password); keys should be random (UUIDs), as the draft asks.
 */
public final class Idempotency implements Handler {
    static final String REPLAYED = "Idempotent-Replayed";
    private static final System.Logger LOGGER = System.getLogger(Idempotency.class.getName());
    private static final int MAX_STORED_BODY = 16_000;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    private Idempotency(IdempotencyStore store, Clock clock, Duration ttl, Duration lease) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.lease = lease;
    }

    /**
     * {@code idempotency.ttl} (default 24 h): how long a response is replayed; {@code idempotency.lease} (default
     * 1 min): after this a first request that never finished (its instance died) no longer holds its key.
     */
    public static Idempotency create(Config config, DbClient db, Clock clock) {
        Config c = config.get("idempotency");
        return new Idempotency(
                new IdempotencyStore(db),
                clock,
                c.get("ttl").as(Duration.class).orElse(Duration.ofHours(24)),
                c.get("lease").as(Duration.class).orElse(Duration.ofMinutes(1)));
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<IdempotencyKey> header = IdempotencyKey.of(req);
        if (header.isEmpty()) {
            res.next();
            return;
        }
        String key = header.get().value();
        String scope = req.context()
                .get(Caller.class, Caller.class)
                .map(c -> c.id().toString())
                .orElse("anonymous");
        String fingerprint =
                fingerprint(req.prologue().method().text(), req.path().path(), JsonBody.rawBytes(req));
        Instant now = clock.instant();
        purgeIfDue(now);
        if (!acquire(scope, key, fingerprint, now, res)) {
            return;
        }
        res.streamFilter(out -> new RecordingStream(out, bytes -> finish(scope, key, res, bytes)));
        res.next();
    }

    /** True when this request owns the key and runs; false when it was answered here (replay, 409, 422). */
    private boolean acquire(String scope, String key, String fingerprint, Instant now, ServerResponse res) {
        Instant expires = now.plus(ttl);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (store.begin(scope, key, fingerprint, now, expires)) {
                return true;
            }
            Optional<IdempotencyStore.Stored> found = store.find(scope, key);
            if (found.isEmpty()) {
                continue; // released or purged in between: try to insert once more
            }
            IdempotencyStore.Stored stored = found.get();
            boolean expired = !stored.expiresAt().isAfter(now);
            boolean abandoned = stored.status() == 0 && stored.startedAt().isBefore(now.minus(lease));
            if (expired || abandoned) {
                if (store.takeOver(scope, key, fingerprint, now, expires, now.minus(lease))) {
                    return true;
                }
                continue;
            }
            if (!stored.fingerprint().equals(fingerprint)) {
                throw new AppException.Unprocessable(
                        "This Idempotency-Key was already used for a different request (method, path or body).");
            }
            if (stored.status() == 0) {
                throw new AppException.Conflict(
                        "A request with this Idempotency-Key is still being processed; retry shortly.");
            }
            replay(stored, res);
            return false;
        }
        throw new AppException.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
    }

    private static void replay(IdempotencyStore.Stored stored, ServerResponse res) {
        res.status(Status.create(stored.status()));
        if (!stored.location().isEmpty()) {
            res.header(HeaderNames.LOCATION, stored.location());
        }
        if (!stored.contentType().isEmpty()) {
            res.header(HeaderNames.CONTENT_TYPE, stored.contentType());
        }
        res.header(HeaderValues.create(REPLAYED, "true"));
        res.send(stored.body().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs when the first response has been written, before it is flushed to the client. */
    private void finish(String scope, String key, ServerResponse res, byte[] body) {
        int status = res.status().code();
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            if (status >= 500 || status == 408 || status == 429 || text.length() > MAX_STORED_BODY) {
                store.release(scope, key);
                return;
            }
            store.complete(
                    scope,
                    key,
                    status,
                    res.headers().first(HeaderNames.LOCATION).orElse(""),
                    res.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                    text);
        } catch (RuntimeException e) {
            // The response itself is fine; the key then stays "in flight" until the lease ends.
            LOGGER.log(
                    Level.WARNING,
                    "could not store the idempotent response: " + e.getClass().getSimpleName());
        }
    }

    private void purgeIfDue(Instant now) {
        Instant last = lastPurge.get();
        if (Duration.between(last, now).compareTo(PURGE_EVERY) >= 0 && lastPurge.compareAndSet(last, now)) {
            Thread.ofVirtual().name("idempotency-purge").start(() -> {
                try {
                    long n = store.purgeExpired(now);
                    if (n > 0) {
                        LOGGER.log(Level.INFO, "idempotency: deleted " + n + " expired records");
                    }
                } catch (RuntimeException e) {
                    LOGGER.log(
                            Level.WARNING,
                            "idempotency purge failed: " + e.getClass().getSimpleName());
                }
            });
        }
    }

    static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

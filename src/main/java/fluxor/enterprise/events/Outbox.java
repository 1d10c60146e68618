package fluxor.enterprise.events;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.users.UuidV7;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL about the outbox table. Runs unchanged on PostgreSQL and H2.
 *
 * <p>Claiming and finishing go through {@link Leases} (shared with the webhook deliveries): due rows are taken
 * {@code FOR UPDATE SKIP LOCKED} and stamped with a claim token and a lease end; sent/retry/failed are conditional
 * on the token, so a worker whose lease expired cannot overwrite its successor's work.
 */
public final class Outbox {
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    private static final int MAX_ERROR = 300;
    private static final String ENTRY_COLUMNS = "id, type, payload, status, attempts, created_at, next_attempt_at, "
            + "COALESCE(sent_at, created_at) AS sent_at, COALESCE(last_error, '') AS last_error";

    /** A claimed row, ready to deliver. */
    public record Message(UUID id, String type, String payload, int attempts, Instant createdAt) {}

    /** A row as operators and tests see it; {@code sentAt} is meaningful only when the status is sent. */
    public record Entry(
            UUID id,
            String type,
            String payload,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant sentAt,
            String lastError) {}

    /** The backlog: pending and failed rows, and when the oldest pending one was written (null if none). */
    public record Stats(long pending, long failed, Instant oldestPending) {
        public static final Stats NONE = new Stats(0, 0, null);
    }

    private final DbClient db;
    private final Leases leases;

    public Outbox(DbClient db) {
        this.db = db;
        this.leases = new Leases(db, "outbox");
    }

    /** Adds an event inside the caller's transaction, due at once. */
    public UUID append(DbExecute tx, String type, String payload, Instant now) {
        UUID id = UuidV7.next();
        tx.insert(
                "INSERT INTO outbox (id, type, payload, status, attempts, created_at, next_attempt_at) "
                        + "VALUES (CAST(? AS UUID), ?, ?, 'pending', 0, ?, ?)",
                id,
                type,
                payload,
                ts(now),
                ts(now));
        return id;
    }

    /** Claims up to {@code limit} due rows for {@code token} until {@code leaseEnd}; oldest due first. */
    public List<Message> claim(String token, Instant now, Instant leaseEnd, int limit) {
        return leases.claim(
                "SELECT id, type, payload, attempts, created_at FROM outbox "
                        + "WHERE status = 'pending' AND next_attempt_at <= ? "
                        + "AND (claimed_until IS NULL OR claimed_until < ?) "
                        + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                List.of(ts(now), ts(now), limit),
                Outbox::message,
                Message::id,
                token,
                now,
                leaseEnd);
    }

    /** Delivered. False when the claim was lost (lease expired and another worker took the row). */
    public boolean markSent(UUID id, String token, int attempts, Instant now) {
        return finishClaim(
                "status = 'sent', attempts = ?, sent_at = ?, last_error = NULL", id, token, attempts, ts(now));
    }

    /** Not delivered this time: try again at {@code next}. */
    public boolean retry(UUID id, String token, int attempts, Instant next, String error) {
        return finishClaim(
                "attempts = ?, next_attempt_at = ?, last_error = ?", id, token, attempts, ts(next), shorten(error));
    }

    /** Given up: kept as failed (never deleted), so an operator can see and requeue it. */
    public boolean fail(UUID id, String token, int attempts, Instant now, String error) {
        return finishClaim(
                "status = 'failed', attempts = ?, failed_at = ?, last_error = ?",
                id,
                token,
                attempts,
                ts(now),
                shorten(error));
    }

    private boolean finishClaim(String set, UUID id, String token, Object... values) {
        return leases.finish(set, id, token, values);
    }

    /** Hands a claimed row back untouched (shutdown), so any worker can take it at once. */
    public boolean release(UUID id, String token) {
        return leases.release(id, token);
    }

    /** Failed rows become pending again, due at {@code now}, with a fresh attempt count. Returns how many. */
    public long requeueFailed(Instant now) {
        return db.execute()
                .update(
                        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                                + "failed_at = NULL WHERE status = 'failed'",
                        ts(now));
    }

    /** Deletes sent rows older than {@code before}; pending and failed rows are never deleted. */
    public long purgeSent(Instant before) {
        return db.execute().delete("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?", ts(before));
    }

    public Stats stats() {
        long pending = count(PENDING);
        long failed = count(FAILED);
        Instant oldest = db.execute()
                .get("SELECT created_at FROM outbox WHERE status = 'pending' " + "ORDER BY created_at LIMIT 1")
                .map(r -> instant(r, "created_at"))
                .orElse(null);
        return new Stats(pending, failed, oldest);
    }

    public Optional<Entry> find(UUID id) {
        return db.execute()
                .get("SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE id = CAST(? AS UUID)", id)
                .map(Outbox::entry);
    }

    /** Rows of one type, oldest first (operators, tests). */
    public List<Entry> ofType(String type, int limit) {
        return db.execute()
                .query(
                        "SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE type = ? " + "ORDER BY created_at, id LIMIT ?",
                        type,
                        limit)
                .map(Outbox::entry)
                .toList();
    }

    private long count(String status) {
        return db.execute()
                .get("SELECT COUNT(*) AS n FROM outbox WHERE status = ?", status)
                .orElseThrow()
                .column("n")
                .get(Number.class)
                .longValue();
    }

    private static Message message(DbRow row) {
        return new Message(
                row.column("id").get(UUID.class),
                row.column("type").get(String.class),
                row.column("payload").get(String.class),
                row.column("attempts").get(Number.class).intValue(),
                instant(row, "created_at"));
    }

    private static Entry entry(DbRow row) {
        return new Entry(
                row.column("id").get(UUID.class),
                row.column("type").get(String.class),
                row.column("payload").get(String.class),
                row.column("status").get(String.class),
                row.column("attempts").get(Number.class).intValue(),
                instant(row, "created_at"),
                instant(row, "next_attempt_at"),
                instant(row, "sent_at"),
                row.column("last_error").get(String.class));
    }

    /** One line, bounded: no stack trace, no line breaks. */
    public static String shorten(String error) {
        String line = error == null ? "" : error.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
    }
}

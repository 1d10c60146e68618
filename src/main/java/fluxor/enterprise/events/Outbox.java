package fluxor.enterprise.events;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.users.UuidV7;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL about the outbox table. Runs unchanged on PostgreSQL and H2.
 *
 * <p>Claiming: one short transaction selects due rows {@code FOR UPDATE SKIP LOCKED} (PostgreSQL: concurrent
 * workers skip each other's rows; H2 2.2 accepts the clause but applies LIMIT before skipping, so a second worker
 * finds nothing while the first one's claim transaction is open) and stamps each with a claim token and a lease
 * end. The stamp is a conditional UPDATE whose count is checked, so a row is never claimed twice even where the
 * lock is weaker. Delivery happens after that transaction, without holding locks; sent/retry/failed are again
 * conditional on the claim token, so a worker whose lease expired cannot overwrite its successor's work.
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

    public Outbox(DbClient db) {
        this.db = db;
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
        DbTransaction tx = db.transaction();
        boolean committed = false;
        try {
            List<Message> due = tx.query(
                            "SELECT id, type, payload, attempts, created_at FROM outbox "
                                    + "WHERE status = 'pending' AND next_attempt_at <= ? "
                                    + "AND (claimed_until IS NULL OR claimed_until < ?) "
                                    + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                            ts(now),
                            ts(now),
                            limit)
                    .map(Outbox::message)
                    .toList();
            List<Message> claimed = new ArrayList<>(due.size());
            for (Message m : due) {
                long n = tx.update(
                        "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = CAST(? AS UUID) "
                                + "AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)",
                        token,
                        ts(leaseEnd),
                        m.id(),
                        ts(now));
                if (n == 1) {
                    claimed.add(m);
                }
            }
            tx.commit();
            committed = true;
            return claimed;
        } finally {
            if (!committed) {
                rollbackQuietly(tx);
            }
        }
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

    /**
     * Applies {@code set} and drops the claim, but only while {@code token} still holds a pending row: a worker
     * whose lease expired (and whose row another worker took) changes nothing and learns it from the false.
     */
    private boolean finishClaim(String set, UUID id, String token, Object... values) {
        Object[] params = Arrays.copyOf(values, values.length + 2);
        params[values.length] = id;
        params[values.length + 1] = token;
        return db.execute()
                        .update(
                                "UPDATE outbox SET " + set + ", claimed_by = NULL, claimed_until = NULL "
                                        + "WHERE id = CAST(? AS UUID) AND claimed_by = ? AND status = 'pending'",
                                params)
                == 1;
    }

    /** Hands a claimed row back untouched (shutdown), so any worker can take it at once. */
    public boolean release(UUID id, String token) {
        return db.execute()
                        .update(
                                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL "
                                        + "WHERE id = CAST(? AS UUID) AND claimed_by = ?",
                                id,
                                token)
                == 1;
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
    static String shorten(String error) {
        String line = error == null ? "" : error.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 3) + "...";
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException ignored) {
            // the original failure is what propagates; the pool discards a broken connection
        }
    }
}

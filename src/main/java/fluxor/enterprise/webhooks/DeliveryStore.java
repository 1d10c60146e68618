package fluxor.enterprise.webhooks;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.events.Leases;
import fluxor.enterprise.events.Outbox;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** All SQL about webhook deliveries; claims work like the outbox's ({@link Leases}), per endpoint. */
final class DeliveryStore {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    private static final String COLUMNS = "id, event_id, endpoint, event_type, body, status, attempts, "
            + "next_attempt_at, last_status, COALESCE(last_error, '') AS last_error, created_at, updated_at, "
            + "COALESCE(delivered_at, created_at) AS delivered_at";

    /** A row as claimed for an attempt, or as operators see it ({@code deliveredAt} only when delivered). */
    record Delivery(
            UUID id,
            UUID eventId,
            String endpoint,
            String eventType,
            String body,
            String status,
            int attempts,
            Instant nextAttemptAt,
            int lastStatus,
            String lastError,
            Instant createdAt,
            Instant updatedAt,
            Instant deliveredAt) {}

    /** Pending and failed rows of one endpoint. */
    record Backlog(long pending, long failed) {
        static final Backlog NONE = new Backlog(0, 0);
    }

    private final DbClient db;
    private final Leases leases;

    DeliveryStore(DbClient db) {
        this.db = db;
        this.leases = new Leases(db, "webhook_deliveries");
    }

    /** One delivery of an event to an endpoint; nothing when that pair exists already (the event came again). */
    boolean insertIfAbsent(UUID id, UUID eventId, String endpoint, String type, String body, Instant now) {
        return db.execute()
                        .insert(
                                "INSERT INTO webhook_deliveries (id, event_id, endpoint, event_type, body, status, "
                                        + "attempts, next_attempt_at, created_at, updated_at) VALUES (CAST(? AS UUID), "
                                        + "CAST(? AS UUID), ?, ?, ?, 'pending', 0, ?, ?, ?) "
                                        + "ON CONFLICT DO NOTHING",
                                id,
                                eventId,
                                endpoint,
                                type,
                                body,
                                ts(now),
                                ts(now),
                                ts(now))
                == 1;
    }

    List<Delivery> claim(String endpoint, String token, Instant now, Instant leaseEnd, int limit) {
        return leases.claim(
                "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE endpoint = ? AND status = 'pending' "
                        + "AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
                        + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                List.of(endpoint, ts(now), ts(now), limit),
                DeliveryStore::delivery,
                Delivery::id,
                token,
                now,
                leaseEnd);
    }

    boolean delivered(UUID id, String token, int attempts, int status, Instant now) {
        return leases.finish(
                "status = 'delivered', attempts = ?, last_status = ?, last_error = NULL, delivered_at = ?, "
                        + "updated_at = ?",
                id,
                token,
                attempts,
                status,
                ts(now),
                ts(now));
    }

    boolean retry(UUID id, String token, int attempts, int status, String error, Instant next, Instant now) {
        return leases.finish(
                "attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, updated_at = ?",
                id,
                token,
                attempts,
                status,
                Outbox.shorten(error),
                ts(next),
                ts(now));
    }

    boolean fail(UUID id, String token, int attempts, int status, String error, Instant now) {
        return leases.finish(
                "status = 'failed', attempts = ?, last_status = ?, last_error = ?, updated_at = ?",
                id,
                token,
                attempts,
                status,
                Outbox.shorten(error),
                ts(now));
    }

    /**
     * Due again now with a fresh attempt count, whatever its status; false when the row is being attempted right
     * now (its claim holds) or does not exist.
     */
    boolean requeue(UUID id, Instant now) {
        return db.execute()
                        .update(
                                "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                                        + "updated_at = ? WHERE id = CAST(? AS UUID) "
                                        + "AND (claimed_until IS NULL OR claimed_until < ?)",
                                ts(now),
                                ts(now),
                                id,
                                ts(now))
                == 1;
    }

    Optional<Delivery> find(UUID id) {
        return db.execute()
                .get("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = CAST(? AS UUID)", id)
                .map(DeliveryStore::delivery);
    }

    /** Newest first, optionally of one status, starting after {@code before} (exclusive). */
    List<Delivery> page(String status, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (before != null) {
            sql.append(" AND id < CAST(? AS UUID)");
            params.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return db.execute()
                .query(sql.toString(), params.toArray())
                .map(DeliveryStore::delivery)
                .toList();
    }

    Map<String, Backlog> backlog() {
        Map<String, long[]> counts = new HashMap<>();
        db.execute()
                .query("SELECT endpoint, status, COUNT(*) AS n FROM webhook_deliveries "
                        + "WHERE status IN ('pending', 'failed') GROUP BY endpoint, status")
                .forEach(r -> {
                    long[] c = counts.computeIfAbsent(r.column("endpoint").get(String.class), k -> new long[2]);
                    long n = r.column("n").get(Number.class).longValue();
                    c[PENDING.equals(r.column("status").get(String.class)) ? 0 : 1] += n;
                });
        Map<String, Backlog> result = new HashMap<>();
        counts.forEach((endpoint, c) -> result.put(endpoint, new Backlog(c[0], c[1])));
        return result;
    }

    private static Delivery delivery(DbRow row) {
        return new Delivery(
                row.column("id").get(UUID.class),
                row.column("event_id").get(UUID.class),
                row.column("endpoint").get(String.class),
                row.column("event_type").get(String.class),
                row.column("body").get(String.class),
                row.column("status").get(String.class),
                row.column("attempts").get(Number.class).intValue(),
                instant(row, "next_attempt_at"),
                row.column("last_status").get(Number.class).intValue(),
                row.column("last_error").get(String.class),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "delivered_at"));
    }
}

package fluxor.enterprise.idempotency;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.Optional;

/**
 * All SQL about idempotency records. The primary key (scope, key) is the lock: the first request inserts its row
 * before it runs, so of two racing requests with one key exactly one inserts and runs, on any instance.
 */
final class IdempotencyStore {
    /** A record: {@code status} 0 while the first request is still running. */
    record Stored(
            String fingerprint,
            int status,
            String location,
            String contentType,
            String body,
            Instant startedAt,
            Instant expiresAt) {}

    private final DbClient db;

    IdempotencyStore(DbClient db) {
        this.db = db;
    }

    /** True when this request now owns the key (it was free). */
    boolean begin(String scope, String key, String fingerprint, Instant now, Instant expiresAt) {
        return db.execute()
                        .insert(
                                "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, started_at, expires_at) "
                                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                scope,
                                key,
                                fingerprint,
                                ts(now),
                                ts(expiresAt))
                == 1;
    }

    Optional<Stored> find(String scope, String key) {
        return db.execute()
                .get(
                        "SELECT fingerprint, response_status, response_location, response_type, response_body, "
                                + "started_at, expires_at FROM idempotency_keys WHERE scope = ? AND idem_key = ?",
                        scope,
                        key)
                .map(IdempotencyStore::stored);
    }

    /**
     * Takes over a key whose record expired, or whose first request was abandoned (still running after the lease:
     * its instance died). Conditional, so of several takers one wins.
     */
    boolean takeOver(
            String scope, String key, String fingerprint, Instant now, Instant expiresAt, Instant staleBefore) {
        return db.execute()
                        .update(
                                "UPDATE idempotency_keys SET fingerprint = ?, response_status = 0, "
                                        + "response_location = '', response_type = '', response_body = '', "
                                        + "started_at = ?, expires_at = ? WHERE scope = ? AND idem_key = ? "
                                        + "AND (expires_at <= ? OR (response_status = 0 AND started_at < ?))",
                                fingerprint,
                                ts(now),
                                ts(expiresAt),
                                scope,
                                key,
                                ts(now),
                                ts(staleBefore))
                == 1;
    }

    void complete(String scope, String key, int status, String location, String contentType, String body) {
        db.execute()
                .update(
                        "UPDATE idempotency_keys SET response_status = ?, response_location = ?, response_type = ?, "
                                + "response_body = ? WHERE scope = ? AND idem_key = ? AND response_status = 0",
                        status,
                        location,
                        contentType,
                        body,
                        scope,
                        key);
    }

    /** The first request ended without an outcome worth replaying (5xx, 429): the key is free again. */
    void release(String scope, String key) {
        db.execute()
                .delete(
                        "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND response_status = 0",
                        scope,
                        key);
    }

    long purgeExpired(Instant now) {
        return db.execute().delete("DELETE FROM idempotency_keys WHERE expires_at <= ?", ts(now));
    }

    private static Stored stored(DbRow row) {
        return new Stored(
                row.column("fingerprint").get(String.class),
                row.column("response_status").get(Number.class).intValue(),
                row.column("response_location").get(String.class),
                row.column("response_type").get(String.class),
                row.column("response_body").get(String.class),
                instant(row, "started_at"),
                instant(row, "expires_at"));
    }
}

package fluxor.enterprise.auth;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.db.Transactions;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * All SQL about failed logins: one row per (email key, client), client {@value #ACCOUNT} for the count across all
 * clients. Counting is one conditional UPDATE, so concurrent failures never lose a count.
 */
final class LoginFailures {
    static final String ACCOUNT = "*";

    /** A row after a failure was counted: the failures in its window, and whether a lock was already running. */
    record Count(int failures, boolean wasLocked) {}

    private final DbClient db;

    LoginFailures(DbClient db) {
        this.db = db;
    }

    /** The latest running lock of this pair or of the account, if any. */
    Optional<Instant> lockedUntil(String emailKey, String client, Instant now) {
        return db.execute()
                .query(
                        "SELECT locked_until FROM login_failures WHERE email_key = ? AND client IN (?, ?) "
                                + "AND locked_until > ?",
                        emailKey,
                        client,
                        ACCOUNT,
                        ts(now))
                .map(r -> instant(r, "locked_until"))
                .max(Instant::compareTo);
    }

    /** Counts one failure; a window older than {@code window} starts over at one. */
    Count count(DbExecute tx, String emailKey, String client, Instant now, Duration window) {
        for (int attempt = 0; ; attempt++) {
            long updated = tx.update(
                    "UPDATE login_failures SET "
                            + "failures = CASE WHEN window_start > ? THEN failures + 1 ELSE 1 END, "
                            + "window_start = CASE WHEN window_start > ? THEN window_start ELSE ? END "
                            + "WHERE email_key = ? AND client = ?",
                    ts(now.minus(window)),
                    ts(now.minus(window)),
                    ts(now),
                    emailKey,
                    client);
            if (updated == 0 && attempt == 0 && insertFirst(emailKey, client, now)) {
                return new Count(1, false);
            }
            if (updated > 0 || attempt > 0) {
                return tx.get(
                                "SELECT failures, CASE WHEN locked_until > ? THEN TRUE ELSE FALSE END AS locked "
                                        + "FROM login_failures WHERE email_key = ? AND client = ?",
                                ts(now),
                                emailKey,
                                client)
                        .map(r -> new Count(
                                r.column("failures").get(Number.class).intValue(),
                                r.column("locked").get(Boolean.class)))
                        .orElse(new Count(1, false));
            }
        }
    }

    /** The first failure of a pair; false when a concurrent one inserted it first (then it is counted above). */
    private boolean insertFirst(String emailKey, String client, Instant now) {
        try {
            db.execute()
                    .insert(
                            "INSERT INTO login_failures (email_key, client, failures, window_start) VALUES (?, ?, 1, ?)",
                            emailKey,
                            client,
                            ts(now));
            return true;
        } catch (RuntimeException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The window restarts when the lock ends, so the next failure after it keeps counting (and doubling). */
    void lock(DbExecute tx, String emailKey, String client, Instant until) {
        tx.update(
                "UPDATE login_failures SET locked_until = ?, window_start = ? WHERE email_key = ? AND client = ?",
                ts(until),
                ts(until),
                emailKey,
                client);
    }

    /** The account-wide lock mirrored on the user's row (the V1 columns), for operators and the unlock flow. */
    void lockAccount(DbExecute tx, UUID userId, int failures, Instant until) {
        tx.update(
                "UPDATE users SET failed_logins = ?, failure_window_start = ?, locked_until = ? "
                        + "WHERE id = CAST(? AS UUID)",
                failures,
                ts(until),
                ts(until),
                userId);
    }

    /** A successful login from this client: its pair starts over (the account-wide count does not). */
    void clearPair(String emailKey, String client) {
        db.execute().delete("DELETE FROM login_failures WHERE email_key = ? AND client = ?", emailKey, client);
    }

    /** Rows whose window and lock are both over carry no information any more. */
    long purge(Instant windowStartBefore, Instant now) {
        return db.execute()
                .delete(
                        "DELETE FROM login_failures WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)",
                        ts(windowStartBefore),
                        ts(now));
    }

    <T> T inTransaction(Function<DbExecute, T> work) {
        return Transactions.run(db, work);
    }
}

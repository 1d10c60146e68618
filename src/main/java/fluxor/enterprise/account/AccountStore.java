package fluxor.enterprise.account;

import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.db.Transactions;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbExecute;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SQL of the account flows besides the tokens: the user columns they change, the request log their rate limits
 * count, and the transaction every flow runs its change, its token and its outbox rows in.
 */
final class AccountStore {
    private final DbClient db;

    AccountStore(DbClient db) {
        this.db = db;
    }

    /** Runs {@code work} in one transaction: commits what it returns, rolls back what it throws. */
    <T> T inTransaction(Function<DbExecute, T> work) {
        return Transactions.run(db, work);
    }

    void markVerified(DbExecute tx, UUID userId, Instant now) {
        tx.update(
                "UPDATE users SET email_verified = TRUE, updated_at = ?, version = version + 1 "
                        + "WHERE id = CAST(? AS UUID)",
                ts(now),
                userId);
    }

    /** The new address, verified by the link it received; 409 if another account took it meanwhile. */
    void changeEmail(DbExecute tx, UUID userId, String email, Instant now) {
        try {
            tx.update(
                    "UPDATE users SET email = ?, email_key = ?, email_verified = TRUE, updated_at = ?, "
                            + "version = version + 1 WHERE id = CAST(? AS UUID)",
                    email,
                    User.emailKey(email),
                    ts(now),
                    userId);
        } catch (DbClientException e) {
            if (UserRepository.isUniqueViolation(e)) {
                throw new AppException.Conflict("Another account uses this email address now.");
            }
            throw e;
        }
    }

    /** A reset link proves the owner reads the address, so the address counts as verified too. */
    void resetPassword(DbExecute tx, UUID userId, String hash, Instant now) {
        tx.update(
                "UPDATE users SET password_hash = ?, email_verified = TRUE, updated_at = ?, version = version + 1 "
                        + "WHERE id = CAST(? AS UUID)",
                hash,
                ts(now),
                userId);
    }

    /** Requests of {@code kind} for {@code subject}, and from {@code ip}, since {@code since}. */
    record Counts(long bySubject, long byIp) {}

    Counts recentRequests(String kind, String subject, String ip, Instant since) {
        return new Counts(
                count(
                        "SELECT COUNT(*) FROM account_requests WHERE kind = ? AND subject = ? AND requested_at > ?",
                        kind,
                        subject,
                        since),
                count(
                        "SELECT COUNT(*) FROM account_requests WHERE kind = ? AND ip = ? AND requested_at > ?",
                        kind,
                        ip,
                        since));
    }

    void recordRequest(DbExecute tx, String kind, String subject, String ip, Instant now) {
        tx.insert(
                "INSERT INTO account_requests (kind, subject, ip, requested_at) VALUES (?, ?, ?, ?)",
                kind,
                subject,
                ip,
                ts(now));
    }

    /** Forgets requests older than any window counts (called now and then, not per request). */
    long purgeRequests(Instant now, Duration keep) {
        return db.execute().delete("DELETE FROM account_requests WHERE requested_at < ?", ts(now.minus(keep)));
    }

    private long count(String sql, String kind, String key, Instant since) {
        return db.execute()
                .get(sql, kind, key, ts(since))
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .longValue();
    }
}

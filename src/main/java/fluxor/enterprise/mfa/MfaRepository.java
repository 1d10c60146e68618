package fluxor.enterprise.mfa;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.db.Transactions;
import fluxor.enterprise.http.AppException;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * All SQL of two-factor login; runs unchanged on PostgreSQL and H2. Every "use once" rule is a conditional UPDATE
 * whose row count decides, so two instances (or two requests) can never both accept the same code or token.
 */
final class MfaRepository {
    /** A stored secret (sealed) and the last time step a code was accepted for. */
    record Secret(String sealed, long lastStep) {}

    /** A live mfa_token: whose it is and how many wrong codes it has seen. */
    record LoginToken(UUID userId, int failures) {}

    static final int MAX_TOKEN_FAILURES = 5;

    private final DbClient db;

    MfaRepository(DbClient db) {
        this.db = db;
    }

    /** Runs {@code work} in one transaction: committed when it returns normally, rolled back when it throws. */
    <T> T inTransaction(Function<DbExecute, T> work) {
        return Transactions.run(db, work);
    }

    /** Locks the user's row for the transaction and says whether two-factor login is on (404 if no such user). */
    boolean lockUser(DbExecute tx, UUID userId) {
        return tx.get("SELECT mfa_enabled FROM users WHERE id = CAST(? AS UUID) FOR UPDATE", userId)
                .map(r -> r.column("mfa_enabled").get(Boolean.class))
                .orElseThrow(() -> new AppException.NotFound("No user with this id."));
    }

    /** A new pending enrolment replaces any earlier pending one (the caller holds the user's lock). */
    void replaceSecret(DbExecute tx, UUID userId, String sealed, Instant now) {
        tx.delete("DELETE FROM mfa_totp WHERE user_id = CAST(? AS UUID)", userId);
        tx.insert(
                "INSERT INTO mfa_totp (user_id, secret, last_step, created_at) VALUES (CAST(? AS UUID), ?, 0, ?)",
                userId,
                sealed,
                ts(now));
    }

    Optional<Secret> secret(UUID userId) {
        return db.execute()
                .get("SELECT secret, last_step FROM mfa_totp WHERE user_id = CAST(? AS UUID)", userId)
                .map(r -> new Secret(
                        r.column("secret").get(String.class),
                        r.column("last_step").get(Number.class).longValue()));
    }

    /** The replay guard: true only if {@code step} is newer than every step accepted before, for this secret. */
    boolean acceptStep(DbExecute tx, UUID userId, String sealed, long step) {
        return tx.update(
                        "UPDATE mfa_totp SET last_step = ? WHERE user_id = CAST(? AS UUID) AND secret = ? "
                                + "AND last_step < ?",
                        step,
                        userId,
                        sealed,
                        step)
                == 1;
    }

    boolean useRecoveryCode(DbExecute tx, UUID userId, String hash, Instant now) {
        return tx.update(
                        "UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = CAST(? AS UUID) AND code_hash = ? "
                                + "AND used_at IS NULL",
                        ts(now),
                        userId,
                        hash)
                == 1;
    }

    long unusedRecoveryCodes(UUID userId) {
        return count(
                "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = CAST(? AS UUID) AND used_at IS NULL", userId);
    }

    void replaceRecoveryCodes(DbExecute tx, UUID userId, List<String> hashes, Instant now) {
        tx.delete("DELETE FROM mfa_recovery_codes WHERE user_id = CAST(? AS UUID)", userId);
        for (String hash : hashes) {
            tx.insert(
                    "INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (CAST(? AS UUID), ?, ?)",
                    userId,
                    hash,
                    ts(now));
        }
    }

    /** Turns users.mfa_enabled to {@code on}; false when it already was (a concurrent request won). */
    boolean setEnabled(DbExecute tx, UUID userId, boolean on, Instant now) {
        return tx.update(
                        "UPDATE users SET mfa_enabled = ?, updated_at = ?, version = version + 1 "
                                + "WHERE id = CAST(? AS UUID) AND mfa_enabled = ?",
                        on,
                        ts(now),
                        userId,
                        !on)
                == 1;
    }

    /** Secret, recovery codes and pending mfa tokens go; returns how many rows existed. */
    long forget(DbExecute tx, UUID userId) {
        return tx.delete("DELETE FROM mfa_totp WHERE user_id = CAST(? AS UUID)", userId)
                + tx.delete("DELETE FROM mfa_recovery_codes WHERE user_id = CAST(? AS UUID)", userId)
                + tx.delete("DELETE FROM mfa_login_tokens WHERE user_id = CAST(? AS UUID)", userId);
    }

    /** A new mfa_token; any earlier one of the user stops working (one live challenge per user). */
    void insertLoginToken(UUID userId, String hash, Instant now, Instant expiresAt) {
        inTransaction(tx -> {
            tx.delete("DELETE FROM mfa_login_tokens WHERE user_id = CAST(? AS UUID)", userId);
            return tx.insert(
                    "INSERT INTO mfa_login_tokens (token_hash, user_id, created_at, expires_at, failures, spent) "
                            + "VALUES (?, CAST(? AS UUID), ?, ?, 0, FALSE)",
                    hash,
                    userId,
                    ts(now),
                    ts(expiresAt));
        });
    }

    Optional<LoginToken> liveLoginToken(String hash, Instant now) {
        return db.execute()
                .get(
                        "SELECT user_id, failures, expires_at FROM mfa_login_tokens WHERE token_hash = ? "
                                + "AND spent = FALSE AND failures < ?",
                        hash,
                        MAX_TOKEN_FAILURES)
                .filter(r -> instant(r, "expires_at").isAfter(now))
                .map(r -> new LoginToken(
                        r.column("user_id").get(UUID.class),
                        r.column("failures").get(Number.class).intValue()));
    }

    /** Spends the token if it is still live: of two concurrent uses, one wins. */
    boolean spendLoginToken(DbExecute tx, String hash, Instant now) {
        return tx.update(
                        "UPDATE mfa_login_tokens SET spent = TRUE WHERE token_hash = ? AND spent = FALSE "
                                + "AND failures < ? AND expires_at > ?",
                        hash,
                        MAX_TOKEN_FAILURES,
                        ts(now))
                == 1;
    }

    /** One more wrong code; the fifth spends the token. */
    void countLoginTokenFailure(String hash) {
        db.execute()
                .update(
                        "UPDATE mfa_login_tokens SET failures = failures + 1, "
                                + "spent = CASE WHEN failures + 1 >= ? THEN TRUE ELSE spent END "
                                + "WHERE token_hash = ? AND spent = FALSE",
                        MAX_TOKEN_FAILURES,
                        hash);
    }

    long usersWithMfa() {
        return count("SELECT COUNT(*) FROM users WHERE mfa_enabled = TRUE");
    }

    private long count(String sql, Object... params) {
        return db.execute()
                .get(sql, params)
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .longValue();
    }
}

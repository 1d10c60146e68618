package fluxor.enterprise.auth;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens by SHA-256; the raw value is never stored. */
public final class RefreshTokenRepository {

    /** A stored token's state. */
    record Stored(UUID userId, UUID familyId, Instant expiresAt, boolean used, boolean revoked) {}

    /** What a rotation found. */
    sealed interface Rotation {
        record Rotated(UUID userId, UUID familyId) implements Rotation {}

        record Reused(UUID userId, UUID familyId) implements Rotation {}

        record Invalid() implements Rotation {}
    }

    private final DbClient db;

    public RefreshTokenRepository(DbClient db) {
        this.db = db;
    }

    void insert(DbExecute exec, String hash, UUID familyId, UUID userId, Instant now, Instant expiresAt) {
        exec.insert(
                "INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) "
                        + "VALUES (?, CAST(? AS UUID), CAST(? AS UUID), ?, ?)",
                hash,
                familyId,
                userId,
                ts(now),
                ts(expiresAt));
    }

    void insert(String hash, UUID familyId, UUID userId, Instant now, Instant expiresAt) {
        insert(db.execute(), hash, familyId, userId, now, expiresAt);
    }

    Optional<Stored> find(String hash) {
        // A boolean rather than the nullable instants: Helidon's DbColumn cannot return SQL NULL.
        return db.execute()
                .get(
                        "SELECT user_id, family_id, expires_at, "
                                + "CASE WHEN used_at IS NULL THEN FALSE ELSE TRUE END AS used, "
                                + "CASE WHEN revoked_at IS NULL THEN FALSE ELSE TRUE END AS revoked "
                                + "FROM refresh_tokens WHERE token_hash = ?",
                        hash)
                .map(r -> new Stored(
                        r.column("user_id").get(UUID.class),
                        r.column("family_id").get(UUID.class),
                        instant(r, "expires_at"),
                        r.column("used").get(Boolean.class),
                        r.column("revoked").get(Boolean.class)));
    }

    /**
     * Marks the presented token used and stores its successor in one transaction. The conditional UPDATE is the
     * race guard: of two concurrent uses of one token exactly one wins; the loser sees a reuse.
     */
    Rotation rotate(String hash, String nextHash, Instant now, Instant nextExpiresAt) {
        Optional<Stored> stored = find(hash);
        if (stored.isEmpty() || !stored.get().expiresAt().isAfter(now)) {
            return new Rotation.Invalid();
        }
        Stored s = stored.get();
        // A used token coming back means two parties hold it: reuse. A merely revoked one (logout) is just invalid.
        if (s.used()) {
            return new Rotation.Reused(s.userId(), s.familyId());
        }
        if (s.revoked()) {
            return new Rotation.Invalid();
        }
        DbTransaction tx = db.transaction();
        try {
            long won = tx.update(
                    "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
                            + "AND revoked_at IS NULL",
                    ts(now),
                    hash);
            if (won == 0) {
                tx.rollback();
                return new Rotation.Reused(s.userId(), s.familyId());
            }
            insert(tx, nextHash, s.familyId(), s.userId(), now, nextExpiresAt);
            tx.commit();
            return new Rotation.Rotated(s.userId(), s.familyId());
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    long revokeFamily(UUID familyId, Instant now) {
        return db.execute()
                .update(
                        "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = CAST(? AS UUID) "
                                + "AND revoked_at IS NULL",
                        ts(now),
                        familyId);
    }

    /**
     * Sign out everywhere, in the caller's transaction: every refresh family of the user is revoked and every access
     * token issued before {@code now} is refused (users.tokens_valid_after, which each instance syncs). The one place
     * password resets and changes, disabling, demotion, deletion and "revoke all" go through.
     */
    public long endAllSessions(DbExecute exec, UUID userId, Instant now) {
        exec.update("UPDATE users SET tokens_valid_after = ? WHERE id = CAST(? AS UUID)", ts(now), userId);
        return exec.update(
                "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = CAST(? AS UUID) AND revoked_at IS NULL",
                ts(now),
                userId);
    }

    public long revokeAllOf(UUID userId, Instant now) {
        return db.execute()
                .update(
                        "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = CAST(? AS UUID) "
                                + "AND revoked_at IS NULL",
                        ts(now),
                        userId);
    }

    /** Tokens of a family that still work (tests, and a future sessions view). */
    long liveInFamily(UUID familyId, Instant now) {
        return db.execute()
                .get(
                        "SELECT COUNT(*) FROM refresh_tokens WHERE family_id = CAST(? AS UUID) "
                                + "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
                        familyId,
                        ts(now))
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .longValue();
    }
}

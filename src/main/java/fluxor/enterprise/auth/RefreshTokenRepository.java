package fluxor.enterprise.auth;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import fluxor.enterprise.db.Transactions;
import fluxor.enterprise.events.Outbox;
import fluxor.enterprise.http.Jsons;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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

    /** The outbox type written for every session that ends, with its user_id and session_id. */
    public static final String SESSION_REVOKED = "session.revoked";

    private final DbClient db;
    private final SessionStore sessions;
    private final Outbox outbox;
    private final Counter revokedSessions = Metrics.globalRegistry()
            .getOrCreate(Counter.builder("auth.sessions.revoked")
                    .description("Sessions ended: logout, reuse, revoke one or all, password, disabling, demotion"));

    public RefreshTokenRepository(DbClient db) {
        this.db = db;
        this.sessions = new SessionStore(db);
        this.outbox = new Outbox(db);
    }

    SessionStore sessions() {
        return sessions;
    }

    /** A login: the first token of a new family and its session row, together. */
    void startSession(String hash, UUID familyId, UUID userId, LoginClient client, Instant now, Instant expiresAt) {
        startSession(hash, familyId, userId, client, now, expiresAt, Set.of());
    }

    /**
     * A password login: the session starts only while the user's hash is still one the login verified
     * ({@code checkedHashes}; empty = no check). The user row is locked first, so a password reset or change either
     * committed before (this sees the new hash and starts nothing: false) or waits for this to commit (and its
     * sign-out then sees the new session and ends it). A read after the insert could not close that window.
     */
    boolean startSession(
            String hash,
            UUID familyId,
            UUID userId,
            LoginClient client,
            Instant now,
            Instant expiresAt,
            Set<String> checkedHashes) {
        return inTransaction(tx -> {
            if (!checkedHashes.isEmpty()) {
                String current = tx.get("SELECT password_hash FROM users WHERE id = CAST(? AS UUID) FOR UPDATE", userId)
                        .map(r -> r.column("password_hash").get(String.class))
                        .orElse("");
                if (!checkedHashes.contains(current)) {
                    return false;
                }
            }
            insert(tx, hash, familyId, userId, now, expiresAt);
            sessions.start(
                    tx, familyId, userId, client.userAgent(), client.address().ip(), now, expiresAt);
            return true;
        });
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
    Rotation rotate(String hash, String nextHash, LoginClient client, Instant now, Instant nextExpiresAt) {
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
            sessions.touch(
                    tx, s.familyId(), client.userAgent(), client.address().ip(), now, nextExpiresAt);
            tx.commit();
            return new Rotation.Rotated(s.userId(), s.familyId());
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    /** Logout and reuse: the family's tokens and its session end (its access tokens too, once instances sync). */
    long revokeFamily(UUID familyId, Instant now) {
        return inTransaction(tx -> {
            revokedSessions.increment(sessions.revoke(tx, familyId, now));
            return revokeTokens(tx, familyId, now);
        });
    }

    private static long revokeTokens(DbExecute exec, UUID familyId, Instant now) {
        return exec.update(
                "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = CAST(? AS UUID) AND revoked_at IS NULL",
                ts(now),
                familyId);
    }

    /**
     * Sign out everywhere, in the caller's transaction: every refresh family and session of the user is revoked
     * (one {@code session.revoked} outbox event each) and every access token issued before {@code now} is refused
     * (users.tokens_valid_after, which each instance syncs). The one place password resets and changes, disabling,
     * demotion and "revoke all" go through. Returns how many sessions ended.
     */
    public long endAllSessions(DbExecute exec, UUID userId, Instant now) {
        List<UUID> ended = sessions.unrevoked(exec, userId);
        exec.update("UPDATE users SET tokens_valid_after = ? WHERE id = CAST(? AS UUID)", ts(now), userId);
        exec.update(
                "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = CAST(? AS UUID) AND revoked_at IS NULL",
                ts(now),
                userId);
        sessions.revokeAll(exec, userId, now);
        ended.forEach(id -> revokedEvent(exec, userId, id, now));
        revokedSessions.increment(ended.size());
        return ended.size();
    }

    /** One session of this user ends; false when it is not theirs, unknown, expired or already revoked. */
    boolean revokeSession(DbExecute exec, UUID userId, UUID sessionId, Instant now) {
        if (!sessions.liveOwner(exec, sessionId, now).filter(userId::equals).isPresent()
                || sessions.revoke(exec, sessionId, now) == 0) {
            return false;
        }
        revokeTokens(exec, sessionId, now);
        revokedEvent(exec, userId, sessionId, now);
        revokedSessions.increment();
        return true;
    }

    /**
     * Every session of the user but {@code keep} ends, each with its event, and their access tokens are refused once
     * instances sync (two-factor login turned on or off keeps only the caller's session). Returns how many ended.
     */
    public long endOtherSessions(DbExecute exec, UUID userId, UUID keep, Instant now) {
        long ended = 0;
        for (UUID id : sessions.unrevoked(exec, userId)) {
            if (!id.equals(keep) && revokeSession(exec, userId, id, now)) {
                ended++;
            }
        }
        return ended;
    }

    /** Deletion: the tombstone every instance syncs (the user's sessions go with the row). */
    public void recordDeletion(DbExecute exec, UUID userId, Instant now) {
        sessions.recordDeletion(exec, userId, now);
    }

    private void revokedEvent(DbExecute exec, UUID userId, UUID sessionId, Instant now) {
        String payload = Jsons.object()
                .add("user_id", userId.toString())
                .add("session_id", sessionId.toString())
                .build()
                .toString();
        outbox.append(exec, SESSION_REVOKED, payload, now);
    }

    <T> T inTransaction(Function<DbExecute, T> work) {
        return Transactions.run(db, work);
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

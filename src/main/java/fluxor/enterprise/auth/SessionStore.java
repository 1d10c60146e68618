package fluxor.enterprise.auth;

import static fluxor.enterprise.users.UserRepository.instant;
import static fluxor.enterprise.users.UserRepository.ts;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** All SQL about sessions (refresh-token families as the user sees them) and what instances sync to revoke tokens. */
final class SessionStore {
    static final int MAX_USER_AGENT = 200;
    static final int MAX_IP = 64;

    /** A session as its owner sees it. */
    record Session(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent, String ip) {}

    /** What changed at or after an instant: users' not-before, revoked sessions, deleted users, each with when. */
    record Changes(Map<UUID, Instant> notBefore, Map<UUID, Instant> revokedSessions, Map<UUID, Instant> deletedUsers) {}

    private final DbClient db;

    SessionStore(DbClient db) {
        this.db = db;
    }

    void start(DbExecute exec, UUID id, UUID userId, String userAgent, String ip, Instant now, Instant expiresAt) {
        exec.insert(
                "INSERT INTO sessions (id, user_id, user_agent, ip, created_at, last_used_at, expires_at) "
                        + "VALUES (CAST(? AS UUID), CAST(? AS UUID), ?, ?, ?, ?, ?)",
                id,
                userId,
                bounded(userAgent, MAX_USER_AGENT),
                bounded(ip, MAX_IP),
                ts(now),
                ts(now),
                ts(expiresAt));
    }

    /** A refresh: the session was used now, from this client, and lives until the new refresh token expires. */
    void touch(DbExecute exec, UUID id, String userAgent, String ip, Instant now, Instant expiresAt) {
        exec.update(
                "UPDATE sessions SET last_used_at = ?, expires_at = ?, user_agent = ?, ip = ? "
                        + "WHERE id = CAST(? AS UUID)",
                ts(now),
                ts(expiresAt),
                bounded(userAgent, MAX_USER_AGENT),
                bounded(ip, MAX_IP),
                id);
    }

    List<Session> live(UUID userId, Instant now) {
        return db.execute()
                .query(
                        "SELECT id, created_at, last_used_at, expires_at, user_agent, ip FROM sessions "
                                + "WHERE user_id = CAST(? AS UUID) AND revoked_at IS NULL AND expires_at > ? "
                                + "ORDER BY last_used_at DESC, id",
                        userId,
                        ts(now))
                .map(r -> new Session(
                        r.column("id").get(UUID.class),
                        instant(r, "created_at"),
                        instant(r, "last_used_at"),
                        instant(r, "expires_at"),
                        r.column("user_agent").get(String.class),
                        r.column("ip").get(String.class)))
                .toList();
    }

    /** The user's sessions not yet revoked (expired ones included: their access tokens may still be alive). */
    List<UUID> unrevoked(DbExecute exec, UUID userId) {
        return exec.query("SELECT id FROM sessions WHERE user_id = CAST(? AS UUID) AND revoked_at IS NULL", userId)
                .map(r -> r.column("id").get(UUID.class))
                .toList();
    }

    /** The session's owner, if it exists, is live, and is not revoked. */
    Optional<UUID> liveOwner(DbExecute exec, UUID id, Instant now) {
        return exec.get(
                        "SELECT user_id FROM sessions WHERE id = CAST(? AS UUID) AND revoked_at IS NULL "
                                + "AND expires_at > ?",
                        id,
                        ts(now))
                .map(r -> r.column("user_id").get(UUID.class));
    }

    long revoke(DbExecute exec, UUID id, Instant now) {
        return exec.update(
                "UPDATE sessions SET revoked_at = ? WHERE id = CAST(? AS UUID) AND revoked_at IS NULL", ts(now), id);
    }

    long revokeAll(DbExecute exec, UUID userId, Instant now) {
        return exec.update(
                "UPDATE sessions SET revoked_at = ? WHERE user_id = CAST(? AS UUID) AND revoked_at IS NULL",
                ts(now),
                userId);
    }

    /** The user's row goes; this tombstone keeps every instance refusing their tokens until those expire. */
    void recordDeletion(DbExecute exec, UUID userId, Instant now) {
        exec.insert("INSERT INTO deleted_users (user_id, deleted_at) VALUES (CAST(? AS UUID), ?)", userId, ts(now));
    }

    long purgeDeletions(Instant before) {
        return db.execute().delete("DELETE FROM deleted_users WHERE deleted_at < ?", ts(before));
    }

    /** Three indexed range reads: only what changed at or after {@code since}. */
    Changes since(Instant since) {
        DbExecute exec = db.execute();
        return new Changes(
                pairs(exec, "SELECT id AS k, tokens_valid_after AS t FROM users WHERE tokens_valid_after >= ?", since),
                pairs(exec, "SELECT id AS k, revoked_at AS t FROM sessions WHERE revoked_at >= ?", since),
                pairs(exec, "SELECT user_id AS k, deleted_at AS t FROM deleted_users WHERE deleted_at >= ?", since));
    }

    private static Map<UUID, Instant> pairs(DbExecute exec, String sql, Instant since) {
        Map<UUID, Instant> map = new HashMap<>();
        exec.query(sql, ts(since)).forEach(r -> map.put(r.column("k").get(UUID.class), instant(r, "t")));
        return map;
    }

    private static String bounded(String value, int max) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.length() <= max) {
            return clean;
        }
        // never cut a surrogate pair in half
        return clean.substring(0, Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max);
    }
}

-- Sessions, access-token revocation and login lockout per (account, client IP). Portable SQL (PostgreSQL, H2).

-- A session is a refresh-token family (refresh_tokens.family_id, the access token's sid claim): what the user sees
-- in "your sessions" and can end. revoked_at is also what every instance syncs to refuse the session's access
-- tokens, hence its index.
CREATE TABLE sessions (
    id           UUID PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   VARCHAR(200) NOT NULL,
    ip           VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_revoked_idx ON sessions (revoked_at);

-- Families that still work when this migration runs become sessions with an unknown agent and address.
INSERT INTO sessions (id, user_id, user_agent, ip, created_at, last_used_at, expires_at)
SELECT family_id, user_id, '', '', MIN(created_at), MAX(created_at), MAX(expires_at)
FROM refresh_tokens
GROUP BY family_id, user_id
HAVING SUM(CASE WHEN used_at IS NULL AND revoked_at IS NULL THEN 1 ELSE 0 END) > 0;

-- The per-user "not before" (V3) is synced by "changed since", so it needs an index.
CREATE INDEX users_tokens_valid_after_idx ON users (tokens_valid_after);

-- Deleted users outlive their row for one access-token lifetime, so every instance refuses their tokens.
CREATE TABLE deleted_users (
    user_id    UUID PRIMARY KEY,
    deleted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX deleted_users_at_idx ON deleted_users (deleted_at);

-- Failed logins per (email key, client): client is the client's IP key (IPv4, or IPv6 /64), or '*' for the
-- count across all clients (the account-wide threshold). Unknown emails count too, so a 429 reveals nothing.
CREATE TABLE login_failures (
    email_key    VARCHAR(254) NOT NULL,
    client       VARCHAR(64)  NOT NULL,
    failures     INTEGER      NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (email_key, client)
);

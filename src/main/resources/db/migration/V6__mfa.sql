-- Two-factor login (TOTP, RFC 6238) and its recovery codes. users.mfa_enabled (V3) says whether it is on; a row
-- in mfa_totp without it is an enrolment waiting for its first code.
CREATE TABLE mfa_totp (
    user_id    UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- "v1." + base64(96-bit nonce || AES-256-GCM ciphertext and tag), the user id as associated data
    secret     VARCHAR(200) NOT NULL,
    -- the last time step (Unix time / 30 s) a code was accepted for: a code is refused unless its step is newer,
    -- so an accepted code cannot be replayed on any instance
    last_step  BIGINT       NOT NULL DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Single-use recovery codes, stored only as SHA-256 (hex) of the normalised code (80 random bits each).
CREATE TABLE mfa_recovery_codes (
    user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, code_hash)
);

-- The mfa_token between the password and the second factor, stored only as SHA-256 (hex). One live per user
-- (a new login supersedes it); spent by its successful use, its expiry or its fifth wrong code.
CREATE TABLE mfa_login_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    failures   INTEGER     NOT NULL DEFAULT 0,
    spent      BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX mfa_login_tokens_user_idx ON mfa_login_tokens (user_id);

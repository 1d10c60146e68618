-- Users and their refresh tokens. Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).
CREATE TABLE users (
    id                   UUID PRIMARY KEY,
    email                VARCHAR(254) NOT NULL,
    -- lower(trim(email)), so that uniqueness is case-insensitive on both databases
    email_key            VARCHAR(254) NOT NULL,
    name                 VARCHAR(100) NOT NULL,
    password_hash        VARCHAR(255) NOT NULL,
    roles                VARCHAR(255) NOT NULL,
    disabled             BOOLEAN      NOT NULL DEFAULT FALSE,
    -- brute-force protection: failures inside the current window, and the lock they caused
    failed_logins        INTEGER      NOT NULL DEFAULT 0,
    failure_window_start TIMESTAMP WITH TIME ZONE,
    locked_until         TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_email_key_uq UNIQUE (email_key)
);

-- Opaque refresh tokens, stored only as SHA-256 (hex). One family per login; rotation keeps the family.
CREATE TABLE refresh_tokens (
    token_hash  VARCHAR(64) PRIMARY KEY,
    family_id   UUID        NOT NULL,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

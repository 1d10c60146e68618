-- Account lifecycle (package account): one-time tokens for email verification, email change, password reset and
-- unlock, and the request log the reset and resend rate limits count. Portable SQL: PostgreSQL and H2.
CREATE TABLE account_tokens (
    -- SHA-256 (hex) of the token; the token itself is never stored
    token_hash  VARCHAR(64)  PRIMARY KEY,
    user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- VERIFY_EMAIL, CHANGE_EMAIL, RESET_PASSWORD, UNLOCK
    kind        VARCHAR(20)  NOT NULL,
    -- the address the link was sent to: verifying it only counts while it is still (or, for a change, becomes)
    -- the account's address
    email       VARCHAR(254) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    -- set when a newer token of the same kind was issued to the same user
    superseded_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX account_tokens_user_kind_idx ON account_tokens (user_id, kind);

-- One row per accepted reset or resend request, so that every instance counts the same requests. subject is the
-- SHA-256 of the address (reset) or the user id (resend); ip is the client as the edge resolved it.
CREATE TABLE account_requests (
    kind         VARCHAR(20) NOT NULL,
    subject      VARCHAR(64) NOT NULL,
    ip           VARCHAR(64) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_requests_subject_idx ON account_requests (kind, subject, requested_at);
CREATE INDEX account_requests_ip_idx ON account_requests (kind, ip, requested_at);
CREATE INDEX account_requests_time_idx ON account_requests (requested_at);

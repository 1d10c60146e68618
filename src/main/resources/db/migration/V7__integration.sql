-- Integration: webhook deliveries (one row per event and endpoint) and idempotency records (Idempotency-Key).
-- Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).
CREATE TABLE webhook_deliveries (
    -- the webhook-id header: stable across retries of this delivery
    id              UUID          PRIMARY KEY,
    -- the outbox event it came from; with endpoint unique, so a redelivered event never fans out twice
    event_id        UUID          NOT NULL,
    -- the endpoint's configured name (never its URL, which may carry credentials)
    endpoint        VARCHAR(100)  NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    -- the exact bytes sent (and signed) on every attempt, fixed when the event fanned out
    body            VARCHAR(8000) NOT NULL,
    -- pending (to deliver), delivered (a 2xx came back), failed (gave up after webhooks.max-attempts)
    status          VARCHAR(10)   NOT NULL DEFAULT 'pending',
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a worker's claim, as in the outbox: token and lease end
    claimed_by      VARCHAR(64),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    -- the last attempt: HTTP status (0 = no response) and one short line of error, never a stack trace
    last_status     INTEGER       NOT NULL DEFAULT 0,
    last_error      VARCHAR(300),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT webhook_deliveries_event_endpoint_uq UNIQUE (event_id, endpoint),
    CONSTRAINT webhook_deliveries_status_ck CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (endpoint, status, next_attempt_at);
CREATE INDEX webhook_deliveries_status_idx ON webhook_deliveries (status, id);

CREATE TABLE idempotency_keys (
    -- whose key: 'anonymous' for unauthenticated routes, else the caller's user id
    scope            VARCHAR(64)   NOT NULL,
    idem_key         VARCHAR(255)  NOT NULL,
    -- SHA-256 (hex) of method, path and body: the same key with another request is a 422
    fingerprint      VARCHAR(64)   NOT NULL,
    -- 0 while the first request runs; then its status, Location, content type and body, replayed as they were
    response_status  INTEGER       NOT NULL DEFAULT 0,
    response_location VARCHAR(500) NOT NULL DEFAULT '',
    response_type    VARCHAR(100)  NOT NULL DEFAULT '',
    response_body    VARCHAR(16000) NOT NULL DEFAULT '',
    -- when the first request began (an abandoned one may be taken over after the lease) and when the record ends
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

-- Transactional outbox: events written in the same transaction as the change that caused them (a registration
-- writes its user and a 'user.registered' row together), delivered afterwards by events.OutboxWorker.
-- Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).
CREATE TABLE outbox (
    id              UUID          PRIMARY KEY,
    type            VARCHAR(100)  NOT NULL,
    -- the event as JSON text (VARCHAR rather than TEXT: H2 maps TEXT to a CLOB)
    payload         VARCHAR(8000) NOT NULL,
    -- pending (to deliver), sent (every subscriber accepted it), failed (gave up after events.max-attempts)
    status          VARCHAR(10)   NOT NULL DEFAULT 'pending',
    attempts        INTEGER       NOT NULL DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- not before this instant (retries back off exponentially)
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a worker's claim: its claim token and the lease end; an expired lease (crashed worker) is claimable again
    claimed_by      VARCHAR(64),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    sent_at         TIMESTAMP WITH TIME ZONE,
    failed_at       TIMESTAMP WITH TIME ZONE,
    -- the last failure in one short line (exception class and message), never a stack trace
    last_error      VARCHAR(300),
    CONSTRAINT outbox_status_ck CHECK (status IN ('pending', 'sent', 'failed'))
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);

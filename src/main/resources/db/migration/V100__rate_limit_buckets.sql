-- Token buckets of the PostgreSQL rate-limit backend (RATE_LIMIT_BACKEND=postgres), one row per client and
-- limit, in Bucket4j's layout. Unused with the default in-memory backend. Rows expire (expires_at, epoch millis).
CREATE TABLE rate_limit_buckets (
    id         VARCHAR(128) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

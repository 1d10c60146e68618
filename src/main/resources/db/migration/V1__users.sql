-- Users and their refresh tokens. Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).
CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         VARCHAR(254) NOT NULL,
    -- lower(trim(email)), so that uniqueness is case-insensitive on both databases
    email_key     VARCHAR(254) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    roles         VARCHAR(255) NOT NULL,
    disabled      BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_email_key_uq UNIQUE (email_key)
);

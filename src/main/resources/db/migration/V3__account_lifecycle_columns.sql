-- Columns of users that the account lifecycle, two-factor login and conditional updates share.
-- email_verified:     the address was confirmed through a verification link
-- mfa_enabled:        TOTP two-factor login is on (its secret and recovery codes live in their own table)
-- version:            grows by one on every update: the user's ETag and the guard of If-Match updates
-- tokens_valid_after: access tokens issued before this instant are refused ("sign out everywhere", password
--                     reset or change, disabling, demotion, deletion); NULL = none refused
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN mfa_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN tokens_valid_after TIMESTAMP WITH TIME ZONE;

-- Failed sign-ins in a row per account, and the time a temporary lock ends (after 100 failures
-- in a row; a successful sign-in resets both).
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;

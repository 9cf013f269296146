-- Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and single-use recovery codes.
-- totp_pending_secret holds the secret shown during setup until a code confirms it; totp_secret
-- the confirmed one. totp_last_step is the time step of the last code used: a code works once.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Ten codes for when the phone is gone; only their SHA-256 is stored, each works once.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL UNIQUE CHECK (length(code_hash) = 64),
    used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- "Require two-factor for owners and admins", per organization.
ALTER TABLE organizations ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0
    CHECK (require_two_factor IN (0, 1));

-- Settings of the whole platform (today: whether platform admins must use two-factor).
CREATE TABLE platform_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

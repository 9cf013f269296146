-- Accounts people can trust (issue 16).

-- When the person proved they read mail at their address (a link opened: verification, set
-- password, invitation, reset). An account that never did cannot sign in, and a password chosen
-- before that stops working when an administrator adds or invites the address. Accounts that
-- already had a password before this change are counted as verified from their creation.
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

-- One-time links of an account, now for four purposes. `payload` holds what the link carries
-- (the new address of an email change). Only the SHA-256 of the token is stored.
CREATE TABLE account_tokens_v2 (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose         TEXT    NOT NULL
                            CHECK (purpose IN ('set_password', 'verify_email', 'reset_password', 'change_email')),
    token_hash      TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    payload         TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at      TEXT    NOT NULL,
    used_at         TEXT
);
INSERT INTO account_tokens_v2 (id, user_id, purpose, token_hash, organization_id, created_at, expires_at, used_at)
    SELECT id, user_id, purpose, token_hash, organization_id, created_at, expires_at, used_at FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens_v2 RENAME TO account_tokens;
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Signed-in sessions as the person sees them on My account: device, address, start, last seen.
-- A session whose row is ended is signed out at its next request.
CREATE TABLE user_sessions (
    id           TEXT    PRIMARY KEY CHECK (length(id) = 32),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   TEXT    NOT NULL DEFAULT '',
    ip           TEXT    NOT NULL DEFAULT '',
    started_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    ended_at     TEXT
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, started_at);

-- Every invitation mail an organization sends (new, resent, imported, bulk re-sent): the
-- hourly invitation limit counts these.
CREATE TABLE invitation_sends (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    sent_at         TEXT    NOT NULL
);
CREATE INDEX invitation_sends_org ON invitation_sends (organization_id, sent_at);

-- A mail's one-time link, while it still works: its token's hash, its full address and when it
-- expires. Once the link is used, replaced, withdrawn, expired or delivered over SMTP, the
-- address is replaced in the body by a note and these are cleared: no live token stays at rest.
ALTER TABLE outbox ADD COLUMN link_hash TEXT;
ALTER TABLE outbox ADD COLUMN link_url TEXT;
ALTER TABLE outbox ADD COLUMN link_expires_at TEXT;
CREATE INDEX outbox_link_hash ON outbox (link_hash) WHERE link_hash IS NOT NULL;
CREATE INDEX outbox_link_expiry ON outbox (link_expires_at) WHERE link_url IS NOT NULL;

-- Secrets of this installation made at first start (the key signing device cookies), shared by
-- every server on the database.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

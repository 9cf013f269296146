-- Single-use links sent to people: set a password for a new account (more purposes may follow).
-- Only the SHA-256 of the token is stored; the token itself exists only in the link.
CREATE TABLE account_tokens (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('set_password')),
    token_hash      TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at      TEXT    NOT NULL,
    used_at         TEXT
);

CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

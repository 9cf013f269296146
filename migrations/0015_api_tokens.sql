-- REST API tokens. An organization token (organization_id set) reaches that organization only;
-- a platform token (organization_id NULL) reaches all of them. Only the SHA-256 of the secret
-- is stored; `prefix` (the first characters) lets people tell tokens apart in the list.
CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    token_hash      TEXT    NOT NULL UNIQUE,
    prefix          TEXT    NOT NULL,
    can_read        INTEGER NOT NULL DEFAULT 1 CHECK (can_read IN (0, 1)),
    can_write       INTEGER NOT NULL DEFAULT 0 CHECK (can_write IN (0, 1)),
    created_by      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TEXT    NOT NULL,
    expires_at      TEXT,
    last_used_at    TEXT,
    revoked_at      TEXT,
    CHECK (can_read = 1 OR can_write = 1)
);

CREATE INDEX api_tokens_org ON api_tokens (organization_id, id);

-- Answers to writes sent with an Idempotency-Key: a retry with the same key gets the stored
-- answer instead of a second change; the same key with a different body is refused.
CREATE TABLE api_idempotency (
    token_id     INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (token_id, key)
) WITHOUT ROWID;

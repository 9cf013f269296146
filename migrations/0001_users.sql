-- People with an account. Email is unique regardless of case; the application also stores
-- it lower-cased. password_hash is NULL until an invited person sets a password.
-- session_epoch is bumped to end every session of the user at once (disable, password reset).
CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    name              TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    password_hash     TEXT,
    is_platform_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_platform_admin IN (0, 1)),
    is_disabled       INTEGER NOT NULL DEFAULT 0 CHECK (is_disabled IN (0, 1)),
    session_epoch     INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_sign_in_at   TEXT
);

CREATE INDEX users_name ON users (name COLLATE NOCASE);
CREATE INDEX users_platform_admin ON users (is_platform_admin) WHERE is_platform_admin = 1;

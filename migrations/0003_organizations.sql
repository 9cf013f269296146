-- Customer organizations. "expired" is not a stored status: it follows from expires_at.
CREATE TABLE organizations (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug                 TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 100),
    description          TEXT    NOT NULL DEFAULT '',
    industry             TEXT    NOT NULL DEFAULT '',
    website              TEXT    NOT NULL DEFAULT '',
    contact_name         TEXT    NOT NULL DEFAULT '',
    contact_email        TEXT    NOT NULL DEFAULT '',
    contact_phone        TEXT    NOT NULL DEFAULT '',
    address              TEXT    NOT NULL DEFAULT '',
    owner_user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    type_id              INTEGER REFERENCES organization_types (id) ON DELETE RESTRICT,
    seat_count           INTEGER NOT NULL DEFAULT 0 CHECK (seat_count >= 0),
    expires_at           TEXT,
    visibility           TEXT    NOT NULL DEFAULT 'private'
                                 CHECK (visibility IN ('public', 'private', 'hidden')),
    membership_policy    TEXT    NOT NULL DEFAULT 'invite_only'
                                 CHECK (membership_policy IN ('open', 'approval', 'invite_only')),
    auto_join_domains    TEXT    NOT NULL DEFAULT '',
    invitation_ttl_days  INTEGER NOT NULL DEFAULT 7 CHECK (invitation_ttl_days BETWEEN 1 AND 90),
    status               TEXT    NOT NULL DEFAULT 'active'
                                 CHECK (status IN ('active', 'suspended', 'archived')),
    created_at           TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at           TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX organizations_owner ON organizations (owner_user_id);
CREATE INDEX organizations_type ON organizations (type_id);
CREATE INDEX organizations_status_name ON organizations (status, name COLLATE NOCASE);
CREATE INDEX organizations_name ON organizations (name COLLATE NOCASE);

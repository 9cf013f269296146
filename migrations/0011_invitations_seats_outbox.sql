-- Group dashboard: invitations (each pending one holds a seat), the seat ledger, the outbox of
-- outgoing mail, and the organization settings owners edit themselves.

ALTER TABLE organizations ADD COLUMN logo_url TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN brand_color TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN invitation_days INTEGER NOT NULL DEFAULT 7
    CHECK (invitation_days BETWEEN 1 AND 90);

-- An invitation to join one organization. Only the SHA-256 of the link's token is stored.
-- A pending invitation that has not expired holds a seat.
CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           TEXT    NOT NULL COLLATE NOCASE,
    role            TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'manager')),
    team_id         INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    token_hash      TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at      TEXT    NOT NULL,
    accepted_at     TEXT,
    revoked_at      TEXT
);

-- At most one pending invitation per person and organization.
CREATE UNIQUE INDEX invitations_one_pending ON invitations (organization_id, email) WHERE status = 'pending';
CREATE INDEX invitations_org_status ON invitations (organization_id, status, expires_at);

-- Every change to an organization's seats: allocation changes (+/- with a note) and every seat
-- taken or freed by a member or an invitation.
CREATE TABLE seat_ledger (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('allocation', 'taken', 'freed', 'held', 'released')),
    delta           INTEGER NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    subject_email   TEXT,
    actor_user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_label     TEXT    NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX seat_ledger_org ON seat_ledger (organization_id, id);

-- Outgoing mail. Delivered over SMTP when SMTP_URL is set; otherwise kept here for platform
-- admins to read at Admin > Outbox.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    to_email        TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'kept')),
    sent_at         TEXT,
    error           TEXT
);

CREATE INDEX outbox_status ON outbox (status, id);

-- Members listing: search and sort within one organization.
CREATE INDEX memberships_org_joined ON memberships (organization_id, joined_at);

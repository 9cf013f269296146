-- Owners run their organization (issue 17), part 1: dead flags go.
--
-- The team-leader flag granted nothing: a manager manages the teams they are in, and a
-- department admin is named on a department. It is removed rather than given a second meaning.
ALTER TABLE team_members DROP COLUMN is_leader;

-- `invitation_ttl_days` was an unused twin of `invitation_days` (the one the invitations read).
ALTER TABLE organizations DROP COLUMN invitation_ttl_days;

-- Owners invite organization admins (a department admin is named on a department, and ownership
-- is transferred): the invitation's role check widens. SQLite cannot change a CHECK in place,
-- so the table is rebuilt with the same columns and indexes.
CREATE TABLE invitations_new (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email           TEXT    NOT NULL COLLATE NOCASE,
    role            TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'manager', 'org_admin')),
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
INSERT INTO invitations_new (id, organization_id, email, role, team_id, token_hash, status, invited_by,
                             created_at, sent_at, expires_at, accepted_at, revoked_at)
SELECT id, organization_id, email, role, team_id, token_hash, status, invited_by,
       created_at, sent_at, expires_at, accepted_at, revoked_at
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;
CREATE UNIQUE INDEX invitations_one_pending ON invitations (organization_id, email) WHERE status = 'pending';
CREATE INDEX invitations_org_status ON invitations (organization_id, status, expires_at);

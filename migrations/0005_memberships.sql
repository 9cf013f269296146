-- A person's membership in one organization. Removed memberships are kept (status 'removed')
-- so reports can still show history; holds_seat says whether it counts against seat_count.
CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL DEFAULT 'member'
                            CHECK (role IN ('owner', 'org_admin', 'department_admin', 'manager', 'member')),
    status          TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'invited', 'removed')),
    holds_seat      INTEGER NOT NULL DEFAULT 1 CHECK (holds_seat IN (0, 1)),
    joined_at       TEXT,
    removed_at      TEXT,
    last_active_at  TEXT,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (organization_id, user_id),
    CHECK (status <> 'removed' OR holds_seat = 0)
);

CREATE INDEX memberships_user ON memberships (user_id, status);
CREATE INDEX memberships_org_status_role ON memberships (organization_id, status, role);
CREATE INDEX memberships_org_seats ON memberships (organization_id) WHERE holds_seat = 1;

-- Which departments a department admin administers (their subtree).
CREATE TABLE department_admins (
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (department_id, user_id)
) WITHOUT ROWID;

CREATE INDEX department_admins_user ON department_admins (user_id);

-- Team membership follows the person, so a team moves between organizations with its people.
CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_leader INTEGER NOT NULL DEFAULT 0 CHECK (is_leader IN (0, 1)),
    added_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;

CREATE INDEX team_members_user ON team_members (user_id);

-- Owners run their organization (issue 17), part 2: seats have a commercial control.
--
-- Per organization type, a platform setting decides whether owners (and organization admins)
-- add seats themselves: 'any' (as before, so existing installations keep working), 'cap' (up
-- to a total of owner_seat_cap) or 'request' (never; they send a seat request). Beyond what they
-- may add, they send a seat request that a platform admin approves or declines.
ALTER TABLE organization_types ADD COLUMN owner_seats TEXT NOT NULL DEFAULT 'any'
    CHECK (owner_seats IN ('any', 'cap', 'request'));
ALTER TABLE organization_types ADD COLUMN owner_seat_cap INTEGER CHECK (owner_seat_cap IS NULL OR owner_seat_cap >= 0);

CREATE TABLE seat_requests (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    seats           INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100000),
    note            TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    requested_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    requested_label TEXT    NOT NULL,
    requested_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decided_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_label   TEXT,
    decided_at      TEXT,
    decision_note   TEXT    NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One request waits per organization at a time.
CREATE UNIQUE INDEX seat_requests_one_pending ON seat_requests (organization_id) WHERE status = 'pending';
CREATE INDEX seat_requests_org ON seat_requests (organization_id, id);
CREATE INDEX seat_requests_status ON seat_requests (status, id);

-- The ledger records the request and the decision: two new kinds. SQLite cannot change a CHECK
-- in place, so the table is rebuilt with the same columns and index.
CREATE TABLE seat_ledger_new (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('allocation', 'taken', 'freed', 'held', 'released',
                                                     'requested', 'declined')),
    delta           INTEGER NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    subject_email   TEXT,
    actor_user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_label     TEXT    NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO seat_ledger_new (id, organization_id, kind, delta, note, subject_email, actor_user_id, actor_label, created_at)
    SELECT id, organization_id, kind, delta, note, subject_email, actor_user_id, actor_label, created_at FROM seat_ledger;
DROP TABLE seat_ledger;
ALTER TABLE seat_ledger_new RENAME TO seat_ledger;
CREATE INDEX seat_ledger_org ON seat_ledger (organization_id, id);

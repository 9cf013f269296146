-- People asking to join an organization with the "approval required" policy through its join
-- page. A request takes no seat until it is approved.
CREATE TABLE join_requests (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decided_at      TEXT,
    decided_by      INTEGER REFERENCES users (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (organization_id, user_id) WHERE status = 'pending';
CREATE INDEX join_requests_org ON join_requests (organization_id, status);

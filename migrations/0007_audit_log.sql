-- Append-only record of every change. No foreign keys on purpose: the log outlives the users
-- and organizations it mentions. details holds the changed fields (before -> after) as JSON,
-- never secrets.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor_user_id   INTEGER,
    actor_label     TEXT    NOT NULL,
    organization_id INTEGER,
    action          TEXT    NOT NULL,
    target_type     TEXT    NOT NULL DEFAULT '',
    target_id       TEXT    NOT NULL DEFAULT '',
    details         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);

CREATE INDEX audit_log_org_at ON audit_log (organization_id, at);
CREATE INDEX audit_log_actor_at ON audit_log (actor_user_id, at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Reports. `progress` becomes the enrolment table: one row per organization x person x course
-- that the person has (assigned = 1, kept in step with domain::access by server/reports.rs) or
-- made progress in (kept when access or membership ends; removed = 1 once the membership is
-- removed). The summary tables below are maintained by triggers in the same transaction as
-- every write to `progress` or `member_places`, so reports read sums, never raw rows; the
-- figures' definitions are in domain/rollup.rs and docs/reports.md. Rows that go with a deleted
-- organization or person are not summarized (their summaries are deleted with them).
ALTER TABLE progress ADD COLUMN due_date TEXT CHECK (due_date IS NULL OR length(due_date) = 10);
ALTER TABLE progress ADD COLUMN assigned INTEGER NOT NULL DEFAULT 0 CHECK (assigned IN (0, 1));
ALTER TABLE progress ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));

CREATE INDEX progress_org_completed ON progress (organization_id, completed_at) WHERE completed_at IS NOT NULL;

-- Where each member counts in the rollup: the organization, each of their teams there, and every
-- department above those teams, once each however many teams lead to it.
CREATE TABLE member_places (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope           TEXT    NOT NULL CHECK (scope IN ('organization', 'department', 'team')),
    scope_id        INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id, scope, scope_id)
) WITHOUT ROWID;

CREATE INDEX member_places_scope ON member_places (organization_id, scope, scope_id, user_id);

-- Per scope x course (and removed or not): counts by status, score and time sums.
CREATE TABLE report_summary (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    scope           TEXT    NOT NULL,
    scope_id        INTEGER NOT NULL,
    course_id       INTEGER NOT NULL,
    removed         INTEGER NOT NULL,
    assigned        INTEGER NOT NULL DEFAULT 0,
    not_started     INTEGER NOT NULL DEFAULT 0,
    in_progress     INTEGER NOT NULL DEFAULT 0,
    completed       INTEGER NOT NULL DEFAULT 0,
    score_sum       REAL    NOT NULL DEFAULT 0,
    score_count     INTEGER NOT NULL DEFAULT 0,
    time_sum        INTEGER NOT NULL DEFAULT 0,
    time_count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, scope, scope_id, course_id, removed)
) WITHOUT ROWID;

-- Open (not completed) enrolments per due date: overdue = those due before today.
CREATE TABLE report_due (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    scope           TEXT    NOT NULL,
    scope_id        INTEGER NOT NULL,
    course_id       INTEGER NOT NULL,
    removed         INTEGER NOT NULL,
    due_date        TEXT    NOT NULL,
    open            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, scope, scope_id, course_id, removed, due_date)
) WITHOUT ROWID;

-- Completions per week (the Monday that starts it).
CREATE TABLE report_trend (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    scope           TEXT    NOT NULL,
    scope_id        INTEGER NOT NULL,
    course_id       INTEGER NOT NULL,
    removed         INTEGER NOT NULL,
    week            TEXT    NOT NULL,
    completed       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, scope, scope_id, course_id, removed, week)
) WITHOUT ROWID;

-- Per person in the organization: the User Report's figures, and the name it sorts by.
CREATE TABLE report_people (
    organization_id  INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    removed          INTEGER NOT NULL,
    assigned         INTEGER NOT NULL DEFAULT 0,
    not_started      INTEGER NOT NULL DEFAULT 0,
    in_progress      INTEGER NOT NULL DEFAULT 0,
    completed        INTEGER NOT NULL DEFAULT 0,
    time_sum         INTEGER NOT NULL DEFAULT 0,
    last_activity_at TEXT,
    sort_name        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (organization_id, user_id, removed)
) WITHOUT ROWID;

-- The User Report pages people by name straight from this index (no sort of the whole list).
CREATE INDEX report_people_by_name ON report_people (organization_id, sort_name COLLATE NOCASE, user_id);

-- A person's name is copied here for that order; it follows renames.
CREATE TRIGGER users_rename_report_people AFTER UPDATE OF name ON users
BEGIN
    UPDATE report_people SET sort_name = NEW.name WHERE user_id = NEW.id;
END;

-- While a row is here, the triggers below stand still: server/reports.rs is recomputing one
-- organization's summaries in one set-based pass (big changes, the rebuild), in the same
-- transaction, and empties it again before committing.
CREATE TABLE report_bulk (organization_id INTEGER NOT NULL);

CREATE TRIGGER progress_reports_insert AFTER INSERT ON progress
WHEN NOT EXISTS (SELECT 1 FROM report_bulk)
BEGIN
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed, 1,
           1 * (NEW.status = 'not_started'), 1 * (NEW.status = 'in_progress'), 1 * (NEW.status = 'completed'),
           1 * (CASE WHEN NEW.status = 'completed' AND NEW.score IS NOT NULL THEN NEW.score ELSE 0 END),
           1 * (NEW.status = 'completed' AND NEW.score IS NOT NULL),
           1 * NEW.time_spent_seconds, 1 * (NEW.time_spent_seconds > 0)
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed, NEW.due_date, 1
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
      AND NEW.status <> 'completed' AND NEW.due_date IS NOT NULL
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed,
           date(NEW.completed_at, '-6 days', 'weekday 1'), 1
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
      AND NEW.status = 'completed' AND NEW.completed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
    INSERT INTO report_people (organization_id, user_id, removed, assigned, not_started, in_progress, completed,
                               time_sum, last_activity_at, sort_name)
    SELECT NEW.organization_id, NEW.user_id, NEW.removed, 1, 1 * (NEW.status = 'not_started'),
           1 * (NEW.status = 'in_progress'), 1 * (NEW.status = 'completed'), 1 * NEW.time_spent_seconds,
           NEW.last_activity_at, (SELECT u.name FROM users u WHERE u.id = NEW.user_id)
    WHERE (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.user_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        time_sum = time_sum + excluded.time_sum,
        last_activity_at = CASE WHEN excluded.last_activity_at > coalesce(last_activity_at, '')
                                THEN excluded.last_activity_at ELSE last_activity_at END;
END;

CREATE TRIGGER progress_reports_delete AFTER DELETE ON progress
WHEN NOT EXISTS (SELECT 1 FROM report_bulk)
BEGIN
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed, -1,
           -1 * (OLD.status = 'not_started'), -1 * (OLD.status = 'in_progress'), -1 * (OLD.status = 'completed'),
           -1 * (CASE WHEN OLD.status = 'completed' AND OLD.score IS NOT NULL THEN OLD.score ELSE 0 END),
           -1 * (OLD.status = 'completed' AND OLD.score IS NOT NULL),
           -1 * OLD.time_spent_seconds, -1 * (OLD.time_spent_seconds > 0)
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed, OLD.due_date, -1
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
      AND OLD.status <> 'completed' AND OLD.due_date IS NOT NULL
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed,
           date(OLD.completed_at, '-6 days', 'weekday 1'), -1
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
      AND OLD.status = 'completed' AND OLD.completed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
    INSERT INTO report_people (organization_id, user_id, removed, assigned, not_started, in_progress, completed,
                               time_sum, last_activity_at, sort_name)
    SELECT OLD.organization_id, OLD.user_id, OLD.removed, -1, -1 * (OLD.status = 'not_started'),
           -1 * (OLD.status = 'in_progress'), -1 * (OLD.status = 'completed'), -1 * OLD.time_spent_seconds,
           OLD.last_activity_at, (SELECT u.name FROM users u WHERE u.id = OLD.user_id)
    WHERE (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        time_sum = time_sum + excluded.time_sum,
        last_activity_at = CASE WHEN excluded.last_activity_at > coalesce(last_activity_at, '')
                                THEN excluded.last_activity_at ELSE last_activity_at END;
END;

CREATE TRIGGER progress_reports_update AFTER UPDATE ON progress
WHEN NOT EXISTS (SELECT 1 FROM report_bulk)
BEGIN
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed, -1,
           -1 * (OLD.status = 'not_started'), -1 * (OLD.status = 'in_progress'), -1 * (OLD.status = 'completed'),
           -1 * (CASE WHEN OLD.status = 'completed' AND OLD.score IS NOT NULL THEN OLD.score ELSE 0 END),
           -1 * (OLD.status = 'completed' AND OLD.score IS NOT NULL),
           -1 * OLD.time_spent_seconds, -1 * (OLD.time_spent_seconds > 0)
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed, OLD.due_date, -1
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
      AND OLD.status <> 'completed' AND OLD.due_date IS NOT NULL
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT OLD.organization_id, p.scope, p.scope_id, OLD.course_id, OLD.removed,
           date(OLD.completed_at, '-6 days', 'weekday 1'), -1
    FROM member_places p
    WHERE p.organization_id = OLD.organization_id AND p.user_id = OLD.user_id AND (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
      AND OLD.status = 'completed' AND OLD.completed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
    INSERT INTO report_people (organization_id, user_id, removed, assigned, not_started, in_progress, completed,
                               time_sum, last_activity_at, sort_name)
    SELECT OLD.organization_id, OLD.user_id, OLD.removed, -1, -1 * (OLD.status = 'not_started'),
           -1 * (OLD.status = 'in_progress'), -1 * (OLD.status = 'completed'), -1 * OLD.time_spent_seconds,
           OLD.last_activity_at, (SELECT u.name FROM users u WHERE u.id = OLD.user_id)
    WHERE (OLD.assigned = 1 OR OLD.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = OLD.user_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        time_sum = time_sum + excluded.time_sum,
        last_activity_at = CASE WHEN excluded.last_activity_at > coalesce(last_activity_at, '')
                                THEN excluded.last_activity_at ELSE last_activity_at END;
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed, 1,
           1 * (NEW.status = 'not_started'), 1 * (NEW.status = 'in_progress'), 1 * (NEW.status = 'completed'),
           1 * (CASE WHEN NEW.status = 'completed' AND NEW.score IS NOT NULL THEN NEW.score ELSE 0 END),
           1 * (NEW.status = 'completed' AND NEW.score IS NOT NULL),
           1 * NEW.time_spent_seconds, 1 * (NEW.time_spent_seconds > 0)
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed, NEW.due_date, 1
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
      AND NEW.status <> 'completed' AND NEW.due_date IS NOT NULL
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT NEW.organization_id, p.scope, p.scope_id, NEW.course_id, NEW.removed,
           date(NEW.completed_at, '-6 days', 'weekday 1'), 1
    FROM member_places p
    WHERE p.organization_id = NEW.organization_id AND p.user_id = NEW.user_id AND (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
      AND NEW.status = 'completed' AND NEW.completed_at IS NOT NULL
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
    INSERT INTO report_people (organization_id, user_id, removed, assigned, not_started, in_progress, completed,
                               time_sum, last_activity_at, sort_name)
    SELECT NEW.organization_id, NEW.user_id, NEW.removed, 1, 1 * (NEW.status = 'not_started'),
           1 * (NEW.status = 'in_progress'), 1 * (NEW.status = 'completed'), 1 * NEW.time_spent_seconds,
           NEW.last_activity_at, (SELECT u.name FROM users u WHERE u.id = NEW.user_id)
    WHERE (NEW.assigned = 1 OR NEW.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.user_id)
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        time_sum = time_sum + excluded.time_sum,
        last_activity_at = CASE WHEN excluded.last_activity_at > coalesce(last_activity_at, '')
                                THEN excluded.last_activity_at ELSE last_activity_at END;
END;

CREATE TRIGGER member_places_reports_insert AFTER INSERT ON member_places
WHEN NOT EXISTS (SELECT 1 FROM report_bulk)
BEGIN
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT g.organization_id, NEW.scope, NEW.scope_id, g.course_id, g.removed, 1 * count(*),
           1 * sum(g.status = 'not_started'), 1 * sum(g.status = 'in_progress'), 1 * sum(g.status = 'completed'),
           1 * total(CASE WHEN g.status = 'completed' AND g.score IS NOT NULL THEN g.score ELSE 0 END),
           1 * sum(g.status = 'completed' AND g.score IS NOT NULL),
           1 * sum(g.time_spent_seconds), 1 * sum(g.time_spent_seconds > 0)
    FROM progress g
    WHERE g.organization_id = NEW.organization_id AND g.user_id = NEW.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
    GROUP BY g.course_id, g.removed
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT g.organization_id, NEW.scope, NEW.scope_id, g.course_id, g.removed, g.due_date, 1 * count(*)
    FROM progress g
    WHERE g.organization_id = NEW.organization_id AND g.user_id = NEW.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND g.status <> 'completed' AND g.due_date IS NOT NULL
      AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
    GROUP BY g.course_id, g.removed, g.due_date
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT g.organization_id, NEW.scope, NEW.scope_id, g.course_id, g.removed,
           date(g.completed_at, '-6 days', 'weekday 1') AS wk, 1 * count(*)
    FROM progress g
    WHERE g.organization_id = NEW.organization_id AND g.user_id = NEW.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND g.status = 'completed' AND g.completed_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = NEW.organization_id)
    GROUP BY g.course_id, g.removed, wk
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
END;

CREATE TRIGGER member_places_reports_delete AFTER DELETE ON member_places
WHEN NOT EXISTS (SELECT 1 FROM report_bulk)
BEGIN
    INSERT INTO report_summary (organization_id, scope, scope_id, course_id, removed, assigned, not_started,
                                in_progress, completed, score_sum, score_count, time_sum, time_count)
    SELECT g.organization_id, OLD.scope, OLD.scope_id, g.course_id, g.removed, -1 * count(*),
           -1 * sum(g.status = 'not_started'), -1 * sum(g.status = 'in_progress'), -1 * sum(g.status = 'completed'),
           -1 * total(CASE WHEN g.status = 'completed' AND g.score IS NOT NULL THEN g.score ELSE 0 END),
           -1 * sum(g.status = 'completed' AND g.score IS NOT NULL),
           -1 * sum(g.time_spent_seconds), -1 * sum(g.time_spent_seconds > 0)
    FROM progress g
    WHERE g.organization_id = OLD.organization_id AND g.user_id = OLD.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
    GROUP BY g.course_id, g.removed
    ON CONFLICT DO UPDATE SET
        assigned = assigned + excluded.assigned, not_started = not_started + excluded.not_started,
        in_progress = in_progress + excluded.in_progress, completed = completed + excluded.completed,
        score_sum = score_sum + excluded.score_sum, score_count = score_count + excluded.score_count,
        time_sum = time_sum + excluded.time_sum, time_count = time_count + excluded.time_count;
    INSERT INTO report_due (organization_id, scope, scope_id, course_id, removed, due_date, open)
    SELECT g.organization_id, OLD.scope, OLD.scope_id, g.course_id, g.removed, g.due_date, -1 * count(*)
    FROM progress g
    WHERE g.organization_id = OLD.organization_id AND g.user_id = OLD.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND g.status <> 'completed' AND g.due_date IS NOT NULL
      AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
    GROUP BY g.course_id, g.removed, g.due_date
    ON CONFLICT DO UPDATE SET open = open + excluded.open;
    INSERT INTO report_trend (organization_id, scope, scope_id, course_id, removed, week, completed)
    SELECT g.organization_id, OLD.scope, OLD.scope_id, g.course_id, g.removed,
           date(g.completed_at, '-6 days', 'weekday 1') AS wk, -1 * count(*)
    FROM progress g
    WHERE g.organization_id = OLD.organization_id AND g.user_id = OLD.user_id
      AND (g.assigned = 1 OR g.status <> 'not_started') AND g.status = 'completed' AND g.completed_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id)
    GROUP BY g.course_id, g.removed, wk
    ON CONFLICT DO UPDATE SET completed = completed + excluded.completed;
END;

-- (The triggers guard with NOT EXISTS rather than OR IGNORE, which an outer statement's own
-- conflict handling can override inside a trigger.)
-- What changed since the enrolments and places were last brought in step with domain::access:
-- the organization and the person (0: everyone). Filled by the triggers below, emptied by
-- server/reports.rs before any report is read and by the rebuild command.
CREATE TABLE report_dirty (
    organization_id INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id)
) WITHOUT ROWID;

-- Everything present before this migration is brought in step at the next start.
INSERT INTO report_dirty (organization_id, user_id) SELECT id, 0 FROM organizations;

CREATE TRIGGER memberships_dirty_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, NEW.user_id
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = NEW.user_id);
END;
CREATE TRIGGER memberships_dirty_update AFTER UPDATE OF status, role, joined_at, removed_at ON memberships
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, NEW.user_id
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = NEW.user_id);
END;
CREATE TRIGGER memberships_dirty_delete AFTER DELETE ON memberships
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, OLD.user_id
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = OLD.user_id);
END;
CREATE TRIGGER team_members_dirty_insert AFTER INSERT ON team_members
BEGIN
    INSERT INTO report_dirty SELECT t.organization_id, NEW.user_id FROM teams t
    WHERE t.id = NEW.team_id AND t.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = t.organization_id AND d.user_id = NEW.user_id);
END;
CREATE TRIGGER team_members_dirty_delete AFTER DELETE ON team_members
BEGIN
    INSERT INTO report_dirty SELECT t.organization_id, OLD.user_id FROM teams t
    WHERE t.id = OLD.team_id AND t.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = t.organization_id AND d.user_id = OLD.user_id);
END;
CREATE TRIGGER teams_dirty_update AFTER UPDATE OF organization_id, department_id ON teams
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, 0 WHERE OLD.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = 0);
    INSERT INTO report_dirty SELECT NEW.organization_id, 0 WHERE NEW.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER teams_dirty_delete AFTER DELETE ON teams
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, 0 WHERE OLD.organization_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER departments_dirty_update AFTER UPDATE OF parent_id ON departments
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER departments_dirty_delete AFTER DELETE ON departments
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER assignments_dirty_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, coalesce(NEW.user_id, 0)
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = coalesce(NEW.user_id, 0));
END;
CREATE TRIGGER assignments_dirty_update AFTER UPDATE ON assignments
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, coalesce(NEW.user_id, 0)
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = coalesce(NEW.user_id, 0));
END;
CREATE TRIGGER assignments_dirty_delete AFTER DELETE ON assignments
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, coalesce(OLD.user_id, 0)
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = coalesce(OLD.user_id, 0));
END;
CREATE TRIGGER org_seat_benefits_dirty_insert AFTER INSERT ON org_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER org_seat_benefits_dirty_update AFTER UPDATE ON org_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT NEW.organization_id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER org_seat_benefits_dirty_delete AFTER DELETE ON org_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT OLD.organization_id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = OLD.organization_id AND d.user_id = 0);
END;
CREATE TRIGGER type_seat_benefits_dirty_insert AFTER INSERT ON type_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE o.type_id = NEW.type_id
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;
CREATE TRIGGER type_seat_benefits_dirty_update AFTER UPDATE ON type_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE o.type_id IN (OLD.type_id, NEW.type_id)
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;
CREATE TRIGGER type_seat_benefits_dirty_delete AFTER DELETE ON type_seat_benefits
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE o.type_id = OLD.type_id
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;
CREATE TRIGGER organization_types_dirty AFTER UPDATE OF default_seat_type_id ON organization_types
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE o.type_id = NEW.id
      AND NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;
CREATE TRIGGER organizations_dirty_type AFTER UPDATE OF type_id ON organizations
BEGIN
    INSERT INTO report_dirty SELECT NEW.id, 0
    WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = NEW.id AND d.user_id = 0);
END;
CREATE TRIGGER seat_type_courses_dirty_insert AFTER INSERT ON seat_type_courses
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;
CREATE TRIGGER seat_type_courses_dirty_delete AFTER DELETE ON seat_type_courses
BEGIN
    INSERT INTO report_dirty SELECT o.id, 0 FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM report_dirty d WHERE d.organization_id = o.id AND d.user_id = 0);
END;

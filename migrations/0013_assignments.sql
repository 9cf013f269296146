-- Course assignments: a catalog course given to a whole organization, a department (and the
-- departments below it), a team, or one person, with an optional due date (a fixed date or a
-- number of days after the member gets access). Effective access is computed from these by
-- domain/access.rs; removing a row ends the access that came only from it (progress stays).
CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    course_id       INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    level           TEXT    NOT NULL CHECK (level IN ('organization', 'department', 'team', 'member')),
    department_id   INTEGER REFERENCES departments (id) ON DELETE CASCADE,
    team_id         INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    due_date        TEXT CHECK (due_date IS NULL OR length(due_date) = 10),
    due_days        INTEGER CHECK (due_days IS NULL OR due_days BETWEEN 1 AND 3650),
    assigned_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (due_date IS NULL OR due_days IS NULL),
    CHECK (
        (level = 'organization' AND department_id IS NULL AND team_id IS NULL AND user_id IS NULL) OR
        (level = 'department' AND department_id IS NOT NULL AND team_id IS NULL AND user_id IS NULL) OR
        (level = 'team' AND team_id IS NOT NULL AND department_id IS NULL AND user_id IS NULL) OR
        (level = 'member' AND user_id IS NOT NULL AND department_id IS NULL AND team_id IS NULL)
    )
);

-- One assignment per course and target.
CREATE UNIQUE INDEX assignments_target ON assignments (
    organization_id, course_id, level, ifnull(department_id, 0), ifnull(team_id, 0), ifnull(user_id, 0)
);
CREATE INDEX assignments_department ON assignments (department_id) WHERE department_id IS NOT NULL;
CREATE INDEX assignments_team ON assignments (team_id) WHERE team_id IS NOT NULL;
CREATE INDEX assignments_user ON assignments (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX assignments_course ON assignments (course_id);

-- The department or team of an assignment lives in the assignment's organization.
CREATE TRIGGER assignments_target_same_org
BEFORE INSERT ON assignments
WHEN (NEW.department_id IS NOT NULL
      AND (SELECT organization_id FROM departments WHERE id = NEW.department_id) IS NOT NEW.organization_id)
  OR (NEW.team_id IS NOT NULL
      AND (SELECT organization_id FROM teams WHERE id = NEW.team_id) IS NOT NEW.organization_id)
BEGIN
    SELECT RAISE(ABORT, 'assignment target belongs to another organization');
END;

-- A team's assignments belong to the organization that made them: they end when the team
-- leaves it (moved to another organization or back to the platform).
CREATE TRIGGER teams_leave_org_drop_assignments
AFTER UPDATE OF organization_id ON teams
WHEN OLD.organization_id IS NOT NEW.organization_id
BEGIN
    DELETE FROM assignments WHERE team_id = NEW.id;
END;

-- Lessons a learner marked complete (per membership organization); `progress` holds the totals.
CREATE TABLE lesson_completions (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id       INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    lesson          INTEGER NOT NULL CHECK (lesson >= 1),
    completed_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (organization_id, user_id, course_id, lesson)
) WITHOUT ROWID;

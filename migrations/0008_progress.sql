-- A learner's progress in one course, per membership (organization x person). Kept when the
-- assignment or membership ends, so reports keep history.
CREATE TABLE progress (
    organization_id    INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id          INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    status             TEXT    NOT NULL DEFAULT 'not_started'
                               CHECK (status IN ('not_started', 'in_progress', 'completed')),
    percent            INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    lessons_done       INTEGER NOT NULL DEFAULT 0 CHECK (lessons_done >= 0),
    score              REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    time_spent_seconds INTEGER NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),
    started_at         TEXT,
    completed_at       TEXT,
    last_activity_at   TEXT,
    PRIMARY KEY (organization_id, user_id, course_id),
    CHECK (status <> 'completed' OR completed_at IS NOT NULL)
) WITHOUT ROWID;

CREATE INDEX progress_org_course ON progress (organization_id, course_id, status);
CREATE INDEX progress_user ON progress (user_id);

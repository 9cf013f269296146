-- The platform's course catalog. Retired courses stay for history but cannot be newly assigned.
CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    code             TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    title            TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      TEXT    NOT NULL DEFAULT '',
    category         TEXT    NOT NULL DEFAULT '',
    lesson_count     INTEGER NOT NULL DEFAULT 1 CHECK (lesson_count > 0),
    duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
    status           TEXT    NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'retired')),
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX courses_status_title ON courses (status, title COLLATE NOCASE);

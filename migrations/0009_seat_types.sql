-- Seat types: named bundles of catalog courses. Organization types say which seat type each role
-- receives (seat benefits); organizations copy those at creation and may override them.
CREATE TABLE seat_types (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    description TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE seat_type_courses (
    seat_type_id INTEGER NOT NULL REFERENCES seat_types (id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
    PRIMARY KEY (seat_type_id, course_id)
) WITHOUT ROWID;

CREATE INDEX seat_type_courses_course ON seat_type_courses (course_id);

ALTER TABLE organization_types
    ADD COLUMN default_seat_type_id INTEGER REFERENCES seat_types (id) ON DELETE RESTRICT;

-- Per-role seat benefits of a type (owner, manager, member).
CREATE TABLE type_seat_benefits (
    type_id      INTEGER NOT NULL REFERENCES organization_types (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'manager', 'member')),
    seat_type_id INTEGER NOT NULL REFERENCES seat_types (id) ON DELETE RESTRICT,
    PRIMARY KEY (type_id, role)
) WITHOUT ROWID;

CREATE INDEX type_seat_benefits_seat_type ON type_seat_benefits (seat_type_id);

-- An organization's own seat benefits (copied from its type at creation, then editable).
CREATE TABLE org_seat_benefits (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL CHECK (role IN ('owner', 'manager', 'member')),
    seat_type_id    INTEGER NOT NULL REFERENCES seat_types (id) ON DELETE RESTRICT,
    PRIMARY KEY (organization_id, role)
) WITHOUT ROWID;

CREATE INDEX org_seat_benefits_seat_type ON org_seat_benefits (seat_type_id);

-- Features an organization may use, copied from its type at creation.
ALTER TABLE organizations ADD COLUMN feature_reports    INTEGER NOT NULL DEFAULT 1 CHECK (feature_reports IN (0, 1));
ALTER TABLE organizations ADD COLUMN feature_csv_export INTEGER NOT NULL DEFAULT 1 CHECK (feature_csv_export IN (0, 1));
ALTER TABLE organizations ADD COLUMN feature_api        INTEGER NOT NULL DEFAULT 0 CHECK (feature_api IN (0, 1));
ALTER TABLE organizations ADD COLUMN allow_domain_registration INTEGER NOT NULL DEFAULT 0
    CHECK (allow_domain_registration IN (0, 1));

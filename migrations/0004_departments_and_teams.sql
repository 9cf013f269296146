-- Departments form a tree of any depth inside one organization.
CREATE TABLE departments (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    parent_id       INTEGER REFERENCES departments (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX departments_org_parent ON departments (organization_id, parent_id);
CREATE INDEX departments_parent ON departments (parent_id);

-- A parent must live in the same organization: tenant isolation held by the database too.
CREATE TRIGGER departments_parent_same_org_insert
BEFORE INSERT ON departments
WHEN NEW.parent_id IS NOT NULL
 AND (SELECT organization_id FROM departments WHERE id = NEW.parent_id) IS NOT NEW.organization_id
BEGIN
    SELECT RAISE(ABORT, 'parent department belongs to another organization');
END;

CREATE TRIGGER departments_parent_same_org_update
BEFORE UPDATE OF parent_id, organization_id ON departments
WHEN NEW.parent_id IS NOT NULL
 AND (SELECT organization_id FROM departments WHERE id = NEW.parent_id) IS NOT NEW.organization_id
BEGIN
    SELECT RAISE(ABORT, 'parent department belongs to another organization');
END;

-- Teams may exist outside any organization (platform teams) and be assigned to one later;
-- inside an organization they may sit in a department of that organization.
CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    department_id   INTEGER REFERENCES departments (id) ON DELETE SET NULL,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (department_id IS NULL OR organization_id IS NOT NULL)
);

CREATE INDEX teams_org ON teams (organization_id, name COLLATE NOCASE);
CREATE INDEX teams_department ON teams (department_id);

CREATE TRIGGER teams_department_same_org_insert
BEFORE INSERT ON teams
WHEN NEW.department_id IS NOT NULL
 AND (SELECT organization_id FROM departments WHERE id = NEW.department_id) IS NOT NEW.organization_id
BEGIN
    SELECT RAISE(ABORT, 'department belongs to another organization');
END;

CREATE TRIGGER teams_department_same_org_update
BEFORE UPDATE OF department_id, organization_id ON teams
WHEN NEW.department_id IS NOT NULL
 AND (SELECT organization_id FROM departments WHERE id = NEW.department_id) IS NOT NEW.organization_id
BEGIN
    SELECT RAISE(ABORT, 'department belongs to another organization');
END;

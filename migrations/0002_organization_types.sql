-- Organization types are templates: the defaults an organization of this type starts with.
-- Per-role seat benefits and seat types arrive with the admin issue in their own migration.
CREATE TABLE organization_types (
    id                        INTEGER PRIMARY KEY,
    name                      TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    description               TEXT    NOT NULL DEFAULT '',
    visibility                TEXT    NOT NULL DEFAULT 'public'
                                      CHECK (visibility IN ('public', 'private', 'hidden')),
    membership_policy         TEXT    NOT NULL DEFAULT 'invite_only'
                                      CHECK (membership_policy IN ('open', 'approval', 'invite_only')),
    allow_domain_registration INTEGER NOT NULL DEFAULT 0 CHECK (allow_domain_registration IN (0, 1)),
    expiry_days               INTEGER CHECK (expiry_days IS NULL OR expiry_days > 0),
    feature_reports           INTEGER NOT NULL DEFAULT 1 CHECK (feature_reports IN (0, 1)),
    feature_csv_export        INTEGER NOT NULL DEFAULT 1 CHECK (feature_csv_export IN (0, 1)),
    feature_api               INTEGER NOT NULL DEFAULT 0 CHECK (feature_api IN (0, 1)),
    created_at                TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

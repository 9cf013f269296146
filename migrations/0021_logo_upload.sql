-- Owners run their organization (issue 17), part 3: the logo is uploaded, not linked.
--
-- A remote logo URL worked as a tracking pixel on everyone who opened the dashboard. The logo is
-- now an uploaded PNG, JPEG or WebP (at most 512 KB), checked by decoding it and stored
-- re-encoded as PNG; it is served from our own origin (`/orgs/{slug}/logo`). Its own table keeps
-- the image out of every read of the organization row. Remote logo addresses are dropped: an
-- owner uploads the file once.
CREATE TABLE organization_logos (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    png             BLOB    NOT NULL,
    width           INTEGER NOT NULL CHECK (width > 0),
    height          INTEGER NOT NULL CHECK (height > 0),
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

ALTER TABLE organizations DROP COLUMN logo_url;

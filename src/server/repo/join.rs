//! The `join_requests` table and the join settings of organizations.

use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};
use crate::domain::join::{JoinRequestRow, JoinSettings};

/// The join settings of the organization at `slug`.
pub async fn settings_by_slug(db: impl SqliteExecutor<'_>, slug: &str) -> sqlx::Result<Option<JoinSettings>> {
    sqlx::query_as(&format!("{SETTINGS} WHERE slug = ?1"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// The columns of `JoinSettings`.
const SETTINGS: &str =
    "SELECT id, name, visibility, membership_policy, auto_join_domains, status, expires_at,
            allow_domain_registration
     FROM organizations";

/// The join settings of every public organization with its slug and description, by name
/// (the caller keeps the live ones).
pub async fn public_orgs(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(JoinSettings, String, String)>> {
    let rows: Vec<PublicRow> = sqlx::query_as(
        "SELECT id, name, visibility, membership_policy, auto_join_domains, status, expires_at,
                allow_domain_registration, slug, description
         FROM organizations WHERE visibility = 'public' AND status = 'active' ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.settings, r.slug, r.description))
        .collect())
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    #[sqlx(flatten)]
    settings: JoinSettings,
    slug: String,
    description: String,
}

/// The join settings of organization `org`.
pub async fn settings_by_id(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Option<JoinSettings>> {
    sqlx::query_as(&format!("{SETTINGS} WHERE id = ?1"))
        .bind(org)
        .fetch_optional(db)
        .await
}

/// Files a request of `user` to join `org` (once: a second request is the same one).
pub async fn request(db: impl SqliteExecutor<'_>, org: OrgId, user: UserId) -> sqlx::Result<()> {
    sqlx::query("INSERT OR IGNORE INTO join_requests (organization_id, user_id) VALUES (?1, ?2)")
        .bind(org)
        .bind(user)
        .execute(db)
        .await?;
    Ok(())
}

/// The pending requests of `org`, oldest first.
pub async fn pending(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<JoinRequestRow>> {
    sqlx::query_as(
        "SELECT r.id, u.id AS user_id, u.name, u.email, r.created_at
         FROM join_requests r JOIN users u ON u.id = r.user_id
         WHERE r.organization_id = ?1 AND r.status = 'pending' ORDER BY r.id",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// How many requests of `org` wait for a decision.
pub async fn pending_count(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM join_requests WHERE organization_id = ?1 AND status = 'pending'")
        .bind(org)
        .fetch_one(db)
        .await
}

/// Who pending request `id` of `org` is from (id and email).
pub async fn pending_one(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: i64,
) -> sqlx::Result<Option<(UserId, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.email FROM join_requests r JOIN users u ON u.id = r.user_id
         WHERE r.id = ?1 AND r.organization_id = ?2 AND r.status = 'pending'",
    )
    .bind(id)
    .bind(org)
    .fetch_optional(db)
    .await
}

/// Notes the decision on request `id`.
pub async fn decide(db: impl SqliteExecutor<'_>, id: i64, approved: bool, by: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE join_requests SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1")
        .bind(id)
        .bind(if approved { "approved" } else { "rejected" })
        .bind(super::now())
        .bind(by)
        .execute(db)
        .await?;
    Ok(())
}

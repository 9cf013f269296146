//! Memberships: who belongs to which organization, in which role.

use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};
use crate::domain::role::Role;

/// The role a user holds in an organization through an active membership of an organization
/// that is itself active and not past its expiry — the only memberships that grant anything.
pub async fn active_role(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    org: OrgId,
) -> sqlx::Result<Option<Role>> {
    Ok(membership_in(db, user, org)
        .await?
        .filter(|m| !m.expired)
        .map(|m| m.role))
}

/// An active membership in an active organization, whether or not its access has expired.
#[derive(Debug, Clone)]
pub struct MembershipAccess {
    /// The role.
    pub role: Role,
    /// When the membership was last active.
    pub last_active_at: Option<String>,
    /// Whether the organization's access has expired.
    pub expired: bool,
}

/// `user`'s active membership in `org` (an active organization), expired or not.
pub async fn membership_in(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    org: OrgId,
) -> sqlx::Result<Option<MembershipAccess>> {
    let row: Option<(String, Option<String>, bool)> = sqlx::query_as(
        "SELECT m.role, m.last_active_at, (o.expires_at IS NOT NULL AND o.expires_at <= ?3)
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = ?1 AND m.organization_id = ?2 AND m.status = 'active' AND o.status = 'active'",
    )
    .bind(user)
    .bind(org)
    .bind(super::now())
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|(r, last_active_at, expired)| {
        r.parse().ok().map(|role| MembershipAccess {
            role,
            last_active_at,
            expired,
        })
    }))
}

/// Notes that `user` was active in `org` now, unless that was noted since `since` (so two
/// requests at once write once).
pub async fn mark_active(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    org: OrgId,
    since: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE memberships SET last_active_at = ?3
         WHERE user_id = ?1 AND organization_id = ?2 AND status = 'active'
           AND (last_active_at IS NULL OR last_active_at < ?4)",
    )
    .bind(user)
    .bind(org)
    .bind(super::now())
    .bind(since)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the user manages (manager or above) at least one active organization, or is owner
/// or organization admin of an expired one (whose read-only dashboard they keep).
pub async fn manages_any(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = ?1 AND m.status = 'active' AND m.role <> 'member' AND o.status = 'active'
           AND (o.expires_at IS NULL OR o.expires_at > ?2 OR m.role IN ('owner', 'org_admin')))",
    )
    .bind(user)
    .bind(super::now())
    .fetch_one(db)
    .await
}

/// Makes `user` the owner of `org` (an active membership holding a seat); the previous owner, if
/// someone else, stays as organization admin.
pub async fn set_owner(db: &mut sqlx::SqliteConnection, org: OrgId, user: UserId) -> sqlx::Result<()> {
    let now = super::now();
    sqlx::query("UPDATE memberships SET role = 'org_admin' WHERE organization_id = ?1 AND role = 'owner' AND user_id <> ?2")
        .bind(org)
        .bind(user)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at)
         VALUES (?1, ?2, 'owner', 'active', 1, ?3)
         ON CONFLICT (organization_id, user_id) DO UPDATE
            SET role = 'owner', status = 'active', holds_seat = 1, removed_at = NULL,
                joined_at = COALESCE(joined_at, excluded.joined_at)",
    )
    .bind(org)
    .bind(user)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Whether `user` holds a seat in `org`.
pub async fn holds_seat(db: impl SqliteExecutor<'_>, org: OrgId, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = ?1 AND user_id = ?2 AND holds_seat = 1)",
    )
    .bind(org)
    .bind(user)
    .fetch_one(db)
    .await
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: UserId,
    name: String,
    email: String,
    role: String,
}

/// The active admins and managers of `org` (who may become its owner), by name, as
/// `(id, name, email, role)`.
pub async fn owner_candidates(
    db: impl sqlx::SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Vec<(UserId, String, String, Role)>> {
    let rows: Vec<CandidateRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.status = 'active'
           AND m.role IN ('org_admin', 'department_admin', 'manager')
         ORDER BY u.name COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.id, r.name, r.email, r.role.parse().ok()?)))
        .collect())
}

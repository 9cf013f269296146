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
    let role: Option<String> = sqlx::query_scalar(
        "SELECT m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = ?1 AND m.organization_id = ?2 AND m.status = 'active'
           AND o.status = 'active' AND (o.expires_at IS NULL OR o.expires_at > ?3)",
    )
    .bind(user)
    .bind(org)
    .bind(super::now())
    .fetch_optional(db)
    .await?;
    Ok(role.and_then(|r| r.parse().ok()))
}

/// Whether the user manages (manager or above) at least one active organization.
pub async fn manages_any(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = ?1 AND m.status = 'active' AND m.role <> 'member'
           AND o.status = 'active' AND (o.expires_at IS NULL OR o.expires_at > ?2))",
    )
    .bind(user)
    .bind(super::now())
    .fetch_one(db)
    .await
}

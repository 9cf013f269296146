//! The audit log: appending an entry (`insert`, through `server::audit::record`) and reading it. One query serves the Audit pages,
//! their CSV downloads and the REST API.

use sqlx::SqlitePool;

use super::courses::escape_like;
use crate::domain::audit::{AuditFilter, AuditRow};
use crate::domain::ids::OrgId;

/// A raw entry: the page row plus the ids the REST API reports.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    /// Entry number.
    pub id: i64,
    /// When.
    pub at: String,
    /// The acting person's id.
    pub actor_user_id: Option<i64>,
    /// Who.
    pub actor_label: String,
    /// In which organization.
    pub organization_id: Option<i64>,
    /// Its name (empty when none or deleted).
    pub organization_name: String,
    /// What.
    pub action: String,
    /// Kind of target.
    pub target_type: String,
    /// Target id.
    pub target_id: String,
    /// JSON details.
    pub details: String,
}

impl From<Entry> for AuditRow {
    fn from(e: Entry) -> Self {
        AuditRow {
            id: e.id,
            at: e.at,
            actor: e.actor_label,
            organization: e.organization_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            details: e.details,
        }
    }
}

/// Entries of `org` (every entry when `None`) matching `f`, newest first, at most `limit`.
pub async fn search(
    db: &SqlitePool,
    org: Option<OrgId>,
    f: &AuditFilter,
    limit: i64,
) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as(
        "SELECT a.id, a.at, a.actor_user_id, a.actor_label, a.organization_id,
                COALESCE(o.name, '') AS organization_name, a.action, a.target_type, a.target_id, a.details
         FROM audit_log a LEFT JOIN organizations o ON o.id = a.organization_id
         WHERE (?1 IS NULL OR a.organization_id = ?1)
           AND (?2 = 0 OR a.id < ?2)
           AND (?3 IS NULL OR a.action = ?3)
           AND (?4 IS NULL OR a.action LIKE ?4 ESCAPE '\\')
           AND (?5 IS NULL OR a.actor_label LIKE ?5 ESCAPE '\\')
           AND (?6 IS NULL OR a.target_type = ?6)
           AND (?7 IS NULL OR a.target_id = ?7)
           AND (?8 IS NULL OR a.at >= ?8)
           AND (?9 IS NULL OR a.at < date(?9, '+1 day'))
         ORDER BY a.id DESC LIMIT ?10",
    )
    .bind(org)
    .bind(f.before)
    .bind(f.action.as_deref())
    .bind(f.action_prefix.as_deref().map(|p| format!("{}%", escape_like(p))))
    .bind(f.actor.as_deref().map(|a| format!("%{}%", escape_like(a))))
    .bind(f.target_type.as_deref())
    .bind(f.target_id.as_deref())
    .bind(f.from.as_deref())
    .bind(f.to.as_deref())
    .bind(limit)
    .fetch_all(db)
    .await
}

/// One entry to append.
pub struct NewEntry<'a> {
    /// Who.
    pub actor: &'a crate::domain::audit::Actor,
    /// In which organization, if any.
    pub org: Option<OrgId>,
    /// What (`member.added`).
    pub action: crate::domain::audit::AuditAction,
    /// The kind of thing changed.
    pub target_type: &'a str,
    /// Its id.
    pub target_id: &'a str,
    /// JSON details.
    pub details: &'a str,
}

/// Appends one entry (the table refuses updates and deletes).
pub async fn insert(db: impl sqlx::SqliteExecutor<'_>, e: &NewEntry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, actor_label, organization_id, action, target_type, target_id, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(e.actor.user_id)
    .bind(&e.actor.label)
    .bind(e.org)
    .bind(e.action)
    .bind(e.target_type)
    .bind(e.target_id)
    .bind(e.details)
    .execute(db)
    .await?;
    Ok(())
}

/// A sign-in or failed sign-in on an account, from the log.
#[derive(sqlx::FromRow)]
pub struct SignInRow {
    /// When.
    pub at: String,
    /// `user.sign_in` or `user.sign_in_failed`.
    pub action: String,
    /// Its details (address and device of a successful one).
    pub details: String,
}

/// The latest `limit` sign-ins and failed sign-ins on account `user`, newest first.
pub async fn sign_ins(
    db: impl sqlx::SqliteExecutor<'_>,
    user: crate::domain::ids::UserId,
    limit: i64,
) -> sqlx::Result<Vec<SignInRow>> {
    sqlx::query_as(
        "SELECT at, action, details FROM audit_log
         WHERE actor_user_id = ?1 AND action IN ('user.sign_in', 'user.sign_in_failed')
         ORDER BY at DESC LIMIT ?2",
    )
    .bind(user)
    .bind(limit)
    .fetch_all(db)
    .await
}

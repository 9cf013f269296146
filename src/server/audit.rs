//! The audit log: one append-only row per change, written in the change's own transaction.

use serde_json::Value;
use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};

/// Who did it: a signed-in user, or the system (CLI, seeding), or an anonymous visitor.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, when known.
    pub user_id: Option<UserId>,
    /// Human-readable: an email, "system", or "anonymous".
    pub label: String,
}

impl Actor {
    /// Changes made by operators through the command line or by the seeder.
    pub fn system() -> Self {
        Actor {
            user_id: None,
            label: "system".into(),
        }
    }

    /// A signed-in user.
    pub fn user(id: UserId, email: &str) -> Self {
        Actor {
            user_id: Some(id),
            label: email.to_string(),
        }
    }
}

/// One audit entry. `details` must never contain secrets (passwords, tokens, hashes).
pub struct Entry<'a> {
    /// Who.
    pub actor: &'a Actor,
    /// In which organization, if any.
    pub org: Option<OrgId>,
    /// What, as a stable dotted name (`user.sign_in`, `member.added`).
    pub action: &'a str,
    /// The kind of thing changed (`user`, `organization`, ...).
    pub target_type: &'a str,
    /// Its id.
    pub target_id: String,
    /// Changed fields, before → after.
    pub details: Value,
}

/// Appends `entry`; call it with the same transaction as the change it records.
pub async fn record(db: impl SqliteExecutor<'_>, entry: Entry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, actor_label, organization_id, action, target_type, target_id, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(entry.actor.user_id)
    .bind(&entry.actor.label)
    .bind(entry.org)
    .bind(entry.action)
    .bind(entry.target_type)
    .bind(entry.target_id)
    .bind(entry.details.to_string())
    .execute(db)
    .await?;
    Ok(())
}

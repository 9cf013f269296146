//! Account operations shared by the CLI and (later) the admin area.

use serde_json::json;
use sqlx::SqlitePool;

use super::audit::{self, Actor, Entry};
use super::password;
use super::repo::users;
use crate::domain::ids::UserId;
use crate::domain::validate;
use crate::error::AppError;

/// Whether `create_or_promote_admin` made a new account or promoted an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminOutcome {
    /// A new platform admin account.
    Created(UserId),
    /// An existing account, now a platform admin with the given name and password.
    Promoted(UserId),
}

/// Creates a platform admin, or promotes (and re-enables) the existing account with that email,
/// setting its name and password. Validated like every form; one transaction with its audit row.
pub async fn create_or_promote_admin(
    db: &SqlitePool,
    email: &str,
    name: &str,
    password: &str,
) -> Result<AdminOutcome, AppError> {
    let email = validate::email(email)?;
    let name = validate::name(name)?;
    validate::new_password(password)?;
    let hash = password::hash(password.to_string()).await?;

    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let outcome = match users::find_by_email(&mut *tx, &email).await? {
        Some(existing) => {
            users::promote_to_admin(&mut *tx, existing.id, &name, &hash).await?;
            AdminOutcome::Promoted(existing.id)
        }
        None => AdminOutcome::Created(users::insert(&mut *tx, &email, &name, Some(&hash), true).await?),
    };
    let (action, id) = match outcome {
        AdminOutcome::Created(id) => ("user.admin_created", id),
        AdminOutcome::Promoted(id) => ("user.admin_promoted", id),
    };
    audit::record(
        &mut *tx,
        Entry {
            actor: &Actor::system(),
            org: None,
            action,
            target_type: "user",
            target_id: id.to_string(),
            details: json!({ "email": email, "is_platform_admin": [false, true] }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

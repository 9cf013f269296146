//! Accounts: platform admins made from the command line, and the set-password link of a new
//! account (checked, then used once). Signing in stays with the session code (`server::auth`).

use crate::domain::audit::AuditAction;
use serde_json::json;
use sqlx::SqlitePool;

use crate::domain::ids::UserId;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::invitations::{hash_token, link_problem};
use crate::server::password;
use crate::server::repo::{accounts, now, users};

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
        AdminOutcome::Created(id) => (AuditAction::UserAdminCreated, id),
        AdminOutcome::Promoted(id) => (AuditAction::UserAdminPromoted, id),
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

/// Who a set-password link is for (their email), or why it cannot be used (`Conflict` with the
/// reason, worded for the person holding the link).
pub async fn check_set_password_link(db: &SqlitePool, token: &str) -> Result<String, AppError> {
    let Some(link) = accounts::set_password_link(db, &hash_token(token.trim())).await? else {
        return Err(AppError::Conflict(
            "This link is not valid. Check that you copied all of it, or ask your administrator for a new one.".into(),
        ));
    };
    match link_problem(&link.expires_at, link.used_at.as_deref(), &now()) {
        Some(problem) => Err(AppError::Conflict(problem.into())),
        None => Ok(link.email),
    }
}

/// Sets the first password of an account from its link, which works once; answers the
/// account's email (the caller signs the person in).
pub async fn set_password(
    db: &SqlitePool,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<String, AppError> {
    let email = check_set_password_link(db, token).await?;
    validate::new_password_twice(password, confirm)?;
    let hash = password::hash(password.to_string()).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let user = accounts::consume(&mut *tx, &hash_token(token.trim()), &now())
        .await?
        .ok_or_else(|| AppError::Conflict("This link has already been used.".into()))?;
    users::set_password_hash(&mut *tx, user, &hash).await?;
    let actor = Actor::user(user, &email);
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::UserPasswordSet, "user", user),
    )
    .await?;
    tx.commit().await?;
    Ok(email)
}

//! Accounts.

use sqlx::SqliteExecutor;

use crate::domain::ids::UserId;

/// A user as stored, including the password hash: never serialized, never leaves the server.
#[derive(sqlx::FromRow)]
pub struct UserRow {
    /// Account id.
    pub id: UserId,
    /// Lower-cased email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Argon2id PHC string, or none until the person sets a password.
    pub password_hash: Option<String>,
    /// Platform admin flag.
    pub is_platform_admin: bool,
    /// Disabled accounts cannot sign in and lose their sessions.
    pub is_disabled: bool,
    /// Sessions carry the epoch they were created in; bumping it ends them all.
    pub session_epoch: i64,
}

const COLUMNS: &str = "id, email, name, password_hash, is_platform_admin, is_disabled, session_epoch";

/// The account with this email (any case), if any.
pub async fn find_by_email(db: impl SqliteExecutor<'_>, email: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = ?1"))
        .bind(email)
        .fetch_optional(db)
        .await
}

/// The account with this id, if any.
pub async fn find(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Creates an account; a duplicate email is a unique violation (→ `Conflict`).
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    email: &str,
    name: &str,
    password_hash: Option<&str>,
    is_platform_admin: bool,
) -> sqlx::Result<UserId> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(is_platform_admin)
    .fetch_one(db)
    .await
}

/// Grants platform-admin rights, re-enables the account and sets its name and password.
pub async fn promote_to_admin(
    db: impl SqliteExecutor<'_>,
    id: UserId,
    name: &str,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET is_platform_admin = 1, is_disabled = 0, name = ?2, password_hash = ?3 WHERE id = ?1",
    )
    .bind(id)
    .bind(name)
    .bind(password_hash)
    .execute(db)
    .await?;
    Ok(())
}

/// Disables or re-enables an account. Disabling bumps the session epoch, which ends
/// every session the person has, on every device.
pub async fn set_disabled(db: impl SqliteExecutor<'_>, id: UserId, disabled: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET is_disabled = ?2, session_epoch = session_epoch + (?2 = 1) WHERE id = ?1")
        .bind(id)
        .bind(disabled)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a successful sign-in.
pub async fn touch_sign_in(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET last_sign_in_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// How many accounts exist (the demo seeds only an empty database).
pub async fn count(db: impl SqliteExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await
}

//! The `account_tokens` table: one-time links for an account (today: set the first password).

use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};

/// Stores the hash of a set-password link for `user`, valid until `expires_at`.
pub async fn insert_set_password(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    hash: &str,
    org: Option<OrgId>,
    expires_at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, organization_id, expires_at)
         VALUES (?1, 'set_password', ?2, ?3, ?4)",
    )
    .bind(user)
    .bind(hash)
    .bind(org)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A set-password link as stored.
#[derive(sqlx::FromRow)]
pub struct SetPasswordLink {
    /// The account's email.
    pub email: String,
    /// When it stops working.
    pub expires_at: String,
    /// When it was used, if it was.
    pub used_at: Option<String>,
}

/// The set-password link with this hash.
pub async fn set_password_link(
    db: impl SqliteExecutor<'_>,
    hash: &str,
) -> sqlx::Result<Option<SetPasswordLink>> {
    sqlx::query_as(
        "SELECT u.email, t.expires_at, t.used_at FROM account_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = ?1 AND t.purpose = 'set_password'",
    )
    .bind(hash)
    .fetch_optional(db)
    .await
}

/// Marks the link used, only when it is unused and unexpired at `at`: its account, or `None`
/// when it was not (so a link is consumed exactly once).
pub async fn consume(db: impl SqliteExecutor<'_>, hash: &str, at: &str) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = ?2
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
    )
    .bind(hash)
    .bind(at)
    .fetch_optional(db)
    .await
}

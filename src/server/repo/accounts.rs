//! The `account_tokens` table: one-time links of an account (set the first password, confirm
//! an address, reset a password, confirm a new address). Only a token's SHA-256 is stored.

use sqlx::SqliteExecutor;

use crate::domain::account::LinkPurpose;
use crate::domain::ids::{OrgId, UserId};

/// A link to store.
pub struct NewLink<'a> {
    /// Whose account.
    pub user: UserId,
    /// What it does.
    pub purpose: LinkPurpose,
    /// SHA-256 of its token.
    pub hash: &'a str,
    /// The organization it is about (the one a sign-up joins), if any.
    pub org: Option<OrgId>,
    /// What it carries (the new address of an email change), or empty.
    pub payload: &'a str,
    /// When it stops working.
    pub expires_at: &'a str,
}

/// Stores a link.
pub async fn insert(db: impl SqliteExecutor<'_>, link: &NewLink<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, organization_id, payload, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(link.user)
    .bind(link.purpose.as_str())
    .bind(link.hash)
    .bind(link.org)
    .bind(link.payload)
    .bind(link.expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A link as stored, with its account's address.
#[derive(sqlx::FromRow)]
pub struct Link {
    /// The account.
    pub user_id: UserId,
    /// The account's email.
    pub email: String,
    /// The organization it is about.
    pub organization_id: Option<OrgId>,
    /// What it carries.
    pub payload: String,
    /// When it stops working.
    pub expires_at: String,
    /// When it was used, if it was.
    pub used_at: Option<String>,
}

/// The link of `purpose` with this hash.
pub async fn find(
    db: impl SqliteExecutor<'_>,
    purpose: LinkPurpose,
    hash: &str,
) -> sqlx::Result<Option<Link>> {
    sqlx::query_as(
        "SELECT t.user_id, u.email, t.organization_id, t.payload, t.expires_at, t.used_at
         FROM account_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = ?1 AND t.purpose = ?2",
    )
    .bind(hash)
    .bind(purpose.as_str())
    .fetch_optional(db)
    .await
}

/// Marks the link used, only when it is unused and unexpired at `at`: the link, or `None` when
/// it was not (so a link is consumed exactly once, however many use it at the same time).
pub async fn consume(
    db: &mut sqlx::SqliteConnection,
    purpose: LinkPurpose,
    hash: &str,
    at: &str,
) -> sqlx::Result<Option<Link>> {
    let done = sqlx::query(
        "UPDATE account_tokens SET used_at = ?3
         WHERE token_hash = ?1 AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3",
    )
    .bind(hash)
    .bind(purpose.as_str())
    .bind(at)
    .execute(&mut *db)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    find(&mut *db, purpose, hash).await
}

/// Ends every unused link of `user` for `purpose` (a newer one replaces them, or the password
/// they would set was set another way); answers their hashes, so their mail can say so.
pub async fn retire(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    purposes: &[LinkPurpose],
    at: &str,
) -> sqlx::Result<Vec<String>> {
    let list = purposes
        .iter()
        .map(|p| format!("'{}'", p.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_scalar(&format!(
        "UPDATE account_tokens SET used_at = ?2
         WHERE user_id = ?1 AND used_at IS NULL AND purpose IN ({list}) RETURNING token_hash"
    ))
    .bind(user)
    .bind(at)
    .fetch_all(db)
    .await
}

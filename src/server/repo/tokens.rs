//! The `api_tokens` table. Only a token's SHA-256 is stored, never the token.

use sqlx::SqliteExecutor;

use crate::domain::api_tokens::{TokenAccess, TokenRow, TokenState};
use crate::domain::ids::{OrgId, UserId};

/// A token as listed (without its hash).
#[derive(sqlx::FromRow)]
struct Listed {
    id: i64,
    name: String,
    prefix: String,
    can_read: bool,
    can_write: bool,
    email: String,
    created_at: String,
    expires_at: Option<String>,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

impl Listed {
    fn row(self, at: &str) -> TokenRow {
        let state = TokenState::at(self.expires_at.as_deref(), self.revoked_at.as_deref(), at);
        TokenRow {
            id: self.id,
            name: self.name,
            prefix: self.prefix,
            access: TokenAccess::from_flags(self.can_read, self.can_write),
            created_by: self.email,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
            state: state.label().to_string(),
        }
    }
}

const LISTED: &str = "SELECT t.id, t.name, t.prefix, t.can_read, t.can_write, u.email, t.created_at,
        t.expires_at, t.last_used_at, t.revoked_at
    FROM api_tokens t JOIN users u ON u.id = t.created_by";

/// The tokens of `org` (the platform's when `None`), newest first, with their state at `at`.
pub async fn list(db: impl SqliteExecutor<'_>, org: Option<OrgId>, at: &str) -> sqlx::Result<Vec<TokenRow>> {
    let rows: Vec<Listed> = sqlx::query_as(&format!(
        "{LISTED} WHERE t.organization_id IS ?1 ORDER BY t.id DESC"
    ))
    .bind(org)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.row(at)).collect())
}

/// One token as listed, with its state at `at`.
pub async fn get(db: impl SqliteExecutor<'_>, id: i64, at: &str) -> sqlx::Result<TokenRow> {
    let row: Listed = sqlx::query_as(&format!("{LISTED} WHERE t.id = ?1"))
        .bind(id)
        .fetch_one(db)
        .await?;
    Ok(row.row(at))
}

/// A token to store.
pub struct NewTokenRow<'a> {
    /// Its organization; `None` for a platform token.
    pub org: Option<OrgId>,
    /// Its name.
    pub name: &'a str,
    /// SHA-256 of the token.
    pub hash: &'a str,
    /// The first characters, shown to recognise it.
    pub prefix: &'a str,
    /// Whether it may write (it may always read).
    pub can_write: bool,
    /// Who made it.
    pub created_by: UserId,
    /// When.
    pub created_at: &'a str,
    /// When it stops working, if ever.
    pub expires_at: Option<&'a str>,
}

/// Stores a token; returns its id.
pub async fn insert(db: impl SqliteExecutor<'_>, t: &NewTokenRow<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO api_tokens (organization_id, name, token_hash, prefix, can_read, can_write, created_by,
                                 created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(t.org)
    .bind(t.name)
    .bind(t.hash)
    .bind(t.prefix)
    .bind(t.can_write)
    .bind(t.created_by)
    .bind(t.created_at)
    .bind(t.expires_at)
    .fetch_one(db)
    .await
}

/// Revokes token `id` of `org` at `at` unless it already was; its name, or `None` when there
/// is no such live token.
pub async fn revoke(
    db: impl SqliteExecutor<'_>,
    id: i64,
    org: Option<OrgId>,
    at: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE api_tokens SET revoked_at = ?3
         WHERE id = ?1 AND organization_id IS ?2 AND revoked_at IS NULL RETURNING name",
    )
    .bind(id)
    .bind(org)
    .bind(at)
    .fetch_optional(db)
    .await
}

/// What a bearer token carries.
#[derive(sqlx::FromRow)]
pub struct Bearer {
    /// Id.
    pub id: i64,
    /// Its organization; `None` for a platform token.
    pub organization_id: Option<OrgId>,
    /// Its name.
    pub name: String,
    /// May read.
    pub can_read: bool,
    /// May write.
    pub can_write: bool,
    /// Who made it.
    pub created_by: UserId,
    /// Expiry.
    pub expires_at: Option<String>,
    /// Revocation.
    pub revoked_at: Option<String>,
    /// Whether its organization's plan includes API access (always true for a platform token).
    pub api_access: bool,
}

/// The token with this hash, read with its organization's API-access feature in one query (every
/// REST request asks).
pub async fn by_hash(db: impl SqliteExecutor<'_>, hash: &str) -> sqlx::Result<Option<Bearer>> {
    sqlx::query_as(
        "SELECT t.id, t.organization_id, t.name, t.can_read, t.can_write, t.created_by, t.expires_at,
                t.revoked_at, COALESCE(o.feature_api, t.organization_id IS NULL) AS api_access
         FROM api_tokens t LEFT JOIN organizations o ON o.id = t.organization_id
         WHERE t.token_hash = ?1",
    )
    .bind(hash)
    .fetch_optional(db)
    .await
}

/// Notes that token `id` was used at `at` (at most once a minute, so reads do not all turn into
/// writes).
pub async fn touch(db: impl SqliteExecutor<'_>, id: i64, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE api_tokens SET last_used_at = ?2
         WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?2, '-60 seconds'))",
    )
    .bind(id)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

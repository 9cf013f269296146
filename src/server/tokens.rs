//! API tokens: created (the secret shown once, its SHA-256 stored), listed, revoked, and
//! turned back into the caller of a REST request.

use sqlx::SqlitePool;

use super::audit::{self, Actor};
use super::auth::ApiCaller;
use super::invitations::hash_token;
use super::repo::{memberships, now, users};
use crate::domain::api_tokens::{prefix_of, CreatedToken, NewToken, TokenAccess, TokenRow, TokenState};
use crate::domain::ids::{OrgId, UserId};
use crate::domain::role::Action;
use crate::domain::session::CurrentUser;
use crate::error::AppError;

/// Every token starts with this, so a leaked one is easy to recognise in logs and scanners.
const TOKEN_PREFIX: &str = "obk_";

/// Why a bearer token was refused (each becomes a 401 with its own message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such token.
    Unknown,
    /// Revoked.
    Revoked,
    /// Past its expiry.
    Expired,
    /// Its creator no longer has the rights it acts with (disabled, removed, demoted).
    CreatorLostAccess,
}

impl Refusal {
    /// What the integrator reads.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Unknown => {
                "This API token is not valid. Check the Authorization header: Bearer <token>."
            }
            Refusal::Revoked => "This API token was revoked. Create a new one in Settings > API.",
            Refusal::Expired => "This API token has expired. Create a new one in Settings > API.",
            Refusal::CreatorLostAccess => {
                "The person who created this API token no longer has the rights it needs. Create a new one."
            }
        }
    }
}

type TokenDbRow = (
    i64,
    String,
    String,
    bool,
    bool,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// id, organization, name, read, write, creator, expires_at, revoked_at.
type AuthRow = (
    i64,
    Option<OrgId>,
    String,
    bool,
    bool,
    UserId,
    Option<String>,
    Option<String>,
);

const ROW_SQL: &str = "SELECT t.id, t.name, t.prefix, t.can_read, t.can_write, u.email, t.created_at,
        t.expires_at, t.last_used_at, t.revoked_at
    FROM api_tokens t JOIN users u ON u.id = t.created_by";

fn to_row(r: TokenDbRow, at: &str) -> TokenRow {
    let state = TokenState::at(r.7.as_deref(), r.9.as_deref(), at);
    TokenRow {
        id: r.0,
        name: r.1,
        prefix: r.2,
        access: TokenAccess::from_flags(r.3, r.4),
        created_by: r.5,
        created_at: r.6,
        expires_at: r.7,
        last_used_at: r.8,
        revoked_at: r.9,
        state: state.label().to_string(),
    }
}

/// The tokens of `org` (or the platform tokens when `None`), newest first.
pub async fn list(db: &SqlitePool, org: Option<OrgId>) -> Result<Vec<TokenRow>, AppError> {
    let rows: Vec<TokenDbRow> = sqlx::query_as(&format!(
        "{ROW_SQL} WHERE t.organization_id IS ?1 ORDER BY t.id DESC"
    ))
    .bind(org)
    .fetch_all(db)
    .await?;
    let at = now();
    Ok(rows.into_iter().map(|r| to_row(r, &at)).collect())
}

/// Creates a token for `org` (platform token when `None`) made by `by`; the secret is returned
/// once and never stored.
pub async fn create(
    db: &SqlitePool,
    org: Option<OrgId>,
    by: &CurrentUser,
    actor: &Actor,
    new: &NewToken,
) -> Result<CreatedToken, AppError> {
    let (secret, _) = super::invitations::new_token();
    let token = format!("{TOKEN_PREFIX}{secret}");
    let hash = hash_token(&token);
    let created = now();
    let expires = new.expires_in_days.map(|d| {
        (chrono::Utc::now() + chrono::Duration::days(d))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    });
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (organization_id, name, token_hash, prefix, can_read, can_write, created_by,
                                 created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(org)
    .bind(&new.name)
    .bind(&hash)
    .bind(prefix_of(&token))
    .bind(new.access == TokenAccess::ReadWrite)
    .bind(by.id)
    .bind(&created)
    .bind(&expires)
    .fetch_one(&mut *tx)
    .await?;
    let mut entry =
        audit::Entry::new(actor, "api_token.created", "api_token", id).details(serde_json::json!({
            "name": new.name, "scopes": new.access.scopes(), "expires_at": expires,
        }));
    if let Some(org) = org {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    let row: TokenDbRow = sqlx::query_as(&format!("{ROW_SQL} WHERE t.id = ?1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(CreatedToken {
        token,
        row: to_row(row, &created),
    })
}

/// Revokes token `id` of `org` (platform token when `None`); it stops working at once.
pub async fn revoke(db: &SqlitePool, org: Option<OrgId>, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE api_tokens SET revoked_at = ?3
         WHERE id = ?1 AND organization_id IS ?2 AND revoked_at IS NULL RETURNING name",
    )
    .bind(id)
    .bind(org)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    let name = name.ok_or(AppError::NotFound)?;
    let mut entry = audit::Entry::new(actor, "api_token.revoked", "api_token", id)
        .details(serde_json::json!({ "name": name }));
    if let Some(org) = org {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller behind a bearer token, or why it is refused. Notes the token's last use (at most
/// once a minute, so reads do not all turn into writes).
pub async fn authenticate(db: &SqlitePool, bearer: &str) -> Result<Result<ApiCaller, Refusal>, AppError> {
    let row: Option<AuthRow> = sqlx::query_as(
        "SELECT id, organization_id, name, can_read, can_write, created_by, expires_at, revoked_at
             FROM api_tokens WHERE token_hash = ?1",
    )
    .bind(hash_token(bearer.trim()))
    .fetch_optional(db)
    .await?;
    let Some((id, org, name, read, write, creator, expires, revoked)) = row else {
        return Ok(Err(Refusal::Unknown));
    };
    let at = now();
    match TokenState::at(expires.as_deref(), revoked.as_deref(), &at) {
        TokenState::Active => {}
        TokenState::Revoked => return Ok(Err(Refusal::Revoked)),
        TokenState::Expired => return Ok(Err(Refusal::Expired)),
    }
    let Some(user) = users::find(db, creator).await? else {
        return Ok(Err(Refusal::CreatorLostAccess));
    };
    let still_allowed = !user.is_disabled
        && match org {
            None => user.is_platform_admin,
            Some(org) => {
                user.is_platform_admin
                    || memberships::active_role(db, user.id, org)
                        .await?
                        .is_some_and(|r| r.can(Action::ManageApiTokens))
            }
        };
    if !still_allowed {
        return Ok(Err(Refusal::CreatorLostAccess));
    }
    sqlx::query(
        "UPDATE api_tokens SET last_used_at = ?2
         WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?2, '-60 seconds'))",
    )
    .bind(id)
    .bind(&at)
    .execute(db)
    .await?;
    Ok(Ok(ApiCaller {
        token_id: id,
        name,
        org,
        access: TokenAccess::from_flags(read, write),
        user: CurrentUser {
            id: user.id,
            email: user.email,
            name: user.name,
            is_platform_admin: org.is_none(),
            manages_any: true,
        },
    }))
}

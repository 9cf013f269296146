//! API tokens: created (the secret shown once, its SHA-256 stored), listed, revoked, and
//! turned back into the caller of a REST request.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::audit::{self, Actor};
use super::auth::ApiCaller;
use super::invitations::hash_token;
use super::repo::tokens::{self, NewTokenRow};
use super::repo::{memberships, now, users};
use crate::domain::api_tokens::{prefix_of, CreatedToken, NewToken, TokenAccess, TokenRow, TokenState};
use crate::domain::ids::OrgId;
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
    /// Its organization's plan does not include API access (a 403, not a 401: the token is
    /// fine, the organization may not use it).
    ApiAccessOff,
}

impl Refusal {
    /// What the integrator reads.
    pub fn message(self) -> String {
        let text = match self {
            Refusal::Unknown => {
                "This API token is not valid. Check the Authorization header: Bearer <token>."
            }
            Refusal::Revoked => "This API token was revoked. Create a new one in Settings > API.",
            Refusal::Expired => "This API token has expired. Create a new one in Settings > API.",
            Refusal::CreatorLostAccess => {
                "The person who created this API token no longer has the rights it needs. Create a new one."
            }
            Refusal::ApiAccessOff => return crate::domain::features::Feature::ApiAccess.missing_message(),
        };
        text.to_string()
    }
}

/// The tokens of `org` (or the platform tokens when `None`), newest first.
pub async fn list(db: &SqlitePool, org: Option<OrgId>) -> Result<Vec<TokenRow>, AppError> {
    Ok(tokens::list(db, org, &now()).await?)
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
    let expires = new
        .expires_in_days
        .map(|d| super::repo::from_now(chrono::Duration::days(d)));
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let id = tokens::insert(
        &mut *tx,
        &NewTokenRow {
            org,
            name: &new.name,
            hash: &hash,
            prefix: &prefix_of(&token),
            can_write: new.access == TokenAccess::ReadWrite,
            created_by: by.id,
            created_at: &created,
            expires_at: expires.as_deref(),
        },
    )
    .await?;
    let mut entry =
        audit::Entry::new(actor, AuditAction::ApiTokenCreated, "api_token", id).details(serde_json::json!({
            "name": new.name, "scopes": new.access.scopes(), "expires_at": expires,
        }));
    if let Some(org) = org {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    let row = tokens::get(&mut *tx, id, &created).await?;
    tx.commit().await?;
    Ok(CreatedToken { token, row })
}

/// Revokes token `id` of `org` (platform token when `None`); it stops working at once.
pub async fn revoke(db: &SqlitePool, org: Option<OrgId>, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let name = tokens::revoke(&mut *tx, id, org, &now()).await?;
    let name = name.ok_or(AppError::NotFound)?;
    let mut entry = audit::Entry::new(actor, AuditAction::ApiTokenRevoked, "api_token", id)
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
    let Some(row) = tokens::by_hash(db, &hash_token(bearer.trim())).await? else {
        return Ok(Err(Refusal::Unknown));
    };
    let (id, org, name, read, write, creator) = (
        row.id,
        row.organization_id,
        row.name,
        row.can_read,
        row.can_write,
        row.created_by,
    );
    let (expires, revoked) = (row.expires_at, row.revoked_at);
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
    if !row.api_access {
        return Ok(Err(Refusal::ApiAccessOff));
    }
    tokens::touch(db, id, &at).await?;
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

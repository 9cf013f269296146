//! API tokens: an organization's (its owners and organization admins) and the platform's
//! (platform admins). The secret is shown once, when created; only its hash is kept.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::api_tokens::{CreatedToken, NewToken, TokenRow};
use crate::domain::ids::OrgId;
use crate::domain::role::Action;
use crate::domain::session::CurrentUser;
use crate::error::AppError;
use crate::server::audit::Actor;
use crate::server::tokens;

/// Whether the caller may manage the tokens of `org` (platform tokens when `None`): the person
/// who would create them, and the audit actor.
pub async fn may_manage(
    db: &SqlitePool,
    caller: &Caller,
    org: Option<OrgId>,
) -> Result<(CurrentUser, Actor), AppError> {
    match org {
        Some(org) => {
            let access = caller.require(db, org, Action::ManageApiTokens).await?;
            let actor = access.actor();
            Ok((access.user, actor))
        }
        None => caller.platform_actor(db).await,
    }
}

/// The tokens of `org`, or the platform tokens when `org` is `None`.
pub async fn list(db: &SqlitePool, caller: &Caller, org: Option<OrgId>) -> Result<Vec<TokenRow>, AppError> {
    may_manage(db, caller, org).await?;
    tokens::list(db, org).await
}

/// Creates a token; its secret is in the answer and nowhere else.
pub async fn create(
    db: &SqlitePool,
    caller: &Caller,
    org: Option<OrgId>,
    new: &NewToken,
) -> Result<CreatedToken, AppError> {
    let (user, actor) = may_manage(db, caller, org).await?;
    if let Some(org) = org {
        let features = crate::server::repo::orgs::features(db, org)
            .await?
            .ok_or(AppError::NotFound)?;
        if !features.has(crate::domain::features::Feature::ApiAccess) {
            return Err(AppError::Conflict(
                crate::domain::features::Feature::ApiAccess.missing_message(),
            ));
        }
    }
    tokens::create(db, org, &user, &actor, new).await
}

/// Revokes a token; requests with it are refused from now on.
pub async fn revoke(db: &SqlitePool, caller: &Caller, org: Option<OrgId>, id: i64) -> Result<(), AppError> {
    let (_, actor) = may_manage(db, caller, org).await?;
    tokens::revoke(db, org, &actor, id).await
}

//! Accounts as platform admins run them (Admin > Users): find people, disable them, make them
//! platform admins.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::UserId;
use crate::domain::user_admin::{check_standing_change, StandingChange, UserListItem};
use crate::error::AppError;
use crate::server::audit;
use crate::server::repo::users;

/// `limit` accounts whose name or email contains `search` from `offset`, and how many match.
pub async fn search(
    db: &SqlitePool,
    caller: &Caller,
    search: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserListItem>, i64), AppError> {
    caller.platform_admin(db).await?;
    let mut conn = db.acquire().await?;
    Ok(users::search(&mut conn, search, limit, offset).await?)
}

/// Disables an account (ending all its sessions at once) or re-enables it.
pub async fn set_disabled(
    db: &SqlitePool,
    caller: &Caller,
    id: UserId,
    disabled: bool,
) -> Result<(), AppError> {
    let (admin, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let target = users::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if disabled {
        let active_admins = users::count_active_admins(&mut *tx).await?;
        let is_active_admin = target.is_platform_admin && !target.is_disabled;
        check_standing_change(
            StandingChange::Disable,
            is_active_admin,
            active_admins,
            id == admin.id,
        )?;
    }
    if target.is_disabled == disabled {
        return Ok(());
    }
    users::set_disabled(&mut *tx, id, disabled).await?;
    let action = if disabled {
        AuditAction::UserDisabled
    } else {
        AuditAction::UserEnabled
    };
    let entry = audit::Entry::new(&actor, action, "user", id)
        .details(serde_json::json!({ "email": target.email, "is_disabled": [!disabled, disabled] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes an account a platform admin, or takes it away (never from the last active one).
pub async fn set_platform_admin(
    db: &SqlitePool,
    caller: &Caller,
    id: UserId,
    admin: bool,
) -> Result<(), AppError> {
    let (me, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let target = users::find(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if !admin {
        let active_admins = users::count_active_admins(&mut *tx).await?;
        let is_active_admin = target.is_platform_admin && !target.is_disabled;
        check_standing_change(
            StandingChange::RevokeAdmin,
            is_active_admin,
            active_admins,
            id == me.id,
        )?;
    }
    if target.is_platform_admin == admin {
        return Ok(());
    }
    users::set_platform_admin(&mut *tx, id, admin).await?;
    let action = if admin {
        AuditAction::UserAdminGranted
    } else {
        AuditAction::UserAdminRevoked
    };
    let entry = audit::Entry::new(&actor, action, "user", id)
        .details(serde_json::json!({ "email": target.email, "is_platform_admin": [!admin, admin] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

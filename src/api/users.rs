//! Admin > Users: find people, see their memberships, disable them, make them platform admins.

use leptos::prelude::*;

use crate::domain::ids::UserId;
use crate::domain::user_admin::{Page, UserListItem};
use crate::error::AppError;

/// Rows per page in Admin > Users.
pub const USERS_PER_PAGE: i64 = 25;

/// Accounts whose name or email contains `search`, one page (1-based) at a time.
#[server]
pub async fn list_users(search: String, page: i64) -> Result<Page<UserListItem>, AppError> {
    use crate::server::{auth, repo::users};

    let (state, _admin) = auth::require_platform_admin().await?;
    let page = page.max(1);
    let mut conn = state.db.acquire().await?;
    let (items, total) = users::search(
        &mut conn,
        &search,
        USERS_PER_PAGE,
        Page::<()>::offset(page, USERS_PER_PAGE),
    )
    .await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: USERS_PER_PAGE,
    })
}

/// Disables an account (ending all its sessions at once) or re-enables it.
#[server]
pub async fn set_user_disabled(id: UserId, disabled: bool) -> Result<(), AppError> {
    use crate::domain::user_admin::{check_standing_change, StandingChange};
    use crate::server::{audit, auth, repo::users};

    let (state, admin) = auth::require_platform_admin().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
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
    let actor = audit::Actor::of(&admin);
    let action = if disabled { "user.disabled" } else { "user.enabled" };
    let entry = audit::Entry::new(&actor, action, "user", id)
        .details(serde_json::json!({ "email": target.email, "is_disabled": [!disabled, disabled] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes an account a platform admin, or takes it away (never from the last active one).
#[server]
pub async fn set_platform_admin(id: UserId, admin: bool) -> Result<(), AppError> {
    use crate::domain::user_admin::{check_standing_change, StandingChange};
    use crate::server::{audit, auth, repo::users};

    let (state, me) = auth::require_platform_admin().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
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
    let actor = audit::Actor::of(&me);
    let action = if admin {
        "user.admin_granted"
    } else {
        "user.admin_revoked"
    };
    let entry = audit::Entry::new(&actor, action, "user", id)
        .details(serde_json::json!({ "email": target.email, "is_platform_admin": [!admin, admin] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

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
    let (state, caller) = crate::server::auth::caller().await?;
    let page = page.max(1);
    let offset = Page::<()>::offset(page, USERS_PER_PAGE);
    let (items, total) =
        crate::service::users::search(&state.db, &caller, &search, USERS_PER_PAGE, offset).await?;
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
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::users::set_disabled(&state.db, &caller, id, disabled).await
}

/// Makes an account a platform admin, or takes it away (never from the last active one).
#[server]
pub async fn set_platform_admin(id: UserId, admin: bool) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::users::set_platform_admin(&state.db, &caller, id, admin).await
}

//! My account: the signed-in person's own name, password and sessions.

use leptos::prelude::*;

pub use crate::domain::account::MyAccount;
use crate::error::AppError;

/// The My account page of the signed-in person.
#[server]
pub async fn get_my_account() -> Result<MyAccount, AppError> {
    use crate::server::auth;

    let (state, caller) = auth::caller().await?;
    let current = auth::session_handle(&auth::request_session().await?).await?;
    crate::service::my_account::page(&state.db, &state.config, &caller, current.as_deref()).await
}

/// Changes the signed-in person's name.
#[server]
pub async fn rename_me(name: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::my_account::rename(&state.db, &caller, &name).await
}

/// Changes the signed-in person's password (the current one is needed); every other session
/// ends, this one goes on.
#[server]
pub async fn change_my_password(current: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::server::auth;

    let (state, caller) = auth::caller().await?;
    let session = auth::request_session().await?;
    let keep = auth::session_handle(&session).await?;
    let epoch = auth::answered(
        crate::service::my_account::change_password(
            &state.db,
            &caller,
            keep.as_deref(),
            &current,
            &password,
            &confirm,
        )
        .await,
    )?;
    auth::keep_session(&session, epoch).await
}

/// Signs out one session of the signed-in person.
#[server]
pub async fn end_my_session(id: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::my_account::end_session(&state.db, &caller, &id).await
}

/// Signs out every session of the signed-in person but this one; answers what was done.
#[server]
pub async fn end_my_other_sessions() -> Result<String, AppError> {
    use crate::server::auth;

    let (state, caller) = auth::caller().await?;
    let keep = auth::session_handle(&auth::request_session().await?).await?;
    let ended = crate::service::my_account::end_other_sessions(&state.db, &caller, keep.as_deref()).await?;
    Ok(match ended {
        0 => "There were no other sessions.".into(),
        1 => "1 other session was signed out.".into(),
        n => format!("{n} other sessions were signed out."),
    })
}

pub use crate::domain::two_factor::TwoFactorSetup;

/// Starts setting up two-factor sign-in: a new secret, as a QR code, text and link.
#[server]
pub async fn begin_two_factor() -> Result<TwoFactorSetup, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::begin(&state.db, &caller).await
}

/// Turns two-factor on with a code from the app; answers the ten recovery codes (shown once).
#[server]
pub async fn enable_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::enable(&state.db, &caller, &code).await
}

/// Turns two-factor off (the current password is needed).
#[server]
pub async fn disable_two_factor(current: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::server::auth::answered(crate::service::two_factor::disable(&state.db, &caller, &current).await)
}

/// Whether an organization requires two-factor of its owners and admins.
#[server]
pub async fn get_org_two_factor(org: crate::domain::ids::OrgId) -> Result<bool, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::org_required(&state.db, &caller, org).await
}

/// Sets whether an organization requires two-factor of its owners and admins (`required`: the
/// checkbox, present when ticked).
#[server]
pub async fn set_org_two_factor(
    org: crate::domain::ids::OrgId,
    required: Option<String>,
) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::set_org_required(&state.db, &caller, org, required.is_some()).await
}

/// Whether platform admins must use two-factor.
#[server]
pub async fn get_platform_two_factor() -> Result<bool, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::platform_required(&state.db, &caller).await
}

/// Sets whether platform admins must use two-factor (`required`: the checkbox).
#[server]
pub async fn set_platform_two_factor(required: Option<String>) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::two_factor::set_platform_required(&state.db, &caller, required.is_some()).await
}

/// Asks to move the signed-in person's account to a new address (the current password is
/// needed): a link goes there, and the current address is told.
#[server]
pub async fn change_my_email(email: String, current: String) -> Result<String, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::server::auth::answered(
        crate::service::my_account::change_email(&state.db, &state.config, &caller, &email, &current).await,
    )
}

/// The new address a change-of-address link is for, or the dead-link answer.
#[server]
pub async fn check_email_change_link(token: String) -> Result<String, AppError> {
    let state = crate::server::state::app_state()?;
    crate::service::my_account::check_email_change(&state.db, &token).await
}

/// Opens a change-of-address link (once); answers what happened.
#[server]
pub async fn confirm_email_change(token: String) -> Result<String, AppError> {
    let state = crate::server::state::app_state()?;
    crate::service::my_account::confirm_email_change(&state.db, &state.config, &token).await
}

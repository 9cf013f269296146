//! Sign-in, sign-out and "who am I".

use leptos::prelude::*;

use crate::domain::session::CurrentUser;
use crate::error::AppError;

/// Signs in with email and password, then sends the browser to `next` (a local path) or to
/// the person's home area.
#[server]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let session = auth::request_session().await?;
    let step = auth::sign_in_limited(&state, &session, &email, &password).await?;
    proceed(&state, step, &next).await
}

/// After the first factor: on to the code step, or (signed in) to where the person lands.
#[cfg(feature = "ssr")]
async fn proceed(
    state: &crate::server::state::AppState,
    step: crate::server::auth::SignInStep,
    next: &str,
) -> Result<(), AppError> {
    use crate::domain::validate;
    match step {
        crate::server::auth::SignInStep::Done(user) => land(state, &user, next).await,
        crate::server::auth::SignInStep::NeedsCode => {
            let next = crate::domain::format::query_value(validate::safe_next(next).as_deref().unwrap_or(""));
            leptos_axum::redirect(&format!("/signin/code?next={next}"));
            Ok(())
        }
    }
}

/// Sends the person who just signed in on: to set up two-factor when their role requires it
/// and they have not, else to `next` (a local path) or their home area.
#[cfg(feature = "ssr")]
async fn land(
    state: &crate::server::state::AppState,
    user: &CurrentUser,
    next: &str,
) -> Result<(), AppError> {
    use crate::domain::{nav, validate};
    let target = if crate::service::two_factor::must_set_up(&state.db, user.id).await? {
        "/me/account?two_factor=required".to_string()
    } else {
        validate::safe_next(next).unwrap_or_else(|| nav::home_for(user).to_string())
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The second step of a sign-in with two-factor: the 6-digit code from the app, or a recovery
/// code. Wrong codes are limited and audited.
#[server]
pub async fn verify_sign_in_code(code: String, next: String) -> Result<(), AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let session = auth::request_session().await?;
    let user = auth::answered(auth::finish_two_factor(&state, &session, &code).await)?;
    land(&state, &user, &next).await
}

/// Ends the session on the server and returns to the sign-in page.
#[server]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth;

    let state = crate::server::state::app_state()?;
    let session = auth::request_session().await?;
    auth::sign_out(&state.db, &session).await?;
    leptos_axum::redirect("/signin");
    Ok(())
}

/// The signed-in person, or none.
#[server]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let session = auth::request_session().await?;
    auth::current_user(&state.db, &state.config.policy, &session).await
}

/// Who a set-password link is for, or why it cannot be used (as `Conflict` with the reason).
#[server]
pub async fn check_set_password_link(token: String) -> Result<String, AppError> {
    link_email(crate::domain::account::LinkPurpose::SetPassword, &token).await
}

/// Sets the password of a new account from its link (once), then signs the person in.
#[server]
pub async fn set_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    choose_password(
        crate::domain::account::LinkPurpose::SetPassword,
        &token,
        &password,
        &confirm,
    )
    .await
}

/// Sets a new password from a reset link (once): every session of the person ends, and this
/// browser is signed in anew.
#[server]
pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    choose_password(
        crate::domain::account::LinkPurpose::ResetPassword,
        &token,
        &password,
        &confirm,
    )
    .await
}

#[cfg(feature = "ssr")]
async fn choose_password(
    purpose: crate::domain::account::LinkPurpose,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let chosen = auth::answered(
        crate::service::accounts::choose_password(&state.db, purpose, token, password, confirm).await,
    )?;
    let session = auth::request_session().await?;
    // A reset link is one factor: an account with two-factor still asks for its code.
    let step = auth::begin_session(&state, &session, &auth::Client::current().await, chosen.user).await?;
    proceed(&state, step, "").await
}

/// Whether a reset link still works (the dead-link answer when not).
#[server]
pub async fn check_reset_link(token: String) -> Result<String, AppError> {
    link_email(crate::domain::account::LinkPurpose::ResetPassword, &token).await
}

/// Whether a sign-up's confirmation link still works: the address it confirms, or the
/// dead-link answer.
#[server]
pub async fn check_verify_link(token: String) -> Result<String, AppError> {
    link_email(crate::domain::account::LinkPurpose::VerifyEmail, &token).await
}

/// The account address behind a live link of `purpose`.
#[cfg(feature = "ssr")]
async fn link_email(purpose: crate::domain::account::LinkPurpose, token: &str) -> Result<String, AppError> {
    let state = crate::server::state::app_state()?;
    Ok(crate::service::accounts::check_link(&state.db, purpose, token)
        .await?
        .email)
}

/// "Forgot password": the same answer whether or not the address has an account; limited per
/// client address and per email.
#[server]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::server::{auth, guard::Gate, state::app_state};

    let state = app_state()?;
    let gate = Gate {
        guard: &state.guard,
        ip: auth::client_ip().await,
    };
    let email = crate::domain::validate::email(&email)?;
    auth::answered(gate.link_mail(&email))?;
    crate::service::accounts::request_reset(&state.db, &state.config, &email).await
}

/// Opens the link that confirms a sign-up's address (once): the account starts working, the
/// membership it asked for starts, and the person is signed in. Answers what happened.
#[server]
pub async fn confirm_email(token: String) -> Result<String, AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let confirmed = crate::service::join::confirm(&state.db, &token).await?;
    let session = auth::request_session().await?;
    auth::start_session(&state, &session, &auth::Client::current().await, confirmed.user).await?;
    Ok(confirmed.message)
}

/// What every page says about this server: that it holds demo data, when it does.
#[server]
pub async fn get_site_notice() -> Result<Option<String>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::service::accounts::site_notice(&state.db).await
}

//! Sign-in, sign-out and "who am I".

use leptos::prelude::*;

use crate::domain::session::CurrentUser;
use crate::error::AppError;

/// Signs in with email and password, then sends the browser to `next` (a local path) or to
/// the person's home area.
#[server]
pub async fn sign_in(email: String, password: String, next: String) -> Result<(), AppError> {
    use crate::domain::{nav, validate};
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let session = auth::request_session().await?;
    let user = auth::sign_in_limited(&state, &session, &email, &password).await?;
    let target = validate::safe_next(&next).unwrap_or_else(|| nav::home_for(&user).to_string());
    leptos_axum::redirect(&target);
    Ok(())
}

/// Ends the session on the server and returns to the sign-in page.
#[server]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth;

    let session = auth::request_session().await?;
    auth::sign_out(&session).await?;
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
    let state = crate::server::state::app_state()?;
    crate::service::accounts::check_set_password_link(&state.db, &token).await
}

/// Sets the password of a new account from its link (once), then signs the person in.
#[server]
pub async fn set_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let email = crate::service::accounts::set_password(&state.db, &token, &password, &confirm).await?;
    let session = auth::request_session().await?;
    auth::sign_in_limited(&state, &session, &email, &password).await?;
    leptos_axum::redirect("/");
    Ok(())
}

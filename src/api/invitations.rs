//! Accepting an invitation from its link: public endpoints, the token is the credential.

use leptos::prelude::*;

use crate::domain::members::InvitationView;
use crate::error::AppError;

/// What an invitation link is for, or why it cannot be used (`Conflict` with the reason).
#[server]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::invitation(&state.db, &caller, &token).await
}

/// Accepts an invitation. Someone new gives a name and password (an account is created and
/// signed in); someone with an account must be signed in as the invited email. The token is
/// consumed exactly once, in the same transaction as the membership that takes its seat.
#[server]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::auth;

    let (state, caller) = auth::caller().await?;
    let new_account =
        crate::service::members::accept_link(&state.db, &caller, &token, &name, &password, &confirm).await?;
    if let Some(user) = new_account {
        let session = auth::request_session().await?;
        auth::start_session(&state, &session, &auth::Client::current().await, user).await?;
    }
    leptos_axum::redirect("/");
    Ok(())
}

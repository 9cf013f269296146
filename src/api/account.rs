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

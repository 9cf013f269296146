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
    auth::current_user(&state.db, &session).await
}

/// Who a set-password link is for, or why it cannot be used (as `Conflict` with the reason).
#[server]
pub async fn check_set_password_link(token: String) -> Result<String, AppError> {
    use crate::server::{invitations, state::app_state};

    let state = app_state()?;
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT u.email, t.expires_at, t.used_at FROM account_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = ?1 AND t.purpose = 'set_password'",
    )
    .bind(invitations::hash_token(token.trim()))
    .fetch_optional(&state.db)
    .await?;
    let Some((email, expires_at, used_at)) = row else {
        return Err(AppError::Conflict(
            "This link is not valid. Check that you copied all of it, or ask your administrator for a new one.".into(),
        ));
    };
    match invitations::link_problem(&expires_at, used_at.as_deref(), &crate::server::repo::now()) {
        Some(problem) => Err(AppError::Conflict(problem.into())),
        None => Ok(email),
    }
}

/// Sets the password of a new account from its link (once), then signs the person in.
#[server]
pub async fn set_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::domain::validate;
    use crate::server::{audit, auth, invitations, password as pw, state::app_state};

    let state = app_state()?;
    let email = check_set_password_link(token.clone()).await?;
    validate::new_password(&password)?;
    if password != confirm {
        return Err(AppError::invalid(
            "confirm",
            "The two passwords differ. Type the same password twice.",
        ));
    }
    let hash = pw::hash(password.clone()).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    // Consumed exactly once: the update only matches an unused, unexpired token.
    let user: Option<crate::domain::ids::UserId> = sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = ?2
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
    )
    .bind(invitations::hash_token(token.trim()))
    .bind(crate::server::repo::now())
    .fetch_optional(&mut *tx)
    .await?;
    let user = user.ok_or_else(|| AppError::Conflict("This link has already been used.".into()))?;
    sqlx::query("UPDATE users SET password_hash = ?2 WHERE id = ?1")
        .bind(user)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
    let actor = audit::Actor::user(user, &email);
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, "user.password_set", "user", user),
    )
    .await?;
    tx.commit().await?;
    let session = auth::request_session().await?;
    auth::sign_in_limited(&state, &session, &email, &password).await?;
    leptos_axum::redirect("/");
    Ok(())
}

//! Accepting an invitation from its link: public endpoints, the token is the credential.

use leptos::prelude::*;

use crate::domain::members::InvitationView;
use crate::error::AppError;

/// What an invitation link is for, or why it cannot be used (`Conflict` with the reason).
#[server]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::domain::members::invitation_problem;
    use crate::server::repo::{members, users};
    use crate::server::{auth, invitations, state::app_state};

    let state = app_state()?;
    let Some((_, _, org_name, email, role, _, status, expires_at)) =
        members::invitation_by_hash(&state.db, &invitations::hash_token(token.trim())).await?
    else {
        return Err(AppError::Conflict(
            "This invitation link is not valid. Check that you copied all of it, or ask whoever invited you for a new one.".into(),
        ));
    };
    if let Some(problem) = invitation_problem(&status, &expires_at, &crate::server::repo::now(), &org_name) {
        return Err(AppError::Conflict(problem));
    }
    let session = auth::request_session().await?;
    let signed_in_as = auth::current_user(&state.db, &session).await?.map(|u| u.email);
    Ok(InvitationView {
        org_name,
        has_account: users::find_by_email(&state.db, &email).await?.is_some(),
        email,
        role: role.parse().unwrap_or(crate::domain::role::Role::Member),
        signed_in_as,
    })
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
    use crate::domain::validate;
    use crate::server::{auth, invitations, password as pw, state::app_state};
    use crate::service::members::Acceptor;

    let state = app_state()?;
    let view = get_invitation(token.clone()).await?;
    let session = auth::request_session().await?;
    let hash = invitations::hash_token(token.trim());
    let new_account = if view.has_account {
        match &view.signed_in_as {
            Some(e) if *e == view.email => None,
            Some(other) => {
                return Err(AppError::Conflict(format!(
                    "This invitation is for {}, but you are signed in as {other}. Sign out, then open the link again.",
                    view.email
                )))
            }
            None => {
                return Err(AppError::Conflict(format!(
                    "{} already has an account. Sign in first, then open the link again.",
                    view.email
                )))
            }
        }
    } else {
        let name = validate::name(&name)?;
        validate::new_password(&password)?;
        if password != confirm {
            return Err(AppError::invalid(
                "confirm",
                "The two passwords differ. Type the same password twice.",
            ));
        }
        Some((name, pw::hash(password.clone()).await?))
    };

    let who = match (&new_account, auth::current_user(&state.db, &session).await?) {
        (Some((name, hash)), _) => Acceptor::New {
            name: name.clone(),
            password_hash: hash.clone(),
        },
        (None, Some(me)) => Acceptor::Existing(me.id),
        (None, None) => return Err(AppError::Unauthorized),
    };
    let (_, _, email) = crate::service::members::accept(&state.db, &hash, who).await?;
    if new_account.is_some() {
        auth::sign_in_limited(&state, &session, &email, &password).await?;
    }
    leptos_axum::redirect("/");
    Ok(())
}

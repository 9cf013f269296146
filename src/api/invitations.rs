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
pub async fn accept_invitation(token: String, name: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::domain::validate;
    use crate::server::repo::{members, users};
    use crate::server::{audit, auth, invitations, password as pw, state::app_state};

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
            return Err(AppError::invalid("confirm", "The two passwords differ. Type the same password twice."));
        }
        Some((name, pw::hash(password.clone()).await?))
    };

    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let Some(id) = members::consume_invitation(&mut *tx, &hash).await? else {
        return Err(AppError::Conflict(
            "This invitation has just been used, withdrawn or has expired. Ask whoever invited you for a new one.".into(),
        ));
    };
    let (_, org, _, email, role, team, _, _) = members::invitation_by_hash(&mut *tx, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = match (&new_account, users::find_by_email(&mut *tx, &email).await?) {
        (_, Some(u)) if view.has_account => u.id,
        (Some((name, hash)), None) => users::insert(&mut *tx, &email, name, Some(hash), false).await?,
        _ => {
            return Err(AppError::Conflict(
                "An account for this email was created meanwhile. Sign in, then open the link again.".into(),
            ))
        }
    };
    let role: crate::domain::role::Role = role.parse().unwrap_or(crate::domain::role::Role::Member);
    // The invitation held the seat; it passes to the membership (unless they are already in).
    let already = matches!(members::membership(&mut *tx, org, user).await?, Some((_, s, _)) if s == "active");
    if !already {
        members::activate(&mut *tx, org, user, role).await?;
    }
    if let Some(team) = team {
        members::add_to_teams(&mut tx, org, user, &[team]).await?;
    }
    let actor = audit::Actor::user(user, &email);
    members::ledger(&mut *tx, org, "taken", 1, "invitation accepted", Some(&email), &actor).await?;
    members::ledger(&mut *tx, org, "released", -1, "invitation accepted", Some(&email), &actor).await?;
    let entry = audit::Entry::new(&actor, "invitation.accepted", "invitation", id)
        .in_org(org)
        .details(serde_json::json!({ "email": email, "new_account": new_account.is_some() }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    if new_account.is_some() {
        auth::sign_in(&state.db, &session, &email, &password).await?;
    }
    leptos_axum::redirect("/");
    Ok(())
}

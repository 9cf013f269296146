//! My account (`/me/account`): the signed-in person's own name, password and sessions, and
//! their recent sign-ins. Every operation acts on the caller's own account only (a token or an
//! anonymous caller gets nothing), so there is no other object to authorize.

use crate::domain::account::{device_label, MyAccount, SessionView, SignInView};
use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::config::Config;
use crate::server::password;
use crate::server::repo::{audit as audit_repo, sessions, users};

/// The page: name, email, live sessions (`current` marks this browser's) and the latest ten
/// sign-ins.
pub async fn page(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    current: Option<&str>,
) -> Result<MyAccount, AppError> {
    let me = caller.person()?;
    let since = crate::server::repo::from_now(-chrono::Duration::hours(config.policy.session_max_hours));
    let sessions = sessions::live(db, me.id, &since)
        .await?
        .into_iter()
        .map(|s| SessionView {
            current: Some(s.id.as_str()) == current,
            device: device_label(&s.user_agent),
            id: s.id,
            ip: s.ip,
            started_at: s.started_at,
            last_seen_at: s.last_seen_at,
        })
        .collect();
    let sign_ins = audit_repo::sign_ins(db, me.id, 10)
        .await?
        .into_iter()
        .map(|r| {
            let details: serde_json::Value = serde_json::from_str(&r.details).unwrap_or_default();
            let text = |k: &str| {
                details
                    .get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            SignInView {
                at: r.at.chars().take(19).collect::<String>().replace('T', " "),
                succeeded: r.action == AuditAction::UserSignIn.as_str(),
                ip: text("ip"),
                device: device_label(&text("device")),
            }
        })
        .collect();
    Ok(MyAccount {
        name: me.name.clone(),
        email: me.email.clone(),
        sessions,
        sign_ins,
        two_factor: super::two_factor::state(db, me.id).await?,
    })
}

/// Checks `current` against the person's password before a change only they may make
/// (`Invalid` on `current` when it is wrong).
pub async fn check_current_password(
    db: &SqlitePool,
    user: crate::domain::ids::UserId,
    current: &str,
) -> Result<(), AppError> {
    let stored = users::find(db, user)
        .await?
        .ok_or(AppError::Unauthorized)?
        .password_hash;
    if password::verify(current.to_string(), stored).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "current",
            "That is not your current password. Type it again.",
        ))
    }
}

/// Renames the caller.
pub async fn rename(db: &SqlitePool, caller: &Caller, name: &str) -> Result<(), AppError> {
    let me = caller.person()?;
    let name = validate::name(name)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    users::set_name(&mut *tx, me.id, &name).await?;
    let actor = Actor::user(me.id, &me.email);
    let entry = Entry::new(&actor, AuditAction::UserRenamed, "user", me.id)
        .details(serde_json::json!({ "name": [me.name, name] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the caller's password; the current one is needed. Every other session ends (this
/// one, `keep`, goes on); answers the new session epoch for it.
pub async fn change_password(
    db: &SqlitePool,
    caller: &Caller,
    keep: Option<&str>,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<i64, AppError> {
    let me = caller.person()?;
    validate::new_password_twice(new, confirm)?;
    check_current_password(db, me.id, current).await?;
    let hash = password::hash(new.to_string()).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let epoch = users::set_password(&mut *tx, me.id, &hash).await?;
    let ended = sessions::end_all_but(&mut *tx, me.id, keep).await?;
    let actor = Actor::user(me.id, &me.email);
    let entry = Entry::new(&actor, AuditAction::UserPasswordChanged, "user", me.id)
        .details(serde_json::json!({ "other_sessions_ended": ended }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(epoch)
}

/// Signs out one of the caller's sessions. A session that is over already, or is not theirs,
/// changes nothing (the answer is the same: signed out).
pub async fn end_session(db: &SqlitePool, caller: &Caller, id: &str) -> Result<(), AppError> {
    let me = caller.person()?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if !sessions::end(&mut *tx, me.id, id).await? {
        return Ok(());
    }
    let actor = Actor::user(me.id, &me.email);
    let entry = Entry::new(&actor, AuditAction::UserSessionsEnded, "user", me.id)
        .details(serde_json::json!({ "sessions": 1 }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Signs out every session of the caller but this one (`keep`); answers how many ended.
pub async fn end_other_sessions(
    db: &SqlitePool,
    caller: &Caller,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let me = caller.person()?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let ended = sessions::end_all_but(&mut *tx, me.id, keep).await?;
    let actor = Actor::user(me.id, &me.email);
    let entry = Entry::new(&actor, AuditAction::UserSessionsEnded, "user", me.id)
        .details(serde_json::json!({ "sessions": ended, "kept_this_one": keep.is_some() }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Asks to move the caller's account to `new_email` (the current password is needed): a link
/// goes to the new address (24 hours, once) and the current address is told. The answer is the
/// same whether or not the new address already has an account (that one gets a note instead).
pub async fn change_email(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    new_email: &str,
    current: &str,
) -> Result<String, AppError> {
    use crate::domain::account::{email_change_message, LinkPurpose};
    use crate::server::{invitations, mail};
    let me = caller.person()?;
    let new_email = validate::email(new_email)?;
    if new_email == me.email {
        return Err(AppError::invalid(
            "email",
            "That is your address already. Type the new one.",
        ));
    }
    check_current_password(db, me.id, current).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if users::find_by_email(&mut *tx, &new_email).await?.is_some() {
        let body = "Hello,\n\nSomeone signed in to Orgboard asked to move their account to this address, which has an Orgboard account already. Nothing changed.\n".to_string();
        let note = mail::Mail {
            to: &new_email,
            subject: "Your address on Orgboard".into(),
            body,
            org: None,
            link: None,
        };
        mail::queue(&mut *tx, config, note).await?;
    } else {
        let purpose = LinkPurpose::ChangeEmail;
        super::accounts::retire_links(&mut tx, me.id, &[purpose]).await?;
        let link = invitations::issue(&mut tx, config, me.id, purpose, None, &new_email).await?;
        let body = format!(
            "Hello {},\n\nConfirm that this address is yours to sign in to Orgboard with it from now on (the link works once, for {}):\n\n{{link}}\n\nIf you did not ask for this, ignore this mail.\n",
            me.name,
            purpose.validity_text()
        );
        invitations::mail_link(
            &mut tx,
            config,
            &new_email,
            "Confirm your new Orgboard address".into(),
            &body,
            None,
            &link,
        )
        .await?;
    }
    let warning = mail::Mail {
        to: &me.email,
        subject: "Your Orgboard address is about to change".into(),
        body: format!(
            "Hello {},\n\nSomeone signed in to your Orgboard account asked to change its sign-in address to {new_email}. It changes only when the link sent there is opened.\n\nIf it was not you, change your password now and sign out your other sessions on My account.\n",
            me.name
        ),
        org: None,
        link: None,
    };
    mail::queue(&mut *tx, config, warning).await?;
    let actor = Actor::user(me.id, &me.email);
    let entry = Entry::new(&actor, AuditAction::UserEmailChangeRequested, "user", me.id)
        .details(serde_json::json!({ "email": [me.email, new_email] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(email_change_message(&new_email))
}

/// The new address a change-of-address link is for, or the dead-link answer.
pub async fn check_email_change(db: &SqlitePool, token: &str) -> Result<String, AppError> {
    Ok(
        super::accounts::check_link(db, crate::domain::account::LinkPurpose::ChangeEmail, token)
            .await?
            .payload,
    )
}

/// Opens a change-of-address link (once): the account signs in with the new address from now
/// on, and the old address is told.
pub async fn confirm_email_change(db: &SqlitePool, config: &Config, token: &str) -> Result<String, AppError> {
    use crate::domain::account::LinkPurpose;
    super::accounts::check_link(db, LinkPurpose::ChangeEmail, token).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let link = super::accounts::use_link(&mut tx, LinkPurpose::ChangeEmail, token).await?;
    let (user, old, new) = (link.user_id, link.email, link.payload);
    if users::find_by_email(&mut *tx, &new).await?.is_some() {
        return Err(AppError::Conflict(format!(
            "{new} has an Orgboard account by now, so your address stays {old}."
        )));
    }
    users::set_email(&mut *tx, user, &new).await?;
    let notice = crate::server::mail::Mail {
        to: &old,
        subject: "Your Orgboard address was changed".into(),
        body: format!("Hello,\n\nYour Orgboard account now signs in with {new} instead of this address.\n"),
        org: None,
        link: None,
    };
    crate::server::mail::queue(&mut *tx, config, notice).await?;
    let actor = Actor::user(user, &new);
    let entry = Entry::new(&actor, AuditAction::UserEmailChanged, "user", user)
        .details(serde_json::json!({ "email": [old, new] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(format!("Your sign-in address is now {new}."))
}

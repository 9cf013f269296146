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
    let stored = users::find(db, me.id)
        .await?
        .ok_or(AppError::Unauthorized)?
        .password_hash;
    if !password::verify(current.to_string(), stored).await? {
        return Err(AppError::invalid(
            "current",
            "That is not your current password. Type it again.",
        ));
    }
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

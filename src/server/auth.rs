//! Who is asking: sessions, signing in and out, and the `Caller` of a request (`caller()`: its
//! API token, else its signed-in person, else nobody). What a caller may do is decided in
//! `service::caller`.

use crate::domain::audit::AuditAction;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqlitePool;
use tower_sessions::Session;

use super::audit::{self, Actor, Entry};
use super::password;
use super::repo::{memberships, users};
use super::state::{app_state, AppState};
use crate::domain::ids::{OrgId, UserId};
use crate::domain::session::{
    session_idle, session_outlived, CurrentUser, LOCK_AFTER_FAILURES, LOCK_MINUTES, SESSION_TOUCH_SECONDS,
};
use crate::error::AppError;

/// Session key holding the signed-in user.
const SESSION_KEY: &str = "auth";

/// What the session remembers: the user and the epoch their session was created in.
#[derive(Serialize, Deserialize)]
struct SessionAuth {
    user_id: UserId,
    epoch: i64,
    /// When the session was signed in (Unix seconds): it ends `session_max_hours` later.
    #[serde(default)]
    since: i64,
    /// When it was last seen (written at most every `SESSION_TOUCH_SECONDS`): it ends
    /// `session_idle_minutes` after that.
    #[serde(default)]
    seen: i64,
}

pub use crate::service::caller::{Access, ApiCaller, Caller};

/// The API token of the current request, if it came through the REST API.
fn api_caller() -> Option<ApiCaller> {
    leptos::prelude::use_context::<ApiCaller>()
}

/// Checks the credentials and, on success, starts a session under a fresh id (so an id planted
/// before sign-in is worthless after it). Every failure — unknown email, wrong password,
/// disabled account — gives the same `BadCredentials` and costs the same hashing time.
pub async fn sign_in(
    db: &SqlitePool,
    session: &Session,
    email: &str,
    password: &str,
) -> Result<CurrentUser, AppError> {
    let email = email.trim().to_lowercase();
    let user = if email.is_empty() {
        None
    } else {
        users::find_by_email(db, &email).await?
    };
    if let Some(until) = user.as_ref().and_then(|u| u.locked_until.clone()) {
        let now = super::repo::now();
        if until > now {
            let seconds = seconds_until(&until);
            return Err(AppError::TooManyRequests {
                message: format!(
                    "This account is locked after {LOCK_AFTER_FAILURES} failed sign-ins in a row. {}",
                    super::guard::wait_advice(seconds)
                ),
                retry_after: seconds,
            });
        }
    }
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify(password.to_string(), stored).await?;

    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let user = match user {
        Some(u) if matches && !u.is_disabled => u,
        other => {
            let actor = Actor {
                user_id: other.as_ref().map(|u| u.id),
                label: email.clone(),
            };
            audit::record(
                &mut *tx,
                Entry {
                    actor: &actor,
                    org: None,
                    action: AuditAction::UserSignInFailed,
                    target_type: "user",
                    target_id: other.as_ref().map(|u| u.id.to_string()).unwrap_or_default(),
                    details: json!({}),
                },
            )
            .await?;
            if let Some(u) = &other {
                let locked =
                    users::note_failed_sign_in(&mut tx, u.id, LOCK_AFTER_FAILURES, LOCK_MINUTES).await?;
                if let Some(until) = locked {
                    let system = Actor::system();
                    let entry = Entry::new(&system, AuditAction::UserLocked, "user", u.id)
                        .details(json!({ "locked_until": until, "failures_in_a_row": LOCK_AFTER_FAILURES }));
                    audit::record(&mut *tx, entry).await?;
                }
            }
            tx.commit().await?;
            return Err(AppError::BadCredentials);
        }
    };
    users::touch_sign_in(&mut *tx, user.id).await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: &Actor::user(user.id, &user.email),
            org: None,
            action: AuditAction::UserSignIn,
            target_type: "user",
            target_id: user.id.to_string(),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;

    session.cycle_id().await?;
    let signed_in_at = chrono::Utc::now().timestamp();
    session
        .insert(
            SESSION_KEY,
            SessionAuth {
                user_id: user.id,
                epoch: user.session_epoch,
                since: signed_in_at,
                seen: signed_in_at,
            },
        )
        .await?;
    Ok(CurrentUser {
        manages_any: memberships::manages_any(db, user.id).await?,
        id: user.id,
        email: user.email,
        name: user.name,
        is_platform_admin: user.is_platform_admin,
    })
}

fn seconds_until(until: &str) -> u64 {
    chrono::DateTime::parse_from_rfc3339(until)
        .map(|t| (t.timestamp() - chrono::Utc::now().timestamp()).max(1) as u64)
        .unwrap_or(60)
}

/// The address the request came from (the TCP peer; not a forwarded header, which anyone can
/// write), when the server knows it.
pub async fn client_ip() -> Option<std::net::IpAddr> {
    use axum::extract::ConnectInfo;
    leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0.ip())
}

/// `sign_in` behind the limits: attempts per address and failed attempts per account (both
/// per minute, `guard::Policy`), answered with 429 and `Retry-After`.
pub async fn sign_in_limited(
    state: &AppState,
    session: &Session,
    email: &str,
    password: &str,
) -> Result<CurrentUser, AppError> {
    let too_many = |seconds: u64| AppError::TooManyRequests {
        message: super::guard::wait_message(seconds),
        retry_after: seconds,
    };
    let key = email.trim().to_lowercase();
    let checked = match client_ip().await {
        Some(ip) => state.guard.sign_in_ip.take(&ip).map_err(too_many),
        None => Ok(()),
    }
    .and_then(|()| state.guard.sign_in_account.check(&key).map_err(too_many));
    let result = match checked {
        Ok(()) => sign_in(&state.db, session, email, password).await,
        Err(e) => Err(e),
    };
    match &result {
        Err(AppError::BadCredentials) => {
            let _ = state.guard.sign_in_account.take(&key);
        }
        Err(e @ AppError::TooManyRequests { .. }) => answer_too_many(e),
        _ => {}
    }
    result
}

/// The service's answer, with 429 and `Retry-After` set on the response when it says to wait.
pub fn answered<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        answer_too_many(e);
    }
    result
}

/// Sets 429 and `Retry-After` on the server function's response when `e` says to wait.
pub fn answer_too_many(e: &AppError) {
    let AppError::TooManyRequests {
        retry_after: seconds, ..
    } = e
    else {
        return;
    };
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::TOO_MANY_REQUESTS);
        if let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string()) {
            res.insert_header(axum::http::header::RETRY_AFTER, v);
        }
    }
}

/// Ends the session on the server (the stored record is deleted, not just the cookie).
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}

/// The person behind `session`, if any. A session of a disabled user, a deleted user, or from
/// before their sessions were ended (epoch bumped) is destroyed here and counts as signed out.
/// `policy` says how long sessions last.
pub async fn current_user(
    db: &SqlitePool,
    policy: &super::guard::Policy,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(auth) = session.get::<SessionAuth>(SESSION_KEY).await? else {
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp();
    let seen = auth.seen.max(auth.since);
    if session_outlived(auth.since, now, policy.session_max_hours)
        || session_idle(seen, now, policy.session_idle_minutes)
    {
        session.flush().await?;
        return Ok(None);
    }
    if now - seen >= SESSION_TOUCH_SECONDS {
        // Written back (and its stored expiry pushed on) at most every few minutes.
        session
            .insert(SESSION_KEY, SessionAuth { seen: now, ..auth })
            .await?;
    }
    let user = match users::find(db, auth.user_id).await? {
        Some(u) if !u.is_disabled && u.session_epoch == auth.epoch => u,
        _ => {
            session.flush().await?;
            return Ok(None);
        }
    };
    Ok(Some(CurrentUser {
        manages_any: memberships::manages_any(db, user.id).await?,
        id: user.id,
        email: user.email,
        name: user.name,
        is_platform_admin: user.is_platform_admin,
    }))
}

/// The session of the current request.
pub async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

/// The caller of the current request: its API token (REST), its signed-in person, or nobody.
pub async fn caller() -> Result<(AppState, Caller), AppError> {
    let state = app_state()?;
    if let Some(token) = api_caller() {
        return Ok((state, Caller::Token(token)));
    }
    let session = request_session().await?;
    let caller = match current_user(&state.db, &state.config.policy, &session).await? {
        Some(user) => Caller::Person(user),
        None => Caller::Anonymous,
    };
    Ok((state, caller))
}

/// The organization behind a dashboard URL's slug; unknown slugs and organizations the person
/// may not open look the same (`NotFound` / `Forbidden` come from `require`).
pub async fn org_by_slug(slug: &str) -> Result<OrgId, AppError> {
    let state = app_state()?;
    super::repo::orgs::id_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

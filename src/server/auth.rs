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
use super::repo::{memberships, sessions, users};
use super::state::{app_state, AppState};
use crate::domain::ids::{OrgId, UserId};
use crate::domain::session::{session_idle, session_outlived, CurrentUser, SESSION_TOUCH_SECONDS};
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
    /// Its row in `user_sessions` (what My account lists and can sign out); empty for sessions
    /// from before that existed.
    #[serde(default)]
    sid: String,
}

pub use crate::service::caller::{Access, ApiCaller, Caller};

/// The API token of the current request, if it came through the REST API.
fn api_caller() -> Option<ApiCaller> {
    leptos::prelude::use_context::<ApiCaller>()
}

/// Who is on the other end of the current request: the TCP peer's address (not a forwarded
/// header, which anyone can write), the browser, and its cookies.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The client address, when the server knows it.
    pub ip: Option<std::net::IpAddr>,
    /// The `User-Agent`, cut to 200 characters.
    pub user_agent: String,
    /// The `Cookie` header.
    pub cookies: String,
}

impl Client {
    /// The client of the current request.
    pub async fn current() -> Client {
        let headers = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .unwrap_or_default();
        let header = |name: axum::http::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        Client {
            ip: client_ip().await,
            user_agent: header(axum::http::header::USER_AGENT).chars().take(200).collect(),
            cookies: header(axum::http::header::COOKIE),
        }
    }
}

/// Checks email and password. Every failure (unknown email, wrong password, disabled account,
/// an address never confirmed) gives the same `BadCredentials`, costs the same hashing time,
/// and is audited.
pub async fn check_password(
    db: &SqlitePool,
    email: &str,
    password: &str,
) -> Result<users::UserRow, AppError> {
    let email = email.trim().to_lowercase();
    let user = if email.is_empty() {
        None
    } else {
        users::find_by_email(db, &email).await?
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify(password.to_string(), stored).await?;
    match user {
        Some(u) if matches && !u.is_disabled && u.is_verified() => Ok(u),
        other => {
            let actor = Actor {
                user_id: other.as_ref().map(|u| u.id),
                label: email.clone(),
            };
            let target = other.as_ref().map(|u| u.id.to_string()).unwrap_or_default();
            audit::record(
                db,
                Entry {
                    actor: &actor,
                    org: None,
                    action: AuditAction::UserSignInFailed,
                    target_type: "user",
                    target_id: target,
                    details: json!({}),
                },
            )
            .await?;
            Err(AppError::BadCredentials)
        }
    }
}

/// Starts a session for `user` under a fresh id (so an id planted before sign-in is worthless
/// after it), notes it for My account, and gives the browser a device cookie for the account.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    client: &Client,
    user: UserId,
) -> Result<CurrentUser, AppError> {
    let me = open_session(&state.db, session, client, user).await?;
    let cookie = state.device_key().await?.issue(&me.email);
    if let (Some(res), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&super::device::set_cookie(
            &cookie,
            state.config.policy.secure_cookies,
        )),
    ) {
        res.append_header(axum::http::header::SET_COOKIE, v);
    }
    Ok(me)
}

/// Checks the password and opens a session, without the limits or a device cookie: what the
/// tests and tools use to be someone. Requests go through `sign_in_limited`.
pub async fn sign_in(
    db: &SqlitePool,
    session: &Session,
    email: &str,
    password: &str,
) -> Result<CurrentUser, AppError> {
    let user = check_password(db, email, password).await?;
    open_session(db, session, &Client::default(), user.id).await
}

/// The session part of `start_session`: a fresh id, the `user_sessions` row, the audit row.
async fn open_session(
    db: &SqlitePool,
    session: &Session,
    client: &Client,
    user: UserId,
) -> Result<CurrentUser, AppError> {
    let user = users::find(db, user).await?.ok_or(AppError::Unauthorized)?;
    let (sid, _) = super::invitations::new_token();
    let sid = sid[..32].to_string();
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    users::touch_sign_in(&mut tx, user.id).await?;
    sessions::insert(
        &mut *tx,
        &sessions::NewSession {
            id: &sid,
            user: user.id,
            user_agent: &client.user_agent,
            ip: &client.ip.map(|ip| ip.to_string()).unwrap_or_default(),
        },
    )
    .await?;
    let actor = Actor::user(user.id, &user.email);
    let entry = Entry::new(&actor, AuditAction::UserSignIn, "user", user.id)
        .details(json!({ "ip": client.ip.map(|ip| ip.to_string()), "device": client.user_agent }));
    audit::record(&mut *tx, entry).await?;
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
                sid,
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

/// The address the request came from (the TCP peer; not a forwarded header, which anyone can
/// write), when the server knows it.
pub async fn client_ip() -> Option<std::net::IpAddr> {
    use axum::extract::ConnectInfo;
    leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0.ip())
}

/// Where a correct password leads.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in.
    Done(CurrentUser),
    /// The account uses two-factor: the code comes next (`finish_two_factor`), within
    /// `CODE_WAIT_SECONDS`.
    NeedsCode,
}

/// Session key of a sign-in waiting for its second factor.
const PENDING_KEY: &str = "pending_two_factor";

/// How long a sign-in waits for its code.
pub const CODE_WAIT_SECONDS: i64 = 300;

/// A password checked, a code not yet.
#[derive(Serialize, Deserialize)]
struct PendingCode {
    user_id: UserId,
    at: i64,
}

/// The second step of a sign-in with two-factor: the code (or a recovery code) of the person
/// whose password this session just checked. Wrong codes are audited and limited per account
/// (`guard::TWO_FACTOR_TRIES_PER_MINUTE`).
pub async fn finish_two_factor(
    state: &AppState,
    session: &Session,
    code: &str,
) -> Result<CurrentUser, AppError> {
    let pending = session
        .get::<PendingCode>(PENDING_KEY)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if chrono::Utc::now().timestamp() - pending.at > CODE_WAIT_SECONDS {
        session.remove::<PendingCode>(PENDING_KEY).await?;
        return Err(AppError::Conflict(
            "This sign-in waited too long for its code. Sign in again with your password.".into(),
        ));
    }
    let too_many = |seconds: u64| AppError::TooManyRequests {
        message: format!(
            "Too many wrong codes. Wait {}, then try again.",
            super::guard::wait_words(seconds)
        ),
        retry_after: seconds,
    };
    state.guard.two_factor.check(&pending.user_id).map_err(too_many)?;
    match crate::service::two_factor::check_code(&state.db, pending.user_id, code).await {
        Ok(()) => {
            session.remove::<PendingCode>(PENDING_KEY).await?;
            start_session(state, session, &Client::current().await, pending.user_id).await
        }
        Err(e @ AppError::Invalid { .. }) => {
            let _ = state.guard.two_factor.take(&pending.user_id);
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Which bucket a sign-in's failures count against: the browser's own, when it holds the
/// account's device cookie, else the email's (shared by every client without one).
enum Bucket {
    Device(String),
    Account(String),
}

/// Signs in behind the limits: attempts per address, and failures per device (a browser that
/// signed in to this account before) or, for every other client, per email (all per minute,
/// `guard::Policy`), answered with 429 and `Retry-After`. The answer never says whether the
/// account exists.
pub async fn sign_in_limited(
    state: &AppState,
    session: &Session,
    email: &str,
    password: &str,
) -> Result<SignInStep, AppError> {
    let client = Client::current().await;
    let key = email.trim().to_lowercase();
    let device = match super::device::cookie_value(&client.cookies, super::device::COOKIE) {
        Some(v) => state.device_key().await?.device_for(v, &key),
        None => None,
    };
    let bucket = match device {
        Some(d) => Bucket::Device(d),
        None => Bucket::Account(key.clone()),
    };
    let result = sign_in_checked(state, session, &client, &bucket, email, password).await;
    match &result {
        Err(AppError::BadCredentials) => {
            let _ = match &bucket {
                Bucket::Device(d) => state.guard.sign_in_device.take(d),
                Bucket::Account(a) => state.guard.sign_in_account.take(a),
            };
        }
        Err(e @ AppError::TooManyRequests { .. }) => answer_too_many(e),
        _ => {}
    }
    result
}

async fn sign_in_checked(
    state: &AppState,
    session: &Session,
    client: &Client,
    bucket: &Bucket,
    email: &str,
    password: &str,
) -> Result<SignInStep, AppError> {
    let too_many = |seconds: u64| AppError::TooManyRequests {
        message: super::guard::wait_message(seconds),
        retry_after: seconds,
    };
    if let Some(ip) = &client.ip {
        state.guard.sign_in_ip.take(ip).map_err(too_many)?;
    }
    match bucket {
        Bucket::Device(d) => state.guard.sign_in_device.check(d),
        Bucket::Account(a) => state.guard.sign_in_account.check(a),
    }
    .map_err(too_many)?;
    let user = check_password(&state.db, email, password).await?;
    begin_session(state, session, client, user.id).await
}

/// After a first factor (a password, or a reset link): a session, or, for an account with
/// two-factor, a sign-in waiting for its code.
pub async fn begin_session(
    state: &AppState,
    session: &Session,
    client: &Client,
    user: UserId,
) -> Result<SignInStep, AppError> {
    if super::repo::two_factor::secret(&state.db, user).await?.is_some() {
        session.cycle_id().await?;
        session
            .insert(
                PENDING_KEY,
                PendingCode {
                    user_id: user,
                    at: chrono::Utc::now().timestamp(),
                },
            )
            .await?;
        return Ok(SignInStep::NeedsCode);
    }
    Ok(SignInStep::Done(
        start_session(state, session, client, user).await?,
    ))
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

/// Ends the session on the server (the stored record is deleted, not just the cookie; its
/// row on My account ends too).
pub async fn sign_out(db: &SqlitePool, session: &Session) -> Result<(), AppError> {
    if let Some(auth) = session.get::<SessionAuth>(SESSION_KEY).await? {
        if !auth.sid.is_empty() {
            sessions::end(db, auth.user_id, &auth.sid).await?;
        }
    }
    session.flush().await?;
    Ok(())
}

/// The `user_sessions` handle of the current session, if it has one.
pub async fn session_handle(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session
        .get::<SessionAuth>(SESSION_KEY)
        .await?
        .map(|a| a.sid)
        .filter(|s| !s.is_empty()))
}

/// After the person changed their own password (which bumped the epoch, ending every
/// session), keeps this one going under the new epoch.
pub async fn keep_session(session: &Session, epoch: i64) -> Result<(), AppError> {
    if let Some(auth) = session.get::<SessionAuth>(SESSION_KEY).await? {
        session.insert(SESSION_KEY, SessionAuth { epoch, ..auth }).await?;
    }
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
        if !auth.sid.is_empty() {
            sessions::touch(db, &auth.sid).await?;
        }
        let auth = SessionAuth { seen: now, ..auth };
        session.insert(SESSION_KEY, &auth).await?;
        return check_user(db, session, &auth).await;
    }
    check_user(db, session, &auth).await
}

/// The person of a session that has not outlived the policy, when it is still on.
async fn check_user(
    db: &SqlitePool,
    session: &Session,
    auth: &SessionAuth,
) -> Result<Option<CurrentUser>, AppError> {
    let live = auth.sid.is_empty() || sessions::is_live(db, auth.user_id, &auth.sid).await?;
    let user = match users::find(db, auth.user_id).await? {
        Some(u) if live && !u.is_disabled && u.is_verified() && u.session_epoch == auth.epoch => u,
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
    let caller = session_caller(&state, &session).await?;
    Ok((state, caller))
}

/// The person signed in on `session`, or nobody (for plain routes outside the server functions).
pub async fn session_caller(state: &AppState, session: &Session) -> Result<Caller, AppError> {
    Ok(
        match current_user(&state.db, &state.config.policy, session).await? {
            Some(user) => Caller::Person(user),
            None => Caller::Anonymous,
        },
    )
}

/// The organization behind a dashboard URL's slug; unknown slugs and organizations the person
/// may not open look the same (`NotFound` / `Forbidden` come from `require`).
pub async fn org_by_slug(slug: &str) -> Result<OrgId, AppError> {
    let state = app_state()?;
    super::repo::orgs::id_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

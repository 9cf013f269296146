//! Who is asking, and may they do this? The one authorization module: every service operation
//! starts with `Caller::require`, `Caller::require_scoped`, `Caller::platform_admin` or
//! `Caller::person`. The adapters only say who the caller is (a session, an API token).

use sqlx::SqlitePool;

use crate::domain::api_tokens::TokenAccess;
use crate::domain::ids::OrgId;
use crate::domain::members::Scope;
use crate::domain::role::{Action, Role};
use crate::domain::session::CurrentUser;
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::repo::{members, memberships};

/// The caller of an operation: nobody, a signed-in person, or an API token.
#[derive(Debug, Clone)]
pub enum Caller {
    /// Not signed in.
    Anonymous,
    /// A person with a live session.
    Person(CurrentUser),
    /// A REST API token.
    Token(ApiCaller),
}

/// The permission a check granted.
#[derive(Debug, Clone)]
pub struct Access {
    /// The person (the token's creator for an API token).
    pub user: CurrentUser,
    /// Their role in the organization; `None` when a platform admin acts without a membership.
    pub role: Option<Role>,
    /// The API token acting, when the request came through the REST API (for the audit log).
    pub token: Option<String>,
    /// Whether the organization has expired and this caller only reads it (its owners and
    /// organization admins; platform admins and tokens never get this far read-only).
    pub read_only: bool,
}

impl Access {
    /// The audit actor for this person (or their API token).
    pub fn actor(&self) -> Actor {
        match &self.token {
            Some(name) => Actor::token(name, &self.user),
            None => Actor::user(self.user.id, &self.user.email),
        }
    }
}

/// An API token making a REST request.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// The token's id.
    pub token_id: i64,
    /// Its name.
    pub name: String,
    /// The one organization an organization token reaches; `None` for a platform token.
    pub org: Option<OrgId>,
    /// Read only, or read and write.
    pub access: TokenAccess,
    /// The person who created it (a platform admin for a platform token only).
    pub user: CurrentUser,
}

impl ApiCaller {
    /// What this token may do in `org`: an organization token acts as an organization admin of
    /// its own organization and sees no other (`NotFound`, never a hint that it exists); a
    /// platform token acts as a platform admin.
    pub fn access_in(&self, org: OrgId, action: Action) -> Result<Access, AppError> {
        let role = match self.org {
            None => None,
            Some(own) if own == org => Some(Role::OrgAdmin),
            Some(_) => return Err(AppError::NotFound),
        };
        if role.is_some_and(|r| !r.can(action)) {
            return Err(AppError::Forbidden);
        }
        Ok(Access {
            user: self.user.clone(),
            role,
            token: Some(self.name.clone()),
            read_only: false,
        })
    }

    fn actor(&self) -> Actor {
        Actor::token(&self.name, &self.user)
    }
}

impl Caller {
    /// The signed-in person, or `Unauthorized`. API tokens are not people: they pass only
    /// `require`, `require_scoped` and (platform tokens) `platform_admin`.
    pub fn person(&self) -> Result<&CurrentUser, AppError> {
        match self {
            Caller::Anonymous => Err(AppError::Unauthorized),
            Caller::Person(user) => Ok(user),
            Caller::Token(_) => Err(AppError::Forbidden),
        }
    }

    /// Whether this is a platform admin or a platform token (no audit row, no refusal).
    pub fn is_platform(&self) -> bool {
        match self {
            Caller::Anonymous => false,
            Caller::Person(user) => user.is_platform_admin,
            Caller::Token(token) => token.org.is_none(),
        }
    }

    /// A platform admin (or a platform token), or `Unauthorized` / `Forbidden`. A refusal of a
    /// signed-in person or a token is noted in the audit log (`access.denied`).
    pub async fn platform_admin(&self, db: &SqlitePool) -> Result<CurrentUser, AppError> {
        match self {
            Caller::Token(token) if token.org.is_none() => Ok(token.user.clone()),
            Caller::Token(token) => {
                audit::denied(db, &token.actor(), None, "PlatformAdmin").await;
                Err(AppError::Forbidden)
            }
            _ => {
                let user = self.person()?;
                if !user.is_platform_admin {
                    audit::denied(db, &Actor::user(user.id, &user.email), None, "PlatformAdmin").await;
                    return Err(AppError::Forbidden);
                }
                Ok(user.clone())
            }
        }
    }

    /// `platform_admin`, with the audit actor of the change: the admin, or their platform token.
    pub async fn platform_actor(&self, db: &SqlitePool) -> Result<(CurrentUser, Actor), AppError> {
        let admin = self.platform_admin(db).await?;
        let actor = match self {
            Caller::Token(token) => token.actor(),
            _ => Actor::user(admin.id, &admin.email),
        };
        Ok((admin, actor))
    }

    /// Allowed to perform `action` in `org`: platform admins may do everything; everyone else
    /// needs an active membership in the organization with a role that allows it. A refusal is
    /// noted in the audit log (`access.denied`, platform-wide).
    pub async fn require(&self, db: &SqlitePool, org: OrgId, action: Action) -> Result<Access, AppError> {
        if let Caller::Token(token) = self {
            return match token.access_in(org, action) {
                Ok(access) => Ok(access),
                Err(e) => {
                    audit::denied(db, &token.actor(), Some(org), &format!("{action:?}")).await;
                    Err(e)
                }
            };
        }
        let user = self.person()?.clone();
        let actor = Actor::user(user.id, &user.email);
        match authorize(db, user, org, action).await {
            Ok(access) => Ok(access),
            Err(e) => {
                if e == AppError::Forbidden {
                    audit::denied(db, &actor, Some(org), &format!("{action:?}")).await;
                }
                Err(e)
            }
        }
    }

    /// Input parsed by an adapter for `action` in `org`, handed on when it parsed; when it did
    /// not, the caller is authorized first, so a stranger meets 401/403, never a hint from the
    /// input's checks.
    pub async fn parsed<T>(
        &self,
        db: &SqlitePool,
        org: OrgId,
        action: Action,
        input: Result<T, AppError>,
    ) -> Result<T, AppError> {
        authorized_first(input, || async {
            self.require(db, org, action).await.map(|_| ())
        })
        .await
    }

    /// `require`, with the part of the organization the caller may act on (their teams for a
    /// manager, their department subtree for a department admin).
    pub async fn require_scoped(
        &self,
        db: &SqlitePool,
        org: OrgId,
        action: Action,
    ) -> Result<(Access, Scope), AppError> {
        let access = self.require(db, org, action).await?;
        let scope = scope_of(db, &access, org).await?;
        Ok((access, scope))
    }
}

/// Whether `user` may perform `action` in `org`.
pub async fn authorize(
    db: &SqlitePool,
    user: CurrentUser,
    org: OrgId,
    action: Action,
) -> Result<Access, AppError> {
    if user.is_platform_admin {
        let role = memberships::active_role(db, user.id, org).await?;
        return Ok(Access {
            user,
            role,
            token: None,
            read_only: false,
        });
    }
    match memberships::membership_in(db, user.id, org).await? {
        // An expired organization: its owners and organization admins keep reading it.
        Some(m) if m.role.can_in(action, m.expired) => {
            note_activity(db, &user, org, m.last_active_at.as_deref()).await?;
            Ok(Access {
                user,
                role: Some(m.role),
                token: None,
                read_only: m.expired,
            })
        }
        _ => Err(AppError::Forbidden),
    }
}

/// A person's request in `org` is activity there: "last active" is written when it is older
/// than `ACTIVITY_EVERY_SECONDS`, so most requests only read it.
async fn note_activity(
    db: &SqlitePool,
    user: &CurrentUser,
    org: OrgId,
    seen: Option<&str>,
) -> Result<(), AppError> {
    use crate::domain::members::{activity_stale, ACTIVITY_EVERY_SECONDS};
    let threshold = crate::server::repo::from_now(chrono::Duration::seconds(-ACTIVITY_EVERY_SECONDS));
    if activity_stale(seen, &threshold) {
        memberships::mark_active(db, user.id, org, &threshold).await?;
    }
    Ok(())
}

/// The scope of someone already authorized in `org`.
pub async fn scope_of(db: &SqlitePool, access: &Access, org: OrgId) -> Result<Scope, AppError> {
    let (own, subtree) = match access.role {
        Some(Role::Manager) => (members::own_teams(db, org, access.user.id).await?, Vec::new()),
        Some(Role::DepartmentAdmin) => (
            members::own_teams(db, org, access.user.id).await?,
            members::subtree_teams(db, org, access.user.id).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Scope::for_role(access.role, access.user.is_platform_admin, own, subtree).ok_or(AppError::Forbidden)
}

/// `input` as an adapter parsed it, handed on when it parsed; when it did not, `authorize` runs
/// first, so a stranger meets 401/403, never a hint from the input's checks. The one shape of
/// "parse first, answer in the order of the checks" for every adapter.
pub async fn authorized_first<T, F, Fut>(input: Result<T, AppError>, authorize: F) -> Result<T, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    match input {
        Ok(value) => Ok(value),
        Err(e) => {
            authorize().await?;
            Err(e)
        }
    }
}

//! Joining without an invitation (the join page of public organizations with auto-join email
//! domains) and the approval queue on the Members tab.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::join::{JoinRequestRow, JoinView, Joinable};
use crate::domain::members::{email_in_domains, MemberStatus};
use crate::domain::role::{Action, Role};
use crate::domain::seats::LedgerKind;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::password;
use crate::server::repo::{join, members, now, users};

/// What someone new types on the join page (a signed-in person types nothing).
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// The password they choose.
    pub password: String,
    /// The same again.
    pub confirm: String,
}

/// How joining went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// What the person reads.
    pub message: String,
    /// The email of the account made on the way, to sign in with (none when already signed in).
    pub new_account: Option<String>,
}

/// An approval or a rejection of a join request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The person becomes a member, taking a seat.
    Approve,
    /// The request is closed.
    Reject,
}

impl std::str::FromStr for Decision {
    type Err = AppError;

    fn from_str(raw: &str) -> Result<Self, AppError> {
        match raw {
            "approve" => Ok(Decision::Approve),
            "reject" => Ok(Decision::Reject),
            _ => Err(AppError::invalid("decision", "Choose approve or reject.")),
        }
    }
}

async fn joinable(db: &SqlitePool, slug: &str) -> Result<Joinable, AppError> {
    join::settings_by_slug(db, slug)
        .await?
        .and_then(|s| s.joinable(&now()))
        .ok_or(AppError::NotFound)
}

/// The join page of `slug`, or `NotFound` when the organization offers none.
pub async fn page(db: &SqlitePool, caller: &Caller, slug: &str) -> Result<JoinView, AppError> {
    let org = joinable(db, slug).await?;
    Ok(JoinView {
        org_name: org.name,
        domains: org.domains,
        needs_approval: org.needs_approval,
        signed_in_as: caller.person().ok().map(|u| u.email.clone()),
    })
}

/// Joins (open policy, taking a seat under the cap) or asks to join (approval policy). A
/// signed-in person joins with their account; someone new gets one from `new`.
pub async fn join(
    db: &SqlitePool,
    caller: &Caller,
    slug: &str,
    new: &NewAccount,
) -> Result<Joined, AppError> {
    let org = joinable(db, slug).await?;
    let org_name = &org.name;
    let me = match caller {
        Caller::Person(u) => Some(u),
        Caller::Anonymous => None,
        Caller::Token(_) => return Err(AppError::Forbidden),
    };
    let (email, account) = match me {
        Some(u) => (u.email.clone(), None),
        None => {
            let email = validate::email(&new.email)?;
            let name = validate::name(&new.name)?;
            validate::new_password_twice(&new.password, &new.confirm)?;
            (email, Some((name, password::hash(new.password.clone()).await?)))
        }
    };
    if !email_in_domains(&email, &org.domains) {
        return Err(AppError::invalid(
            "email",
            format!(
                "Only addresses at {} can join {org_name} here. Ask an administrator for an invitation.",
                org.domains.join(" or ")
            ),
        ));
    }
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let user = match (me, &account) {
        (Some(u), _) => u.id,
        (None, Some((name, hash))) => {
            if users::find_by_email(&mut *tx, &email).await?.is_some() {
                return Err(AppError::invalid(
                    "email",
                    format!("{email} already has an account. Sign in first, then come back to this page."),
                ));
            }
            users::insert(&mut *tx, &email, name, Some(hash), false).await?
        }
        (None, None) => return Err(AppError::Unauthorized),
    };
    if matches!(
        members::membership(&mut *tx, org.id, user).await?,
        Some((_, MemberStatus::Active, _))
    ) {
        return Err(AppError::Conflict(format!(
            "You are already a member of {org_name}."
        )));
    }
    let actor = Actor::user(user, &email);
    let message = if org.needs_approval {
        join::request(&mut *tx, org.id, user).await?;
        audit::record(
            &mut *tx,
            Entry::new(&actor, AuditAction::JoinRequested, "user", user).in_org(org.id),
        )
        .await?;
        format!("Your request to join {org_name} was sent. An administrator will approve it.")
    } else {
        members::seat_usage(&mut *tx, org.id)
            .await?
            .ok_or(AppError::NotFound)?
            .check_take(1)
            .map_err(|_| {
                AppError::Conflict(format!(
                    "{org_name} has no free seats right now. Ask one of its administrators to add seats."
                ))
            })?;
        members::activate(&mut *tx, org.id, user, Role::Member).await?;
        members::ledger(
            &mut *tx,
            org.id,
            LedgerKind::Taken,
            1,
            "joined by email domain",
            Some(&email),
            &actor,
        )
        .await?;
        audit::record(
            &mut *tx,
            Entry::new(&actor, AuditAction::JoinJoined, "user", user).in_org(org.id),
        )
        .await?;
        format!("Welcome to {org_name}: you are a member now.")
    };
    tx.commit().await?;
    Ok(Joined {
        message,
        new_account: account.map(|_| email),
    })
}

/// Pending join requests: organization-wide administrators see them, others an empty list.
pub async fn requests(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<JoinRequestRow>, AppError> {
    let (_, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    if !scope.is_organization() {
        return Ok(Vec::new());
    }
    Ok(join::pending(db, org).await?)
}

/// Approves (taking a seat under the cap) or rejects join request `id` of `org`.
pub async fn decide(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: i64,
    decision: Decision,
) -> Result<(), AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    if !scope.is_organization() {
        return Err(AppError::Forbidden);
    }
    let approve = decision == Decision::Approve;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (user, email) = join::pending_one(&mut *tx, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = access.actor();
    if approve {
        members::seat_usage(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?
            .check_take(1)?;
        members::activate(&mut *tx, org, user, Role::Member).await?;
        members::ledger(
            &mut *tx,
            org,
            LedgerKind::Taken,
            1,
            "join request approved",
            Some(&email),
            &actor,
        )
        .await?;
    }
    join::decide(&mut *tx, id, approve, access.user.id).await?;
    let action = if approve {
        AuditAction::JoinApproved
    } else {
        AuditAction::JoinRejected
    };
    audit::record(
        &mut *tx,
        Entry::new(&actor, action, "user", user)
            .in_org(org)
            .details(serde_json::json!({ "email": email })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Joining without an invitation (the public list `/organizations`, the join pages of public and
//! hidden organizations; the rules are `domain::join`) and the approval queue on the Members
//! tab, whose decisions are mailed to the person.

use crate::domain::account::{join_requested_message, LinkPurpose};
use crate::domain::audit::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};

use super::caller::Caller;
use crate::domain::ids::{OrgId, UserId};
use crate::domain::join::{JoinKind, JoinRequestRow, JoinView, Joinable, ListedOrg};
use crate::domain::members::MemberStatus;
use crate::domain::role::{Action, Role};
use crate::domain::seats::LedgerKind;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::config::Config;
use crate::server::guard::Gate;
use crate::server::repo::{join, members, now, users};
use crate::server::{invitations, password};

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

/// The public organizations, for `/organizations` (anyone may read it): live ones only, each
/// with how one joins it.
pub async fn directory(db: &SqlitePool) -> Result<Vec<ListedOrg>, AppError> {
    let now = now();
    Ok(join::public_orgs(db)
        .await?
        .into_iter()
        .filter(|(s, _, _)| s.listed(&now))
        .map(|(s, slug, description)| {
            let name = s.name.clone();
            let join = s.joinable(&now).map(|j| {
                if j.needs_approval {
                    JoinKind::Approval
                } else {
                    JoinKind::Open(j.domains)
                }
            });
            ListedOrg {
                name,
                slug,
                description,
                join,
            }
        })
        .collect())
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
/// signed-in person joins with their account at once; someone new signs up with `new` and is
/// mailed a link that confirms the address (`sign_up`). Answers what the person reads.
pub async fn join(
    db: &SqlitePool,
    config: &Config,
    gate: &Gate<'_>,
    caller: &Caller,
    slug: &str,
    new: &NewAccount,
) -> Result<String, AppError> {
    let org = joinable(db, slug).await?;
    match caller {
        Caller::Person(u) => {
            check_domain(&org, &u.email)?;
            let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
            let message = join_in(&mut tx, &org, u.id, &u.email).await?;
            tx.commit().await?;
            Ok(message)
        }
        Caller::Anonymous => sign_up(db, config, gate, &org, slug, new).await,
        Caller::Token(_) => Err(AppError::Forbidden),
    }
}

/// An open organization with auto-join domains takes addresses at those domains only.
fn check_domain(org: &Joinable, email: &str) -> Result<(), AppError> {
    if org.admits(email) {
        return Ok(());
    }
    Err(AppError::invalid(
        "email",
        format!(
            "Only addresses at {} can join {} here. Ask an administrator for an invitation.",
            org.domains.join(" or "),
            org.name
        ),
    ))
}

/// Someone new signs up on the join page. Every cheap check comes first (the fields, the
/// domain), then the sign-up limits (`gate`), and only then the password is hashed. Nothing is
/// usable until the person opens the link mailed to the address: the account cannot sign in
/// and no membership starts. The answer is the same whether or not the address already has an
/// account (one that has gets a note to sign in instead; one never confirmed gets a new link,
/// and the password typed now replaces the earlier one, which never worked).
async fn sign_up(
    db: &SqlitePool,
    config: &Config,
    gate: &Gate<'_>,
    org: &Joinable,
    slug: &str,
    new: &NewAccount,
) -> Result<String, AppError> {
    let email = validate::email(&new.email)?;
    let name = validate::name(&new.name)?;
    validate::new_password_twice(&new.password, &new.confirm)?;
    check_domain(org, &email)?;
    gate.sign_up(&email)?;
    let hash = password::hash(new.password.clone()).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let purpose = LinkPurpose::VerifyEmail;
    let user = match users::find_by_email(&mut *tx, &email).await? {
        Some(u) if u.is_verified() => {
            let body = format!(
                "Hello,\n\nSomeone asked to join {} on Orgboard with this address, which already has an account. \
                 If it was you, sign in and open the join page again:\n\n{}/join/{}\n\nIf it was not you, ignore this mail; nothing changed.\n",
                org.name, config.public_url, slug
            );
            crate::server::mail::queue(
                &mut *tx,
                config,
                crate::server::mail::Mail {
                    to: &email,
                    subject: format!("Joining {} on Orgboard", org.name),
                    body,
                    org: Some(org.id),
                    link: None,
                },
            )
            .await?;
            tx.commit().await?;
            return Ok(join_requested_message(&email, &org.name));
        }
        Some(u) => {
            users::replace_unverified(&mut *tx, u.id, &name, &hash).await?;
            super::accounts::retire_links(&mut tx, u.id, &[purpose]).await?;
            u.id
        }
        None => users::insert(&mut *tx, &email, &name, Some(&hash), false, false).await?,
    };
    let link = invitations::issue(&mut tx, config, user, purpose, Some(org.id), "").await?;
    let what = if org.needs_approval {
        "send your request to join"
    } else {
        "join"
    };
    let body = format!(
        "Hello {name},\n\nConfirm your address to {what} {} on Orgboard (the link works once, for {}):\n\n{{link}}\n\n\
         If you did not ask for this, ignore this mail: the account stays unusable and is not joined to anything.\n",
        org.name,
        purpose.validity_text()
    );
    invitations::mail_link(
        &mut tx,
        config,
        &email,
        format!("Confirm your address to join {}", org.name),
        &body,
        Some(org.id),
        &link,
    )
    .await?;
    let actor = Actor::user(user, &email);
    let entry = Entry::new(&actor, AuditAction::UserVerificationSent, "user", user)
        .in_org(org.id)
        .details(serde_json::json!({ "email": email, "expires_at": link.expires_at }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(join_requested_message(&email, &org.name))
}

/// The person behind a confirmed sign-up, and what they read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    /// The account, now usable (the caller signs it in).
    pub user: UserId,
    /// What happened with the organization it asked to join.
    pub message: String,
}

/// Opens a confirmation link (once): the address is proved, the account can sign in, and the
/// membership it asked for starts (or the request reaches the administrators). When the
/// organization has no free seat or no longer takes sign-ups, the account still works and the
/// message says what happened.
pub async fn confirm(db: &SqlitePool, token: &str) -> Result<Confirmed, AppError> {
    super::accounts::check_link(db, LinkPurpose::VerifyEmail, token).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let link = super::accounts::use_link(&mut tx, LinkPurpose::VerifyEmail, token).await?;
    let user = link.user_id;
    users::mark_verified(&mut *tx, user).await?;
    let actor = Actor::user(user, &link.email);
    let mut entry = Entry::new(&actor, AuditAction::UserEmailVerified, "user", user);
    if let Some(org) = link.organization_id {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    let org = match link.organization_id {
        Some(org) => join::settings_by_id(&mut *tx, org).await?,
        None => None,
    };
    let name = org.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let message = match org.and_then(|o| o.joinable(&now())) {
        Some(org) => match join_in(&mut tx, &org, user, &link.email).await {
            Ok(message) => format!("Your address is confirmed. {message}"),
            Err(AppError::Conflict(why)) => format!("Your address is confirmed, and you can sign in. {why}"),
            Err(e) => return Err(e),
        },
        None if link.organization_id.is_some() => format!(
            "Your address is confirmed, and you can sign in. {name} no longer takes new people from its join page: ask one of its administrators for an invitation."
        ),
        None => "Your address is confirmed.".into(),
    };
    tx.commit().await?;
    Ok(Confirmed { user, message })
}

/// Joins `org` as `user` in `tx`: open policy takes a seat under the cap and makes a member;
/// approval policy files a request. Answers what the person reads; `Conflict` when they are a
/// member already, their address is not one the organization takes, or no seat is free.
async fn join_in(
    tx: &mut SqliteConnection,
    org: &Joinable,
    user: UserId,
    email: &str,
) -> Result<String, AppError> {
    let org_name = &org.name;
    if matches!(
        members::membership(&mut *tx, org.id, user).await?,
        Some((_, MemberStatus::Active, _))
    ) {
        return Err(AppError::Conflict(format!(
            "You are already a member of {org_name}."
        )));
    }
    // Checked again here: the settings may have changed between a sign-up and its confirmation.
    if !org.admits(email) {
        return Err(AppError::Conflict(format!(
            "{org_name} takes addresses at {} only: ask one of its administrators for an invitation.",
            org.domains.join(" or ")
        )));
    }
    let actor = Actor::user(user, email);
    if org.needs_approval {
        join::request(&mut *tx, org.id, user).await?;
        audit::record(
            &mut *tx,
            Entry::new(&actor, AuditAction::JoinRequested, "user", user).in_org(org.id),
        )
        .await?;
        return Ok(format!(
            "Your request to join {org_name} was sent. An administrator will approve it."
        ));
    }
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
        Some(email),
        &actor,
    )
    .await?;
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::JoinJoined, "user", user).in_org(org.id),
    )
    .await?;
    Ok(format!("Welcome to {org_name}: you are a member now."))
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
    config: &Config,
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
    // A request of someone who is a member by now (added, invited, promoted since) only closes:
    // their membership, and its role, stay as they are.
    let already = matches!(
        members::membership(&mut *tx, org, user).await?,
        Some((_, MemberStatus::Active, _))
    );
    if approve && !already {
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
    let org_name = members::invitation_terms(&mut *tx, org).await?.0;
    let mail = crate::domain::account::join_decision_mail(
        &org_name,
        approve && !already,
        approve,
        &config.public_url,
    );
    crate::server::mail::queue(
        &mut *tx,
        config,
        crate::server::mail::Mail {
            to: &email,
            subject: mail.0,
            body: mail.1,
            org: Some(org),
            link: None,
        },
    )
    .await?;
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

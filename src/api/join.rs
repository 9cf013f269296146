//! Joining without an invitation: the join page of public organizations with auto-join email
//! domains (open policy: join at once; approval policy: a request owners approve), and the
//! approval queue on the Members tab.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::ids::{OrgId, UserId};
use crate::error::AppError;

/// What the join page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinView {
    /// The organization's name.
    pub org_name: String,
    /// The email domains that may join.
    pub domains: Vec<String>,
    /// Whether joining needs an administrator's approval.
    pub needs_approval: bool,
    /// The signed-in person's email, if any.
    pub signed_in_as: Option<String>,
}

/// A pending request on the Members tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequestRow {
    /// The request.
    pub id: i64,
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// When they asked.
    pub created_at: String,
}

/// id, name, visibility, policy, domains, status, expiry.
#[cfg(feature = "ssr")]
type JoinableRow = (OrgId, String, String, String, String, String, Option<String>);

#[cfg(feature = "ssr")]
async fn joinable(db: &sqlx::SqlitePool, slug: &str) -> Result<(OrgId, String, Vec<String>, bool), AppError> {
    let row: Option<JoinableRow> = sqlx::query_as(
        "SELECT id, name, visibility, membership_policy, auto_join_domains, status, expires_at
         FROM organizations WHERE slug = ?1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?;
    let Some((id, name, visibility, policy, domains, status, expires)) = row else {
        return Err(AppError::NotFound);
    };
    let domains: Vec<String> = domains
        .split([',', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    let live = status == "active" && expires.is_none_or(|e| e > crate::server::repo::now());
    if visibility != "public" || policy == "invite_only" || domains.is_empty() || !live {
        return Err(AppError::NotFound);
    }
    Ok((id, name, domains, policy == "approval"))
}

/// The join page of `slug`, or `NotFound` when the organization offers none.
#[server]
pub async fn get_join_page(slug: String) -> Result<JoinView, AppError> {
    use crate::server::{auth, state::app_state};

    let state = app_state()?;
    let (_, org_name, domains, needs_approval) = joinable(&state.db, &slug).await?;
    let session = auth::request_session().await?;
    Ok(JoinView {
        org_name,
        domains,
        needs_approval,
        signed_in_as: auth::current_user(&state.db, &session).await?.map(|u| u.email),
    })
}

/// Joins (open policy, taking a seat under the cap) or asks to join (approval policy). Someone
/// signed in joins with their account; someone new creates one with a name and password.
#[server]
pub async fn join_org(
    slug: String,
    name: String,
    email: String,
    password: String,
    confirm: String,
) -> Result<String, AppError> {
    use crate::domain::members::email_in_domains;
    use crate::domain::role::Role;
    use crate::domain::validate;
    use crate::server::repo::{members, users};
    use crate::server::{audit, auth, password as pw, state::app_state};

    let state = app_state()?;
    let (org, org_name, domains, needs_approval) = joinable(&state.db, &slug).await?;
    let session = auth::request_session().await?;
    let me = auth::current_user(&state.db, &session).await?;
    let (email, new_account) = match &me {
        Some(u) => (u.email.clone(), None),
        None => {
            let email = validate::email(&email)?;
            let name = validate::name(&name)?;
            validate::new_password(&password)?;
            if password != confirm {
                return Err(AppError::invalid(
                    "confirm",
                    "The two passwords differ. Type the same password twice.",
                ));
            }
            (email, Some((name, pw::hash(password.clone()).await?)))
        }
    };
    if !email_in_domains(&email, &domains) {
        return Err(AppError::invalid(
            "email",
            format!(
                "Only addresses at {} can join {org_name} here. Ask an administrator for an invitation.",
                domains.join(" or ")
            ),
        ));
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let user = match (&me, &new_account) {
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
        members::membership(&mut *tx, org, user).await?,
        Some((_, crate::domain::members::MemberStatus::Active, _))
    ) {
        return Err(AppError::Conflict(format!(
            "You are already a member of {org_name}."
        )));
    }
    let actor = audit::Actor::user(user, &email);
    let message = if needs_approval {
        sqlx::query("INSERT OR IGNORE INTO join_requests (organization_id, user_id) VALUES (?1, ?2)")
            .bind(org)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut *tx,
            audit::Entry::new(&actor, "join.requested", "user", user).in_org(org),
        )
        .await?;
        format!("Your request to join {org_name} was sent. An administrator will approve it.")
    } else {
        members::seat_usage(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?
            .check_take(1)
            .map_err(|_| {
                AppError::Conflict(format!(
                    "{org_name} has no free seats right now. Ask one of its administrators to add seats."
                ))
            })?;
        members::activate(&mut *tx, org, user, Role::Member).await?;
        members::ledger(
            &mut *tx,
            org,
            crate::domain::seats::LedgerKind::Taken,
            1,
            "joined by email domain",
            Some(&email),
            &actor,
        )
        .await?;
        audit::record(
            &mut *tx,
            audit::Entry::new(&actor, "join.joined", "user", user).in_org(org),
        )
        .await?;
        format!("Welcome to {org_name}: you are a member now.")
    };
    tx.commit().await?;
    if new_account.is_some() {
        auth::sign_in_limited(&state, &session, &email, &password).await?;
    }
    Ok(message)
}

/// Pending join requests (organization-wide administrators only).
#[server]
pub async fn list_join_requests(org: OrgId) -> Result<Vec<JoinRequestRow>, AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    if !scope.is_organization() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, UserId, String, String, String)> = sqlx::query_as(
        "SELECT r.id, u.id, u.name, u.email, r.created_at FROM join_requests r JOIN users u ON u.id = r.user_id
         WHERE r.organization_id = ?1 AND r.status = 'pending' ORDER BY r.id",
    )
    .bind(org)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, user_id, name, email, created_at)| JoinRequestRow {
            id,
            user_id,
            name,
            email,
            created_at,
        })
        .collect())
}

/// Approves (taking a seat under the cap) or rejects a join request. `decision`: `approve` or
/// `reject`.
#[server]
pub async fn decide_join_request(org: OrgId, id: i64, decision: String) -> Result<(), AppError> {
    use crate::domain::role::{Action, Role};
    use crate::server::repo::members;
    use crate::server::{audit, auth};

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    if !scope.is_organization() {
        return Err(AppError::Forbidden);
    }
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::invalid("decision", "Choose approve or reject.")),
    };
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let (user, email): (UserId, String) = sqlx::query_as(
        "SELECT u.id, u.email FROM join_requests r JOIN users u ON u.id = r.user_id
         WHERE r.id = ?1 AND r.organization_id = ?2 AND r.status = 'pending'",
    )
    .bind(id)
    .bind(org)
    .fetch_optional(&mut *tx)
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
            crate::domain::seats::LedgerKind::Taken,
            1,
            "join request approved",
            Some(&email),
            &actor,
        )
        .await?;
    }
    sqlx::query("UPDATE join_requests SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1")
        .bind(id)
        .bind(if approve { "approved" } else { "rejected" })
        .bind(crate::server::repo::now())
        .bind(access.user.id)
        .execute(&mut *tx)
        .await?;
    let action = if approve { "join.approved" } else { "join.rejected" };
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, action, "user", user)
            .in_org(org)
            .details(serde_json::json!({ "email": email })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! The changes that take seats, as plain functions over the pool: adding a member and accepting
//! an invitation. Each is one `BEGIN IMMEDIATE` transaction, so the seat check and the seat taken
//! are atomic under any number of concurrent callers. Server functions authorize, then call these.

use sqlx::{SqliteConnection, SqlitePool};

use super::audit::{self, Actor};
use super::invitations;
use super::repo::{members, users};
use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::members::NewMember;
use crate::domain::role::Role;
use crate::error::AppError;

/// Checks that every team is one of `org`'s.
pub async fn org_teams(db: &mut SqliteConnection, org: OrgId, teams: &[TeamId]) -> Result<(), AppError> {
    for t in teams {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM teams WHERE id = ?1 AND organization_id = ?2")
                .bind(t)
                .bind(org)
                .fetch_optional(&mut *db)
                .await?;
        if found.is_none() {
            return Err(AppError::invalid("teams", "Choose teams of this organization."));
        }
    }
    Ok(())
}

/// Adds `input` to `org`, taking one seat; a new email gets an account and a set-password link.
pub async fn add(db: &SqlitePool, org: OrgId, actor: &Actor, input: &NewMember) -> Result<UserId, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    org_teams(&mut tx, org, &input.teams).await?;
    let existing = users::find_by_email(&mut *tx, &input.email).await?;
    if let Some(u) = &existing {
        if matches!(members::membership(&mut *tx, org, u.id).await?, Some((_, s, _)) if s == "active") {
            return Err(AppError::invalid(
                "email",
                format!("{} is already a member of this organization.", input.email),
            ));
        }
    }
    if members::has_pending_invitation(&mut *tx, org, &input.email).await? {
        return Err(AppError::invalid(
            "email",
            format!(
                "{} already has a pending invitation. Resend or revoke it instead.",
                input.email
            ),
        ));
    }
    members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?
        .check_take(1)?;
    let (user, created) = match existing {
        Some(u) => (u.id, false),
        None => (
            users::insert(&mut *tx, &input.email, &input.name, None, false).await?,
            true,
        ),
    };
    members::activate(&mut *tx, org, user, input.role).await?;
    members::add_to_teams(&mut tx, org, user, &input.teams).await?;
    members::ledger(
        &mut *tx,
        org,
        "taken",
        1,
        "member added",
        Some(&input.email),
        actor,
    )
    .await?;
    if created {
        invitations::invite_new_account(&mut tx, actor, user, Some(org)).await?;
    }
    let entry = audit::Entry::new(actor, "member.added", "user", user)
        .in_org(org)
        .details(serde_json::json!({
            "email": input.email, "role": input.role.as_str(), "teams": input.teams, "new_account": created,
        }));
    audit::record(&mut *tx, entry).await?;
    // The new member's report rows are settled in this transaction (a few milliseconds), so
    // the next report read has nothing to settle and needs no write lock.
    super::reports::settle_person_in(&mut tx, org, user).await?;
    tx.commit().await?;
    Ok(user)
}

/// Who accepts an invitation.
pub enum Acceptor {
    /// The signed-in account of the invited email.
    Existing(UserId),
    /// Someone new: their name and password hash.
    New {
        /// Name.
        name: String,
        /// Argon2 hash of the chosen password.
        password_hash: String,
    },
}

/// Consumes the invitation with token hash `hash` exactly once and makes the person a member,
/// in one transaction: the seat the invitation held passes to the membership. Returns the
/// organization, the person and their email.
pub async fn accept(db: &SqlitePool, hash: &str, who: Acceptor) -> Result<(OrgId, UserId, String), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let Some(id) = members::consume_invitation(&mut *tx, hash).await? else {
        return Err(AppError::Conflict(
            "This invitation has already been used, was withdrawn or has expired. Ask whoever invited you for a new one.".into(),
        ));
    };
    let (_, org, _, email, role, team, _, _) = members::invitation_by_hash(&mut *tx, hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = users::find_by_email(&mut *tx, &email).await?;
    let (user, new_account) = match (who, found) {
        (Acceptor::Existing(id), Some(u)) if u.id == id => (id, false),
        (Acceptor::New { name, password_hash }, None) => (
            users::insert(&mut *tx, &email, &name, Some(&password_hash), false).await?,
            true,
        ),
        (Acceptor::New { .. }, Some(_)) => {
            return Err(AppError::Conflict(format!(
                "{email} already has an account. Sign in, then open the link again."
            )))
        }
        _ => {
            return Err(AppError::Conflict(format!(
                "This invitation is for {email}. Sign in as {email}, then open the link again."
            )))
        }
    };
    let role: Role = role.parse().unwrap_or(Role::Member);
    let already = matches!(members::membership(&mut *tx, org, user).await?, Some((_, s, _)) if s == "active");
    if !already {
        members::activate(&mut *tx, org, user, role).await?;
    }
    if let Some(team) = team {
        members::add_to_teams(&mut tx, org, user, &[team]).await?;
    }
    let actor = Actor::user(user, &email);
    if !already {
        members::ledger(
            &mut *tx,
            org,
            "taken",
            1,
            "invitation accepted",
            Some(&email),
            &actor,
        )
        .await?;
    }
    members::ledger(
        &mut *tx,
        org,
        "released",
        -1,
        "invitation accepted",
        Some(&email),
        &actor,
    )
    .await?;
    let entry = audit::Entry::new(&actor, "invitation.accepted", "invitation", id)
        .in_org(org)
        .details(serde_json::json!({ "email": email, "new_account": new_account }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok((org, user, email))
}

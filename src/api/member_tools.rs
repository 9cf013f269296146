//! Work on many members at once: CSV import, bulk actions on selected rows, and handing the
//! organization to a new owner.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::csv::ImportOutcome;
use crate::domain::ids::{OrgId, UserId};
use crate::error::AppError;

/// Imports people from CSV text (`name,email,role,team`). Every row is checked first; rows
/// with an account are added, new people invited, members skipped, bad rows rejected with the
/// reason. All of it is one transaction; the whole import is refused when seats are short.
#[server]
pub async fn import_members(org: OrgId, csv: String) -> Result<Vec<ImportOutcome>, AppError> {
    use crate::domain::csv::check_import;
    use crate::domain::ids::TeamId;
    use crate::domain::members::check_role_grant;
    use crate::domain::role::Action;
    use crate::server::repo::{members, users};
    use crate::server::{audit, auth};

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let (rows, mut outcomes) = check_import(&csv).map_err(|m| AppError::invalid("csv", m))?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let teams: Vec<(TeamId, String)> =
        sqlx::query_as("SELECT id, name FROM teams WHERE organization_id = ?1")
            .bind(org)
            .fetch_all(&mut *tx)
            .await?;
    // Decide every row before writing anything.
    enum Plan {
        Add(UserId),
        Invite,
    }
    let mut plans = Vec::new();
    for row in rows {
        let reject = |detail: String| ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: "rejected".into(),
            detail,
        };
        if let Err(e) = check_role_grant(access.role, access.user.is_platform_admin, row.role) {
            outcomes.push(reject(e.to_string()));
            continue;
        }
        let team = match row.team.as_str() {
            "" => None,
            name => match teams.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) {
                Some((id, _)) => Some(*id),
                None => {
                    outcomes.push(reject(format!(
                        "There is no team called \"{name}\" in this organization."
                    )));
                    continue;
                }
            },
        };
        if let Err(e) = scope.check_new_member_teams(&team.into_iter().collect::<Vec<_>>()) {
            outcomes.push(reject(e.to_string()));
            continue;
        }
        let skip = |why: &str| ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: "skipped".into(),
            detail: why.into(),
        };
        let user = users::find_by_email(&mut *tx, &row.email).await?;
        if let Some(u) = &user {
            if matches!(members::membership(&mut *tx, org, u.id).await?, Some((_, s, _)) if s == "active") {
                outcomes.push(skip("already a member"));
                continue;
            }
        }
        if members::has_pending_invitation(&mut *tx, org, &row.email).await? {
            outcomes.push(skip("already invited"));
            continue;
        }
        plans.push((row, team, user.map(|u| Plan::Add(u.id)).unwrap_or(Plan::Invite)));
    }
    members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?
        .check_take(plans.len() as i64)
        .map_err(|e| AppError::Conflict(format!("Nothing was imported. {e}")))?;
    let actor = access.actor();
    for (row, team, plan) in &plans {
        let teams: Vec<TeamId> = team.iter().copied().collect();
        let (outcome, detail) = match plan {
            Plan::Add(user) => {
                members::activate(&mut *tx, org, *user, row.role).await?;
                members::add_to_teams(&mut tx, org, *user, &teams).await?;
                members::ledger(&mut *tx, org, "taken", 1, "imported", Some(&row.email), &actor).await?;
                ("added", String::new())
            }
            Plan::Invite => {
                super::members::support::invite_one(&mut tx, org, &access, &row.email, row.role, *team)
                    .await?;
                ("invited", String::new())
            }
        };
        outcomes.push(ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: outcome.into(),
            detail,
        });
    }
    outcomes.sort_by_key(|o| o.line);
    let count = |k: &str| outcomes.iter().filter(|o| o.outcome == k).count();
    let entry = audit::Entry::new(&actor, "members.imported", "organization", org)
        .in_org(org)
        .details(serde_json::json!({
            "added": count("added"), "invited": count("invited"),
            "skipped": count("skipped"), "rejected": count("rejected"),
        }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// A bulk action on the selected rows of the member list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BulkForm {
    /// `remove`, `move`, `role` or `resend`.
    pub action: String,
    /// Selected members.
    pub users: Vec<i64>,
    /// Selected invitations.
    pub invitations: Vec<i64>,
    /// Team for `move`.
    pub team_id: String,
    /// Role for `role`.
    pub role: String,
}

/// Applies one action to every selected row, all or nothing; says what was done.
#[server]
pub async fn bulk_members(org: OrgId, form: BulkForm) -> Result<String, AppError> {
    use crate::domain::ids::TeamId;
    use crate::domain::members::dashboard_role;
    use crate::domain::role::Action;
    use crate::domain::structure::optional_id;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let users: Vec<UserId> = form.users.iter().copied().map(UserId).collect();
    let picked = users.len() + form.invitations.len();
    if picked == 0 {
        return Err(AppError::invalid("action", "Select at least one row first."));
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let done = match form.action.as_str() {
        "remove" => {
            for u in &users {
                super::members::support::remove_one(&mut tx, org, &access, &scope, *u, false).await?;
            }
            for id in &form.invitations {
                super::members::support::revoke_one(&mut tx, org, &access, &scope, *id).await?;
            }
            match (users.len(), form.invitations.len()) {
                (m, 0) => format!("Removed {}.", plural(m, "member")),
                (0, i) => format!("Revoked {}.", plural(i, "invitation")),
                (m, i) => format!(
                    "Removed {} and revoked {}.",
                    plural(m, "member"),
                    plural(i, "invitation")
                ),
            }
        }
        "move" => {
            let team = optional_id("team_id", &form.team_id)?
                .map(TeamId)
                .ok_or_else(|| AppError::invalid("team_id", "Choose the team to move them to."))?;
            for u in &users {
                super::members::support::move_one(&mut tx, org, &access, &scope, *u, team).await?;
            }
            format!(
                "Moved {}.{}",
                plural(users.len(), "member"),
                invitations_untouched(&form)
            )
        }
        "role" => {
            let role = dashboard_role(&form.role)?;
            for u in &users {
                super::members::support::role_one(&mut tx, org, &access, &scope, *u, role).await?;
            }
            format!(
                "Changed the role of {}.{}",
                plural(users.len(), "member"),
                invitations_untouched(&form)
            )
        }
        "resend" => {
            for id in &form.invitations {
                super::members::support::resend_one(&mut tx, org, &access, &scope, *id).await?;
            }
            format!("Sent {} again.", plural(form.invitations.len(), "invitation"))
        }
        _ => {
            return Err(AppError::invalid(
                "action",
                "Choose what to do with the selected rows.",
            ))
        }
    };
    tx.commit().await?;
    Ok(done)
}

#[cfg(feature = "ssr")]
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(feature = "ssr")]
fn invitations_untouched(form: &BulkForm) -> &'static str {
    if form.invitations.is_empty() {
        ""
    } else {
        " Selected invitations were left as they are."
    }
}

/// Someone who can become owner: an admin or manager of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerCandidate {
    /// The person.
    pub user_id: UserId,
    /// Name and email, for the list.
    pub label: String,
}

/// The admins and managers the owner may hand the organization to.
#[server]
pub async fn list_owner_candidates(org: OrgId) -> Result<Vec<OwnerCandidate>, AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _access) = auth::require(org, Action::TransferOwnership).await?;
    let rows: Vec<(UserId, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.status = 'active'
           AND m.role IN ('org_admin', 'department_admin', 'manager')
         ORDER BY u.name COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, email, role)| {
            let role = role
                .parse::<crate::domain::role::Role>()
                .map(|r| r.label())
                .unwrap_or("");
            OwnerCandidate {
                user_id,
                label: format!("{name} ({email}, {role})"),
            }
        })
        .collect())
}

/// Hands the organization to an admin or manager; the previous owner stays as organization
/// admin. Confirmed by typing the organization's name.
#[server]
pub async fn transfer_ownership(org: OrgId, user_id: String, confirm_name: String) -> Result<(), AppError> {
    use crate::domain::role::{Action, Role};
    use crate::domain::structure::optional_id;
    use crate::server::repo::{members, memberships};
    use crate::server::{audit, auth};

    let (state, access) = auth::require(org, Action::TransferOwnership).await?;
    let target = optional_id("user_id", &user_id)?
        .map(UserId)
        .ok_or_else(|| AppError::invalid("user_id", "Choose the new owner."))?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_one(&mut *tx)
        .await?;
    if confirm_name.trim() != name {
        return Err(AppError::invalid(
            "confirm_name",
            format!("Type the organization's name, {name}, exactly to hand it over."),
        ));
    }
    match members::membership(&mut *tx, org, target).await? {
        Some((role, status, _))
            if status == "active"
                && matches!(role, Role::OrgAdmin | Role::DepartmentAdmin | Role::Manager) => {}
        _ => {
            return Err(AppError::invalid(
                "user_id",
                "The new owner must be an active administrator or manager of this organization.",
            ))
        }
    }
    memberships::set_owner(&mut tx, org, target).await?;
    sqlx::query("UPDATE organizations SET owner_user_id = ?2 WHERE id = ?1")
        .bind(org)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, "organization.ownership_transferred", "organization", org)
        .in_org(org)
        .details(serde_json::json!({ "from": access.user.id, "to": target }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

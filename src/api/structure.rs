//! The structure of one organization, from its admin page: departments (a tree of any depth),
//! teams, department admins, and teams assigned to or removed from organizations.
//!
//! Adapters over `service::structure`: the forms' optional ids are parsed here; a stranger's
//! bad input is answered only after the caller is checked.

use leptos::prelude::*;

use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::structure::OrgStructure;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::service::{structure as service, Caller};

/// `input` parsed by a structure form; when it failed, the caller is checked first, so a
/// stranger meets 401/403 before any word about the input.
#[cfg(feature = "ssr")]
async fn parsed<T>(
    db: &sqlx::SqlitePool,
    caller: &Caller,
    org: Option<OrgId>,
    input: Result<T, AppError>,
) -> Result<T, AppError> {
    crate::service::caller::authorized_first(input, || async {
        match org {
            Some(org) => service::may_change(db, caller, org).await.map(|_| ()),
            None => service::may_move_teams(db, caller).await.map(|_| ()),
        }
    })
    .await
}

/// An optional department id from a form field (empty = none).
#[cfg(feature = "ssr")]
fn department_field(field: &str, raw: &str) -> Result<Option<DepartmentId>, AppError> {
    Ok(crate::domain::structure::optional_id(field, raw)?.map(DepartmentId))
}

/// The departments, teams and department admins of an organization, with the choices its admin
/// page offers.
#[server]
pub async fn get_org_structure(org: OrgId) -> Result<OrgStructure, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::org_structure(&state.db, &caller, org).await
}

/// Adds a department at the top (`parent_id` empty) or under another department.
#[server]
pub async fn create_department(
    org: OrgId,
    name: String,
    parent_id: String,
) -> Result<DepartmentId, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let parent = parsed(
        &state.db,
        &caller,
        Some(org),
        department_field("parent_id", &parent_id),
    )
    .await?;
    Ok(service::create_department(&state.db, &caller, org, &name, parent)
        .await?
        .id)
}

/// Renames a department.
#[server]
pub async fn rename_department(org: OrgId, id: DepartmentId, name: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::rename_department(&state.db, &caller, org, id, &name).await?;
    Ok(())
}

/// Places a department under another one (never under itself or its own descendants) or at
/// the top (`parent_id` empty).
#[server]
pub async fn move_department(org: OrgId, id: DepartmentId, parent_id: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let parent = parsed(
        &state.db,
        &caller,
        Some(org),
        department_field("parent_id", &parent_id),
    )
    .await?;
    service::move_department(&state.db, &caller, org, id, parent).await?;
    Ok(())
}

/// Deletes a department that holds no departments and no teams.
#[server]
pub async fn delete_department(org: OrgId, id: DepartmentId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::delete_department(&state.db, &caller, org, id).await
}

/// Makes an active member of the organization admin of one department (a member or manager
/// becomes department admin).
#[server]
pub async fn add_department_admin(org: OrgId, id: DepartmentId, user_id: String) -> Result<(), AppError> {
    use crate::domain::structure::optional_id;
    let (state, caller) = crate::server::auth::caller().await?;
    let user = optional_id("user_id", &user_id).and_then(|u| {
        u.map(UserId)
            .ok_or_else(|| AppError::invalid("user_id", "Choose a member to make department admin."))
    });
    let user = parsed(&state.db, &caller, Some(org), user).await?;
    service::add_department_admin(&state.db, &caller, org, id, user).await
}

/// Takes a person's admin rights over one department away.
#[server]
pub async fn remove_department_admin(org: OrgId, id: DepartmentId, user_id: UserId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::remove_department_admin(&state.db, &caller, org, id, user_id).await
}

/// Adds a team, in a department or at the top (`department_id` empty).
#[server]
pub async fn create_team(org: OrgId, name: String, department_id: String) -> Result<TeamId, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let dept = parsed(
        &state.db,
        &caller,
        Some(org),
        department_field("department_id", &department_id),
    )
    .await?;
    Ok(service::create_team(&state.db, &caller, org, &name, dept)
        .await?
        .id)
}

/// Renames a team.
#[server]
pub async fn rename_team(org: OrgId, id: TeamId, name: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::rename_team(&state.db, &caller, org, id, &name).await?;
    Ok(())
}

/// Places a team in a department of its organization, or at the top (`department_id` empty).
#[server]
pub async fn place_team(org: OrgId, id: TeamId, department_id: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let dept = parsed(
        &state.db,
        &caller,
        Some(org),
        department_field("department_id", &department_id),
    )
    .await?;
    service::place_team(&state.db, &caller, org, id, dept).await?;
    Ok(())
}

/// Deletes a team; its people stay members of the organization.
#[server]
pub async fn delete_team(org: OrgId, id: TeamId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::delete_team(&state.db, &caller, org, id).await
}

/// Assigns a team to `org`, from another organization or from no organization. Everyone in it
/// needs a seat in `org`: the move is refused, with the numbers, when there are not enough.
#[server]
pub async fn assign_team(org: OrgId, team_id: String) -> Result<(), AppError> {
    use crate::domain::structure::optional_id;
    let (state, caller) = crate::server::auth::caller().await?;
    let team = optional_id("team_id", &team_id).and_then(|t| {
        t.map(TeamId)
            .ok_or_else(|| AppError::invalid("team_id", "Choose a team to assign."))
    });
    let team = parsed(&state.db, &caller, None, team).await?;
    service::assign_team(&state.db, &caller, org, team).await?;
    Ok(())
}

/// Takes a team out of its organization: it is kept, unassigned, and its people stay members of
/// the organization (remove them from the members list if they should leave).
#[server]
pub async fn remove_team(org: OrgId, id: TeamId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    service::remove_team(&state.db, &caller, org, id).await
}

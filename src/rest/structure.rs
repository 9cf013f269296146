//! Departments and teams of an organization, and teams assigned to or taken out of it.
//! Changes need an administrator of the whole organization (owner, organization admin, their
//! tokens) or a platform token; moving a team between organizations needs a platform token.

use axum::http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, JsonBody, PathParams};
use crate::domain::ids::{DepartmentId, OrgId, TeamId};
use crate::domain::structure::{Department, Team};
use crate::error::AppError;
use crate::server::state::AppState;
use crate::service::structure as service;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_departments, create_department))
        .routes(routes!(update_department, delete_department))
        .routes(routes!(list_teams, create_team))
        .routes(routes!(update_team, delete_team))
        .routes(routes!(assign_team))
        .routes(routes!(unassign_team))
}

/// A department (departments form a tree through `parent_id`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DepartmentOut {
    /// Stable id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The department above, if any.
    pub parent_id: Option<i64>,
    /// Teams directly in it.
    pub team_count: i64,
}

/// A team.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamOut {
    /// Stable id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its department, if any.
    pub department_id: Option<i64>,
    /// People in it.
    pub member_count: i64,
}

/// A new department or team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDepartment {
    /// Name.
    pub name: String,
    /// The department it sits under (left out: at the top).
    pub parent_id: Option<i64>,
}

/// A new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    /// Name.
    pub name: String,
    /// Its department (left out: at the top).
    pub department_id: Option<i64>,
}

/// `Some(None)` for an explicit `null`, `None` when the field is left out.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// One change to a department: a new name, or a new place (`parent_id`, `null` = the top).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentPatch {
    /// New name.
    pub name: Option<String>,
    /// New parent; `null` moves it to the top.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Option<i64>>,
}

/// One change to a team: a new name, or a new department (`null` = none).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    /// New name.
    pub name: Option<String>,
    /// New department; `null` takes it out of its department.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub department_id: Option<Option<i64>>,
}

/// The team to bring into the organization.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamAssignment {
    /// A team of another organization or of none; its people need seats here.
    pub team_id: i64,
}

/// What a PATCH of a department or team asks for: a new name, or a new place (`field`).
enum Patch {
    Name(String),
    Place(Option<DepartmentId>),
}

fn one_change(name: Option<String>, place: Option<Option<i64>>, field: &str) -> Result<Patch, AppError> {
    match (name, place) {
        (Some(_), Some(_)) => Err(AppError::invalid(
            field,
            "Change the name and the place in two requests.",
        )),
        (None, None) => Err(AppError::invalid("name", format!("Send name or {field}."))),
        (Some(name), None) => Ok(Patch::Name(name)),
        (None, Some(place)) => Ok(Patch::Place(place.map(DepartmentId))),
    }
}

impl From<Department> for DepartmentOut {
    fn from(d: Department) -> Self {
        DepartmentOut {
            id: d.id.0,
            name: d.name,
            parent_id: d.parent_id.map(|p| p.0),
            team_count: d.team_count,
        }
    }
}

impl From<Team> for TeamOut {
    fn from(t: Team) -> Self {
        TeamOut {
            id: t.id.0,
            name: t.name,
            department_id: t.department_id.map(|d| d.0),
            member_count: t.member_count,
        }
    }
}

/// List the departments.
#[utoipa::path(get, path = "/orgs/{org}/departments", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<DepartmentOut>), (status = 404, body = super::ErrorBody)))]
async fn list_departments(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
) -> ApiResult<axum::Json<Vec<DepartmentOut>>> {
    let list = service::departments(ctx.db(), &ctx.caller(), OrgId(org)).await?;
    Ok(axum::Json(list.into_iter().map(DepartmentOut::from).collect()))
}

/// Create a department.
#[utoipa::path(post, path = "/orgs/{org}/departments", tag = "Structure", request_body = NewDepartment,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = DepartmentOut), (status = 422, body = super::ErrorBody)))]
async fn create_department(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewDepartment>,
) -> ApiResult<(StatusCode, axum::Json<DepartmentOut>)> {
    let parent = new.parent_id.map(DepartmentId);
    let dept = service::create_department(ctx.db(), &ctx.caller(), OrgId(org), &new.name, parent).await?;
    Ok((StatusCode::CREATED, axum::Json(dept.into())))
}

/// Rename a department, or move it under another (or to the top).
#[utoipa::path(patch, path = "/orgs/{org}/departments/{id}", tag = "Structure", request_body = DepartmentPatch,
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Department id")),
    responses((status = 200, body = DepartmentOut), (status = 422, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
async fn update_department(
    ctx: Ctx,
    PathParams((org, id)): PathParams<(i64, i64)>,
    JsonBody(patch): JsonBody<DepartmentPatch>,
) -> ApiResult<axum::Json<DepartmentOut>> {
    let (org, id) = (OrgId(org), DepartmentId(id));
    let (db, caller) = (ctx.db(), ctx.caller());
    let dept = match one_change(patch.name, patch.parent_id, "parent_id")? {
        Patch::Name(name) => service::rename_department(db, &caller, org, id, &name).await?,
        Patch::Place(parent) => service::move_department(db, &caller, org, id, parent).await?,
    };
    Ok(axum::Json(dept.into()))
}

/// Delete a department (its teams move up; see the dashboard's rules).
#[utoipa::path(delete, path = "/orgs/{org}/departments/{id}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Department id")),
    responses((status = 204), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
async fn delete_department(ctx: Ctx, PathParams((org, id)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    service::delete_department(ctx.db(), &ctx.caller(), OrgId(org), DepartmentId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List the teams.
#[utoipa::path(get, path = "/orgs/{org}/teams", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<TeamOut>), (status = 404, body = super::ErrorBody)))]
async fn list_teams(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Vec<TeamOut>>> {
    let list = service::teams(ctx.db(), &ctx.caller(), OrgId(org)).await?;
    Ok(axum::Json(list.into_iter().map(TeamOut::from).collect()))
}

/// Create a team.
#[utoipa::path(post, path = "/orgs/{org}/teams", tag = "Structure", request_body = NewTeam,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = TeamOut), (status = 422, body = super::ErrorBody)))]
async fn create_team(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewTeam>,
) -> ApiResult<(StatusCode, axum::Json<TeamOut>)> {
    let dept = new.department_id.map(DepartmentId);
    let team = service::create_team(ctx.db(), &ctx.caller(), OrgId(org), &new.name, dept).await?;
    Ok((StatusCode::CREATED, axum::Json(team.into())))
}

/// Rename a team, or place it in another department (or none).
#[utoipa::path(patch, path = "/orgs/{org}/teams/{id}", tag = "Structure", request_body = TeamPatch,
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamOut), (status = 422, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
async fn update_team(
    ctx: Ctx,
    PathParams((org, id)): PathParams<(i64, i64)>,
    JsonBody(patch): JsonBody<TeamPatch>,
) -> ApiResult<axum::Json<TeamOut>> {
    let (org, id) = (OrgId(org), TeamId(id));
    let (db, caller) = (ctx.db(), ctx.caller());
    let team = match one_change(patch.name, patch.department_id, "department_id")? {
        Patch::Name(name) => service::rename_team(db, &caller, org, id, &name).await?,
        Patch::Place(dept) => service::place_team(db, &caller, org, id, dept).await?,
    };
    Ok(axum::Json(team.into()))
}

/// Delete a team (its people stay members of the organization).
#[utoipa::path(delete, path = "/orgs/{org}/teams/{id}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Team id")),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
async fn delete_team(ctx: Ctx, PathParams((org, id)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    service::delete_team(ctx.db(), &ctx.caller(), OrgId(org), TeamId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Assign a team (from another organization or none) to this organization, with its people;
/// refused with the numbers when seats are short (platform tokens).
#[utoipa::path(post, path = "/orgs/{org}/team-assignments", tag = "Structure", request_body = TeamAssignment,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = TeamOut), (status = 409, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
async fn assign_team(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(a): JsonBody<TeamAssignment>,
) -> ApiResult<axum::Json<TeamOut>> {
    let team = service::assign_team(ctx.db(), &ctx.caller(), OrgId(org), TeamId(a.team_id)).await?;
    Ok(axum::Json(team.into()))
}

/// Take a team out of this organization; it is kept without one, its people stay members
/// (platform tokens).
#[utoipa::path(delete, path = "/orgs/{org}/team-assignments/{team}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("team" = i64, Path, description = "Team id")),
    responses((status = 204), (status = 404, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
async fn unassign_team(ctx: Ctx, PathParams((org, team)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    service::remove_team(ctx.db(), &ctx.caller(), OrgId(org), TeamId(team)).await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Departments and teams of an organization, and teams assigned to or taken out of it.
//! Changes need an administrator of the whole organization (owner, organization admin, their
//! tokens) or a platform token; moving a team between organizations needs a platform token.

use axum::http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, JsonBody, PathParams};
use crate::api::structure as sf;
use crate::domain::ids::{DepartmentId, OrgId, TeamId};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::state::AppState;

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

fn id_text(id: Option<i64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Name or place, never both: each is its own transaction in the dashboard too.
fn one_change(name: &Option<String>, place: &Option<Option<i64>>, field: &str) -> Result<(), AppError> {
    match (name, place) {
        (Some(_), Some(_)) => Err(AppError::invalid(
            field,
            "Change the name and the place in two requests.",
        )),
        (None, None) => Err(AppError::invalid("name", format!("Send name or {field}."))),
        _ => Ok(()),
    }
}

async fn departments(ctx: &Ctx, org: OrgId) -> ApiResult<Vec<DepartmentOut>> {
    ctx.run(|| async move {
        let (state, _) = crate::server::auth::require(org, Action::ViewDashboard).await?;
        Ok(crate::server::repo::structure::departments(&state.db, org)
            .await?
            .into_iter()
            .map(|d| DepartmentOut {
                id: d.id.0,
                name: d.name,
                parent_id: d.parent_id.map(|p| p.0),
                team_count: d.team_count,
            })
            .collect())
    })
    .await
}

async fn teams(ctx: &Ctx, org: OrgId) -> ApiResult<Vec<TeamOut>> {
    ctx.run(|| async move {
        let (state, _) = crate::server::auth::require(org, Action::ViewDashboard).await?;
        Ok(crate::server::repo::structure::teams(&state.db, org)
            .await?
            .into_iter()
            .map(|t| TeamOut {
                id: t.id.0,
                name: t.name,
                department_id: t.department_id.map(|d| d.0),
                member_count: t.member_count,
            })
            .collect())
    })
    .await
}

fn pick<T>(list: Vec<T>, id: impl Fn(&T) -> bool) -> ApiResult<axum::Json<T>> {
    list.into_iter()
        .find(id)
        .map(axum::Json)
        .ok_or_else(|| AppError::NotFound.into())
}

/// List the departments.
#[utoipa::path(get, path = "/orgs/{org}/departments", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<DepartmentOut>), (status = 404, body = super::ErrorBody)))]
async fn list_departments(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
) -> ApiResult<axum::Json<Vec<DepartmentOut>>> {
    Ok(axum::Json(departments(&ctx, OrgId(org)).await?))
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
    let org = OrgId(org);
    let id = ctx
        .run(|| sf::create_department(org, new.name, id_text(new.parent_id)))
        .await?;
    let out = pick(departments(&ctx, org).await?, |d| d.id == id.0)?;
    Ok((StatusCode::CREATED, out))
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
    one_change(&patch.name, &patch.parent_id, "parent_id")?;
    match (patch.name, patch.parent_id) {
        (Some(name), _) => ctx.run(|| sf::rename_department(org, id, name)).await?,
        (_, Some(parent)) => ctx.run(|| sf::move_department(org, id, id_text(parent))).await?,
        _ => {}
    }
    pick(departments(&ctx, org).await?, |d| d.id == id.0)
}

/// Delete a department (its teams move up; see the dashboard's rules).
#[utoipa::path(delete, path = "/orgs/{org}/departments/{id}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Department id")),
    responses((status = 204), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
async fn delete_department(ctx: Ctx, PathParams((org, id)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    ctx.run(|| sf::delete_department(OrgId(org), DepartmentId(id)))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List the teams.
#[utoipa::path(get, path = "/orgs/{org}/teams", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<TeamOut>), (status = 404, body = super::ErrorBody)))]
async fn list_teams(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Vec<TeamOut>>> {
    Ok(axum::Json(teams(&ctx, OrgId(org)).await?))
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
    let org = OrgId(org);
    let id = ctx
        .run(|| sf::create_team(org, new.name, id_text(new.department_id)))
        .await?;
    Ok((
        StatusCode::CREATED,
        pick(teams(&ctx, org).await?, |t| t.id == id.0)?,
    ))
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
    one_change(&patch.name, &patch.department_id, "department_id")?;
    match (patch.name, patch.department_id) {
        (Some(name), _) => ctx.run(|| sf::rename_team(org, id, name)).await?,
        (_, Some(dept)) => ctx.run(|| sf::place_team(org, id, id_text(dept))).await?,
        _ => {}
    }
    pick(teams(&ctx, org).await?, |t| t.id == id.0)
}

/// Delete a team (its people stay members of the organization).
#[utoipa::path(delete, path = "/orgs/{org}/teams/{id}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Team id")),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
async fn delete_team(ctx: Ctx, PathParams((org, id)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    ctx.run(|| sf::delete_team(OrgId(org), TeamId(id))).await?;
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
    let org = OrgId(org);
    ctx.run(|| sf::assign_team(org, a.team_id.to_string())).await?;
    pick(teams(&ctx, org).await?, |t| t.id == a.team_id)
}

/// Take a team out of this organization; it is kept without one, its people stay members
/// (platform tokens).
#[utoipa::path(delete, path = "/orgs/{org}/team-assignments/{team}", tag = "Structure",
    params(("org" = i64, Path, description = "Organization id"), ("team" = i64, Path, description = "Team id")),
    responses((status = 204), (status = 404, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
async fn unassign_team(ctx: Ctx, PathParams((org, team)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    ctx.run(|| sf::remove_team(OrgId(org), TeamId(team))).await?;
    Ok(StatusCode::NO_CONTENT)
}

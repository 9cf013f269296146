//! The course catalog (read) and course assignments at every level, with due dates.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, JsonBody, PathParams, QueryParams};
use crate::domain::access::{Due, Target};
use crate::domain::assignments::{AssignParts, AssignRequest, AssignmentView};
use crate::domain::course::{Course, CourseStatus};
use crate::domain::ids::{AssignmentId, OrgId};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_courses))
        .routes(routes!(list_assignments, create_assignments))
        .routes(routes!(delete_assignment))
}

/// A catalog course.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CourseOut {
    /// Stable id.
    pub id: i64,
    /// Code, like HS-100.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Category.
    pub category: String,
    /// Lessons.
    pub lesson_count: i64,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// `draft`, `published` or `retired`.
    pub status: String,
}

impl From<Course> for CourseOut {
    fn from(c: Course) -> Self {
        CourseOut {
            id: c.id.0,
            code: c.code,
            title: c.title,
            description: c.description,
            category: c.category,
            lesson_count: c.lesson_count,
            duration_minutes: c.duration_minutes,
            status: c.status.as_str().into(),
        }
    }
}

/// Catalog filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseFilter {
    /// Part of the code, title or category.
    pub q: Option<String>,
    /// `published` (the only one organization tokens see), `draft`, `retired` or `all`.
    pub status: Option<String>,
}

/// An assignment: a course given to the organization, a department, a team or one person.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentOut {
    /// Stable id.
    pub id: i64,
    /// Course id.
    pub course_id: i64,
    /// Course code.
    pub course_code: String,
    /// `organization`, `department`, `team` or `member`.
    pub level: String,
    /// The department, team or person id (null for the organization).
    pub target_id: Option<i64>,
    /// Its name.
    pub target_name: String,
    /// Due date `YYYY-MM-DD`, if fixed.
    pub due_date: Option<String>,
    /// Days after access, if due relative to access.
    pub due_days: Option<i64>,
    /// Who assigned it.
    pub assigned_by: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
}

impl From<AssignmentView> for AssignmentOut {
    fn from(a: AssignmentView) -> Self {
        let target_id = match a.target {
            Target::Organization => None,
            Target::Department(d) => Some(d.0),
            Target::Team(t) => Some(t.0),
            Target::Member(u) => Some(u.0),
        };
        let (due_date, due_days) = match a.due {
            Due::Never => (None, None),
            Due::On(d) => (Some(d), None),
            Due::DaysAfterAccess(n) => (None, Some(n)),
        };
        AssignmentOut {
            id: a.id.0,
            course_id: a.course.0,
            course_code: a.course_code,
            level: a.target.level().into(),
            target_id,
            target_name: a.target_name,
            due_date,
            due_days,
            assigned_by: a.assigned_by,
            created_at: a.created_at,
        }
    }
}

/// Courses to assign, to whom, and when they are due (all or nothing; assigning again changes
/// the due date).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssignments {
    /// Course ids.
    pub course_ids: Vec<i64>,
    /// `organization`, `department`, `team` or `member`.
    pub level: String,
    /// For `department`.
    pub department_id: Option<i64>,
    /// For `team`.
    pub team_id: Option<i64>,
    /// For `member`: the members' emails.
    #[serde(default)]
    pub emails: Vec<String>,
    /// A fixed due date `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// Or: due this many days after each person gets access.
    pub due_days: Option<i64>,
}

/// What an assignment request did.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignOutcomeOut {
    /// What happened, for people ("2 courses assigned to Store Managers").
    pub message: String,
    /// The organization's assignments afterwards.
    pub assignments: Vec<AssignmentOut>,
}

/// List catalog courses.
#[utoipa::path(get, path = "/courses", tag = "Courses", params(CourseFilter),
    responses((status = 200, body = Vec<CourseOut>), (status = 422, body = super::ErrorBody)))]
async fn list_courses(
    ctx: Ctx,
    QueryParams(filter): QueryParams<CourseFilter>,
) -> ApiResult<axum::Json<Vec<CourseOut>>> {
    let status = match filter.status.as_deref().unwrap_or("published") {
        "all" => None,
        raw => Some(
            CourseStatus::parse(raw)
                .ok_or_else(|| AppError::invalid("status", "Use published, draft, retired or all."))?,
        ),
    };
    let search = filter.q.unwrap_or_default();
    let list = crate::service::courses::list(ctx.db(), &ctx.caller(), &search, status).await?;
    Ok(axum::Json(list.into_iter().map(CourseOut::from).collect()))
}

/// List the organization's assignments.
#[utoipa::path(get, path = "/orgs/{org}/assignments", tag = "Courses",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<AssignmentOut>), (status = 404, body = super::ErrorBody)))]
async fn list_assignments(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
) -> ApiResult<axum::Json<Vec<AssignmentOut>>> {
    let list = crate::service::assignments::list(ctx.db(), &ctx.caller(), OrgId(org)).await?;
    Ok(axum::Json(list.into_iter().map(AssignmentOut::from).collect()))
}

/// Assign courses to the organization, a department, a team or members, with a due date.
#[utoipa::path(post, path = "/orgs/{org}/assignments", tag = "Courses", request_body = NewAssignments,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = AssignOutcomeOut), (status = 422, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
async fn create_assignments(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewAssignments>,
) -> ApiResult<(StatusCode, axum::Json<AssignOutcomeOut>)> {
    let org = OrgId(org);
    let caller = ctx.caller();
    let request = AssignRequest::from_parts(AssignParts {
        courses: new.course_ids.clone(),
        level: &new.level,
        department: new.department_id,
        team: new.team_id,
        emails: new.emails.iter().map(String::as_str).collect(),
        due_date: new.due_date.as_deref(),
        due_days: new.due_days,
    });
    let request = caller
        .parsed(ctx.db(), org, Action::AssignCourses, request)
        .await?;
    let crate::service::assignments::Assigned { message, assignments } =
        crate::service::assignments::assign(ctx.db(), &caller, org, &request).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AssignOutcomeOut {
            message,
            assignments: assignments.into_iter().map(AssignmentOut::from).collect(),
        }),
    ))
}

/// Remove an assignment: access that came only from it ends at once; progress stays.
#[utoipa::path(delete, path = "/orgs/{org}/assignments/{id}", tag = "Courses",
    params(("org" = i64, Path, description = "Organization id"), ("id" = i64, Path, description = "Assignment id")),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
async fn delete_assignment(ctx: Ctx, PathParams((org, id)): PathParams<(i64, i64)>) -> ApiResult<StatusCode> {
    crate::service::assignments::remove(ctx.db(), &ctx.caller(), OrgId(org), AssignmentId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

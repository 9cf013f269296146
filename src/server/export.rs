//! CSV downloads, as plain HTTP routes (a download is a GET the browser saves). They authorize
//! through the same `auth` functions as every server function.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::auth;
use super::repo::{members, orgs};
use super::state::AppState;
use crate::domain::csv;
use crate::domain::ids::TeamId;
use crate::domain::members::{MemberQuery, MemberSort, MemberStatus};
use crate::domain::role::Action;
use crate::error::AppError;

/// `GET /orgs/{slug}/members.csv?q=&team=&role=&status=&sort=`: the member list with the
/// current filter, within the viewer's scope.
pub async fn members_csv(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Query(query): Query<MemberQuery>,
) -> Response {
    match build(&state, &session, &slug, &query).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{slug}-members.csv\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => (
            StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response(),
    }
}

async fn build(state: &AppState, session: &Session, slug: &str, q: &MemberQuery) -> Result<String, AppError> {
    let user = auth::current_user(&state.db, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let org = orgs::id_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = auth::authorize(&state.db, user, org, Action::ExportReports).await?;
    let scope = auth::scope_of(&state.db, &access, org).await?;
    let team = crate::domain::structure::optional_id("team", &q.team)?.map(TeamId);
    let role = match q.role.trim() {
        "" => None,
        r => Some(
            r.parse()
                .map_err(|_| AppError::invalid("role", "Choose a role from the list."))?,
        ),
    };
    let filter = members::ListFilter {
        search: &q.q,
        team,
        role,
        status: MemberStatus::parse_filter(&q.status)?,
        scope: scope.team_filter(),
        sort: MemberSort::parse(&q.sort),
    };
    let mut conn = state.db.acquire().await?;
    let (rows, _) = members::list(&mut conn, org, &filter, i64::MAX, 0).await?;
    let mut out = csv::line(&[
        "name",
        "email",
        "role",
        "teams",
        "status",
        "joined",
        "last_active",
    ]);
    for m in rows {
        let teams = m
            .teams
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        out.push_str(&csv::line(&[
            m.name.as_str(),
            m.email.as_str(),
            m.role.as_str(),
            teams.as_str(),
            m.status.as_str(),
            m.joined_at.as_deref().unwrap_or(""),
            m.last_active_at.as_deref().unwrap_or(""),
        ]));
    }
    Ok(out)
}

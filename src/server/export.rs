//! CSV downloads, as plain HTTP routes (a download is a GET the browser saves). They authorize
//! through the same `auth` functions as every server function.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::auth;
use super::repo::{members, orgs};
use super::state::AppState;
use crate::domain::audit::AuditQuery;
use crate::domain::csv;
use crate::domain::members::MemberQuery;
use crate::domain::reports::{csv_table, ReportQuery};
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
    let body = build(&state, &session, &slug, &query).await;
    download(body, &format!("{slug}-members.csv"))
}

/// The signed-in person behind `session`, allowed `action` in the organization at `slug`. A
/// refusal is audited like one of `Caller::require`.
async fn authorized(
    state: &AppState,
    session: &Session,
    slug: &str,
    action: Action,
) -> Result<(crate::domain::ids::OrgId, auth::Access), AppError> {
    let user = auth::current_user(&state.db, &state.config.policy, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let org = orgs::id_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = auth::Caller::Person(user).require(&state.db, org, action).await?;
    Ok((org, access))
}

/// The signed-in platform admin behind `session`.
async fn platform_admin(state: &AppState, session: &Session) -> Result<(), AppError> {
    let user = auth::current_user(&state.db, &state.config.policy, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    auth::Caller::Person(user).platform_admin(&state.db).await?;
    Ok(())
}

/// A CSV body as a download, or the error with its status.
fn download(body: Result<String, AppError>, filename: &str) -> Response {
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
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

/// The report query plus which of its tables to download (`table=report` or `drill`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct ReportCsvQuery {
    #[serde(flatten)]
    report: ReportQuery,
    #[serde(default)]
    table: String,
}

/// `GET /orgs/{slug}/reports.csv?view=…&filters…&table=`: a report with the page's filters and
/// exactly its columns (the User Report with every page), within the viewer's scope.
pub async fn report_csv(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Query(query): Query<ReportCsvQuery>,
) -> Response {
    let body = async {
        let (org, access) = authorized(&state, &session, &slug, Action::ExportReports).await?;
        crate::service::reports::check_feature(
            &state.db,
            org,
            &access,
            crate::domain::features::Feature::Reports,
        )
        .await?;
        crate::service::reports::check_feature(
            &state.db,
            org,
            &access,
            crate::domain::features::Feature::CsvExport,
        )
        .await?;
        let scope = crate::service::caller::scope_of(&state.db, &access, org).await?;
        let page = crate::service::reports::load(&state.db, org, &slug, &scope, &query.report, false).await?;
        csv_table(&page, &query.table)
            .map(|t| t.to_csv())
            .ok_or_else(|| AppError::invalid("table", "Choose table=report or table=drill."))
    }
    .await;
    let view = crate::domain::reports::View::parse(&query.report.view).as_str();
    download(body, &format!("{slug}-{view}-report.csv"))
}

/// `GET /admin/reports.csv?removed=1`: Admin > Reports (platform admins only).
pub async fn admin_report_csv(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<ReportQuery>,
) -> Response {
    let body = async {
        platform_admin(&state, &session).await?;
        let include = query.validate()?.include_removed;
        Ok(crate::service::reports::load_admin(&state.db, include)
            .await?
            .table
            .to_csv())
    }
    .await;
    download(body, "organizations-report.csv")
}

async fn build(state: &AppState, session: &Session, slug: &str, q: &MemberQuery) -> Result<String, AppError> {
    let (org, access) = authorized(state, session, slug, Action::ExportReports).await?;
    crate::service::reports::check_feature(
        &state.db,
        org,
        &access,
        crate::domain::features::Feature::CsvExport,
    )
    .await?;
    let scope = crate::service::caller::scope_of(&state.db, &access, org).await?;
    let filter = crate::service::members::list_filter(q, &scope)?;
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

/// `GET /orgs/{slug}/audit.csv?actor=&action=&target=&from=&to=`: the organization's audit
/// log with the page's filters (owners and organization admins).
pub async fn org_audit_csv(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    Query(query): Query<AuditQuery>,
) -> Response {
    let body = async {
        let (org, _) = authorized(&state, &session, &slug, Action::ViewAudit).await?;
        super::audit::csv(&state.db, Some(org), &query).await
    }
    .await;
    download(body, &format!("{slug}-audit.csv"))
}

/// `GET /admin/audit.csv?…`: the whole audit log with the page's filters (platform admins).
pub async fn admin_audit_csv(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<AuditQuery>,
) -> Response {
    let body = async {
        platform_admin(&state, &session).await?;
        super::audit::csv(&state.db, None, &query).await
    }
    .await;
    download(body, "audit-log.csv")
}

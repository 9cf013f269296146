//! Reports as JSON: the Course Report, User Report, Rollup and Trend with the same filters as
//! the Reports tab, built by the same service operation (`service::reports`) from the summary tables.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, PathParams, QueryParams};
use crate::domain::ids::OrgId;
use crate::domain::reports::{ReportPage, ReportQuery, Table};
use crate::error::AppError;
use crate::server::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_report))
        .routes(routes!(get_platform_report))
}

/// Report filters (all optional).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ReportParams {
    /// Department id.
    pub department: Option<String>,
    /// Team id.
    pub team: Option<String>,
    /// Course id.
    pub course: Option<String>,
    /// First day `YYYY-MM-DD` (Trend; drill-down lists by last activity).
    pub from: Option<String>,
    /// Last day `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `not_started`, `in_progress`, `completed` or `overdue`.
    pub status: Option<String>,
    /// `true` to include removed members.
    pub include_removed: Option<bool>,
    /// Page of the User Report, from 1 (50 people a page).
    pub page: Option<i64>,
    /// Drill-down: a course id, to list its learners.
    pub learners: Option<String>,
    /// Drill-down: a person id, to list their courses.
    pub member: Option<String>,
    /// A column to sort the table by: its name in lower case with `_` for spaces
    /// (`completed`, `completion_rate`, `member`…).
    #[param(pattern = "^[a-z0-9_]{1,40}$")]
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    pub dir: Option<String>,
}

/// A table of a report: its column names and one object per row, keyed by column (numbers as
/// numbers, everything else as shown on the page).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportTable {
    /// Caption.
    pub caption: String,
    /// Column names, in order; the keys of each row.
    pub columns: Vec<String>,
    /// Rows.
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<Map<String, Value>>,
}

/// A chart's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSeries {
    /// Series name.
    pub name: String,
    /// One value per category.
    pub values: Vec<i64>,
}

/// The figures behind a report's chart.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportChart {
    /// Title.
    pub title: String,
    /// Categories (x axis).
    pub categories: Vec<String>,
    /// Series.
    pub series: Vec<ReportSeries>,
}

/// One report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// `courses`, `users`, `rollup` or `trend`.
    pub view: String,
    /// One sentence of the headline figures.
    pub summary: String,
    /// True when the caller sees part of the organization only.
    pub limited: bool,
    /// The report's table.
    pub table: ReportTable,
    /// The chart's figures, if the report has a chart.
    pub chart: Option<ReportChart>,
    /// A drill-down table, when asked for.
    pub drill: Option<ReportTable>,
    /// Rows in all pages (User Report).
    pub total: i64,
    /// This page.
    pub page: i64,
    /// Pages.
    pub pages: i64,
}

fn cell_value(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        return Value::from(n);
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(text),
    }
}

fn table(t: Table) -> ReportTable {
    let rows = t
        .rows
        .iter()
        .map(|row| {
            t.headers
                .iter()
                .zip(row)
                .map(|(h, c)| (h.clone(), cell_value(&c.text)))
                .collect()
        })
        .collect();
    ReportTable {
        caption: t.caption,
        columns: t.headers,
        rows,
    }
}

/// The JSON form of a report page.
pub fn report_json(p: ReportPage) -> Report {
    Report {
        view: p.view.as_str().into(),
        summary: p.summary,
        limited: p.limited,
        table: table(p.table),
        chart: p.chart.map(|c| ReportChart {
            title: c.title,
            categories: c.categories,
            series: c
                .series
                .into_iter()
                .map(|(name, values)| ReportSeries { name, values })
                .collect(),
        }),
        drill: p.drill.map(table),
        total: p.total,
        page: p.page,
        pages: p.pages,
    }
}

/// One report of an organization: `courses` (Course Report), `users` (User Report), `rollup`
/// or `trend`.
#[utoipa::path(get, path = "/orgs/{org}/reports/{view}", tag = "Reports",
    params(("org" = i64, Path, description = "Organization id"),
        ("view" = String, Path, description = "courses, users, rollup or trend"), ReportParams),
    responses((status = 200, body = Report), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn get_report(
    ctx: Ctx,
    PathParams((org, view)): PathParams<(i64, String)>,
    QueryParams(p): QueryParams<ReportParams>,
) -> ApiResult<axum::Json<Report>> {
    if !["courses", "users", "rollup", "trend"].contains(&view.as_str()) {
        return Err(AppError::invalid("view", "Use courses, users, rollup or trend.").into());
    }
    let query = ReportQuery {
        view,
        department: p.department.unwrap_or_default(),
        team: p.team.unwrap_or_default(),
        course: p.course.unwrap_or_default(),
        from: p.from.unwrap_or_default(),
        to: p.to.unwrap_or_default(),
        status: p.status.unwrap_or_default(),
        removed: if p.include_removed == Some(true) {
            "1".into()
        } else {
            String::new()
        },
        page: p.page.map(|n| n.to_string()).unwrap_or_default(),
        learners: p.learners.unwrap_or_default(),
        member: p.member.unwrap_or_default(),
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
    };
    let page = crate::service::reports::report(ctx.db(), &ctx.caller(), OrgId(org), &query).await?;
    Ok(axum::Json(report_json(page)))
}

/// Whether removed members count.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PlatformReportParams {
    /// `true` to include removed members.
    pub include_removed: Option<bool>,
}

/// Every organization's figures side by side (platform tokens).
#[utoipa::path(get, path = "/reports/organizations", tag = "Reports", params(PlatformReportParams),
    responses((status = 200, body = Report), (status = 403, body = super::ErrorBody)))]
async fn get_platform_report(
    ctx: Ctx,
    QueryParams(p): QueryParams<PlatformReportParams>,
) -> ApiResult<axum::Json<Report>> {
    let include_removed = p.include_removed == Some(true);
    let page = crate::service::reports::admin_report(ctx.db(), &ctx.caller(), include_removed).await?;
    Ok(axum::Json(report_json(page)))
}

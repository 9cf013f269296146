//! The audit log, read only: an organization's entries (owners' and organization admins'
//! tokens) or every entry (platform tokens), newest first, filtered.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, ListPage, PageParams, PathParams, QueryParams};
use crate::domain::ids::OrgId;
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(org_audit))
        .routes(routes!(platform_audit))
}

/// One audit entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Stable id (entries are never changed or deleted).
    pub id: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// The acting person's id, if any.
    pub actor_user_id: Option<i64>,
    /// Who: an email, an API token, or `system`.
    pub actor: String,
    /// The organization, if any.
    pub organization_id: Option<i64>,
    /// What, like `member.added`.
    pub action: String,
    /// The kind of thing changed.
    pub target_type: String,
    /// Its id.
    pub target_id: String,
    /// Changed fields, before → after.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// Audit filters (all optional).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct AuditFilter {
    /// An action, or its first part followed by a dot (`member.` for every member change).
    pub action: Option<String>,
    /// Part of the actor's email or token name.
    pub actor: Option<String>,
    /// The kind of thing changed (`user`, `team`, …).
    pub target_type: Option<String>,
    /// Its id.
    pub target_id: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC).
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
}

type Row = (
    i64,
    String,
    Option<i64>,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
);

fn day(field: &str, raw: &Option<String>) -> Result<Option<String>, AppError> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(d) if crate::domain::dates::is_date(d) => Ok(Some(d.to_string())),
        Some(_) => Err(AppError::invalid(field, "Use a date like 2026-11-30.")),
    }
}

/// The entries of `org` (all when `None`) matching `f`, newest first, older than the cursor.
async fn entries(
    db: &sqlx::SqlitePool,
    org: Option<OrgId>,
    f: &AuditFilter,
    page: &PageParams,
) -> ApiResult<ListPage<AuditEntry>> {
    let limit = page.limit()?;
    // The cursor is the id of the last entry of the previous page.
    let before = page.position()?;
    let (from, to) = (day("from", &f.from)?, day("to", &f.to)?);
    let action = f.action.clone().unwrap_or_default();
    let (action_exact, action_prefix) = match action.trim() {
        "" => (None, None),
        a if a.ends_with('.') => (
            None,
            Some(format!("{}%", crate::server::repo::courses::escape_like(a))),
        ),
        a => (Some(a.to_string()), None),
    };
    let actor = f
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| format!("%{}%", crate::server::repo::courses::escape_like(a)));
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor_user_id, actor_label, organization_id, action, target_type, target_id, details
         FROM audit_log
         WHERE (?1 IS NULL OR organization_id = ?1)
           AND (?2 = 0 OR id < ?2)
           AND (?3 IS NULL OR action = ?3)
           AND (?4 IS NULL OR action LIKE ?4 ESCAPE '\\')
           AND (?5 IS NULL OR actor_label LIKE ?5 ESCAPE '\\')
           AND (?6 IS NULL OR target_type = ?6)
           AND (?7 IS NULL OR target_id = ?7)
           AND (?8 IS NULL OR at >= ?8)
           AND (?9 IS NULL OR at < date(?9, '+1 day'))
         ORDER BY id DESC LIMIT ?10",
    )
    .bind(org)
    .bind(before)
    .bind(action_exact)
    .bind(action_prefix)
    .bind(actor)
    .bind(f.target_type.as_deref().filter(|s| !s.is_empty()))
    .bind(f.target_id.as_deref().filter(|s| !s.is_empty()))
    .bind(from)
    .bind(to)
    .bind(limit + 1)
    .fetch_all(db)
    .await?;
    let more = rows.len() as i64 > limit;
    let data: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| AuditEntry {
            id: r.0,
            at: r.1,
            actor_user_id: r.2,
            actor: r.3,
            organization_id: r.4,
            action: r.5,
            target_type: r.6,
            target_id: r.7,
            details: serde_json::from_str(&r.8).unwrap_or(serde_json::Value::Null),
        })
        .collect();
    let next_cursor = more
        .then(|| data.last().map(|e| PageParams::cursor_at(e.id)))
        .flatten();
    Ok(ListPage { data, next_cursor })
}

/// An organization's audit log.
#[utoipa::path(get, path = "/orgs/{org}/audit", tag = "Audit",
    params(("org" = i64, Path, description = "Organization id"), AuditFilter, PageParams),
    responses((status = 200, body = ListPage<AuditEntry>), (status = 404, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
async fn org_audit(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    QueryParams(filter): QueryParams<AuditFilter>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<AuditEntry>>> {
    let org = OrgId(org);
    ctx.run(|| async move {
        crate::server::auth::require(org, Action::ViewAudit)
            .await
            .map(|_| ())
    })
    .await?;
    Ok(axum::Json(entries(ctx.db(), Some(org), &filter, &page).await?))
}

/// The whole audit log (platform tokens).
#[utoipa::path(get, path = "/audit", tag = "Audit", params(AuditFilter, PageParams),
    responses((status = 200, body = ListPage<AuditEntry>), (status = 403, body = super::ErrorBody)))]
async fn platform_audit(
    ctx: Ctx,
    QueryParams(filter): QueryParams<AuditFilter>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<AuditEntry>>> {
    ctx.run(|| async move { crate::server::auth::require_platform_admin().await.map(|_| ()) })
        .await?;
    Ok(axum::Json(entries(ctx.db(), None, &filter, &page).await?))
}

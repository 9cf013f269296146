//! The audit log, read only: an organization's entries (owners' and organization admins'
//! tokens) or every entry (platform tokens), newest first, filtered.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, ListPage, PageParams, PathParams, QueryParams};
use crate::domain::ids::OrgId;
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

/// The entries of `org` (all when `None`) matching `f`, newest first, older than the cursor.
async fn entries(
    ctx: &Ctx,
    org: Option<OrgId>,
    f: &AuditFilter,
    page: &PageParams,
) -> ApiResult<ListPage<AuditEntry>> {
    let limit = page.limit()?;
    let search = crate::service::audit::Search {
        query: crate::domain::audit::AuditQuery {
            actor: f.actor.clone().unwrap_or_default(),
            action: f.action.clone().unwrap_or_default(),
            target: String::new(),
            from: f.from.clone().unwrap_or_default(),
            to: f.to.clone().unwrap_or_default(),
            // The cursor is the id of the last entry of the previous page.
            before: page.position()?,
        },
        target_type: f.target_type.clone(),
        target_id: f.target_id.clone(),
    };
    let rows = crate::service::audit::search(ctx.db(), &ctx.caller(), org, &search, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    let data: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor: r.actor_label,
            organization_id: r.organization_id,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
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
    Ok(axum::Json(entries(&ctx, Some(OrgId(org)), &filter, &page).await?))
}

/// The whole audit log (platform tokens).
#[utoipa::path(get, path = "/audit", tag = "Audit", params(AuditFilter, PageParams),
    responses((status = 200, body = ListPage<AuditEntry>), (status = 403, body = super::ErrorBody)))]
async fn platform_audit(
    ctx: Ctx,
    QueryParams(filter): QueryParams<AuditFilter>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<AuditEntry>>> {
    Ok(axum::Json(entries(&ctx, None, &filter, &page).await?))
}

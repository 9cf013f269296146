//! Reports of an organization (Reports tab, REST) and of the whole platform (Admin > Reports),
//! read from the summary tables. Who may see which part is decided here: the report's people
//! are limited to the caller's scope.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::reports::{ReportPage, ReportQuery};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::report_view;

/// One report of `org` as `query` asks for it, within what the caller may see; refused when
/// the organization's plan has no reports.
pub async fn report(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    query: &ReportQuery,
) -> Result<ReportPage, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ViewReports).await?;
    let slug = report_view::check_feature(db, org, &access, "feature_reports").await?;
    report_view::build(db, org, &slug, &scope, query, true).await
}

/// Every organization's figures side by side (platform admins and platform tokens).
pub async fn admin_report(
    db: &SqlitePool,
    caller: &Caller,
    include_removed: bool,
) -> Result<ReportPage, AppError> {
    caller.platform_admin(db).await?;
    report_view::build_admin(db, include_removed).await
}

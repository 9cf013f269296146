//! Reports: the organization's Reports tab and Admin > Reports. Numbers come from the summary
//! tables (`server::report_view`); who may see which part is decided by `server::auth`.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::reports::{ReportPage, ReportQuery};
use crate::error::AppError;

/// One report of `org` as the URL's filters ask for it, within what the viewer may see.
#[server]
pub async fn get_report(org: OrgId, query: ReportQuery) -> Result<ReportPage, AppError> {
    use crate::domain::role::Action;
    use crate::server::{auth, report_view};

    let (state, access, scope) = auth::require_scoped(org, Action::ViewReports).await?;
    let slug = report_view::check_feature(&state.db, org, &access, "feature_reports").await?;
    report_view::build(&state.db, org, &slug, &scope, &query, true).await
}

/// Admin > Reports: every organization's figures (platform admins only).
#[server]
pub async fn get_admin_report(include_removed: bool) -> Result<ReportPage, AppError> {
    use crate::server::{auth, report_view};

    let (state, _admin) = auth::require_platform_admin().await?;
    report_view::build_admin(&state.db, include_removed).await
}

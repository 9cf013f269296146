//! Reports: the organization's Reports tab and Admin > Reports. Numbers come from the summary
//! tables (`server::report_view`); who may see which part is decided by `service::reports`.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::reports::{ReportPage, ReportQuery};
use crate::error::AppError;

/// One report of `org` as the URL's filters ask for it, within what the viewer may see.
#[server]
pub async fn get_report(org: OrgId, query: ReportQuery) -> Result<ReportPage, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::reports::report(&state.db, &caller, org, &query).await
}

/// Admin > Reports: every organization's figures (platform admins only).
#[server]
pub async fn get_admin_report(include_removed: bool) -> Result<ReportPage, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::reports::admin_report(&state.db, &caller, include_removed).await
}

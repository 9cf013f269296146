//! Platform admin overview.

use leptos::prelude::*;

use crate::domain::org::PlatformOverview;
use crate::error::AppError;

/// Totals and the first organizations, for platform admins only.
#[server]
pub async fn get_platform_overview() -> Result<PlatformOverview, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::overview(&state.db, &caller).await
}

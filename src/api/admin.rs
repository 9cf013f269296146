//! Platform admin overview.

use leptos::prelude::*;

use crate::domain::org::PlatformOverview;
use crate::error::AppError;

/// Totals and the first organizations, for platform admins only.
#[server]
pub async fn get_platform_overview() -> Result<PlatformOverview, AppError> {
    use crate::server::{auth, repo::orgs};

    let (state, _admin) = auth::require_platform_admin().await?;
    let (organizations, users, courses, organization_types) = orgs::platform_counts(&state.db).await?;
    let recent = orgs::list_all(&state.db, 50).await?;
    Ok(PlatformOverview {
        organizations,
        users,
        courses,
        organization_types,
        recent,
    })
}

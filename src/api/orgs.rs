//! Organizations as seen by their members and managers.

use leptos::prelude::*;

use crate::domain::org::OrgSummary;
use crate::error::AppError;

/// The organizations the signed-in person manages (every organization for platform admins).
#[server]
pub async fn list_managed_orgs() -> Result<Vec<OrgSummary>, AppError> {
    use crate::server::{auth, repo::orgs};

    let (state, user) = auth::require_user().await?;
    if user.is_platform_admin {
        return Ok(orgs::list_all(&state.db, 500).await?);
    }
    Ok(orgs::list_for_user(&state.db, user.id, true).await?)
}

/// Every organization the signed-in person belongs to, with their role.
#[server]
pub async fn list_my_orgs() -> Result<Vec<OrgSummary>, AppError> {
    use crate::server::{auth, repo::orgs};

    let (state, user) = auth::require_user().await?;
    Ok(orgs::list_for_user(&state.db, user.id, false).await?)
}

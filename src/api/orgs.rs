//! Organizations as seen by their members and managers.

use leptos::prelude::*;

use crate::domain::org::OrgSummary;
use crate::error::AppError;

/// The organizations the signed-in person manages (every organization for platform admins).
#[server]
pub async fn list_managed_orgs() -> Result<Vec<OrgSummary>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::managed(&state.db, &caller).await
}

/// Every organization the signed-in person belongs to, with their role.
#[server]
pub async fn list_my_orgs() -> Result<Vec<OrgSummary>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::mine(&state.db, &caller).await
}

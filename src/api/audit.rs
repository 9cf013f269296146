//! The audit log viewers: Settings > Audit (owners and organization admins, their organization)
//! and Admin > Audit (platform admins, everything).

use leptos::prelude::*;

use crate::domain::audit::{AuditPage, AuditQuery};
use crate::domain::ids::OrgId;
use crate::error::AppError;

/// A page of entries of `org` (every entry when `None`, platform admins only), newest first.
#[server]
pub async fn list_audit(org: Option<OrgId>, query: AuditQuery) -> Result<AuditPage, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::audit::page(&state.db, &caller, org, &query).await
}

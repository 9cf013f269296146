//! The audit log viewers: Settings > Audit (owners and organization admins, their organization)
//! and Admin > Audit (platform admins, everything).

use leptos::prelude::*;

use crate::domain::audit::{AuditPage, AuditQuery};
use crate::domain::ids::OrgId;
use crate::error::AppError;

/// A page of entries of `org` (every entry when `None`, platform admins only), newest first.
#[server]
pub async fn list_audit(org: Option<OrgId>, query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;
    let state = match org {
        Some(org) => auth::require(org, Action::ViewAudit).await?.0,
        None => auth::require_platform_admin().await?.0,
    };
    crate::server::audit::page(&state.db, org, &query).await
}

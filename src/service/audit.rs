//! Reading the audit log: an organization's entries (owners and organization admins, and their
//! tokens) or every entry (platform admins and platform tokens), newest first, filtered.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::audit::{AuditFilter, AuditPage, AuditQuery};
use crate::domain::ids::OrgId;
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::repo::audit::Entry;

/// Whether the caller may read `org`'s log (every entry when `None`).
async fn allowed(db: &SqlitePool, caller: &Caller, org: Option<OrgId>) -> Result<(), AppError> {
    match org {
        Some(org) => caller.require(db, org, Action::ViewAudit).await.map(|_| ()),
        None => caller.platform_admin(db).await.map(|_| ()),
    }
}

/// One page of the Audit pages.
pub async fn page(
    db: &SqlitePool,
    caller: &Caller,
    org: Option<OrgId>,
    query: &AuditQuery,
) -> Result<AuditPage, AppError> {
    allowed(db, caller, org).await?;
    crate::server::audit::page(db, org, query).await
}

/// A search of the log: the page's filters, and optionally an exact target.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The filters the pages have.
    pub query: AuditQuery,
    /// Only this kind of target (`team`, `user`, ...).
    pub target_type: Option<String>,
    /// Only the target with this id.
    pub target_id: Option<String>,
}

/// At most `limit` entries matching `search`, newest first (older than `query.before` when set).
pub async fn search(
    db: &SqlitePool,
    caller: &Caller,
    org: Option<OrgId>,
    search: &Search,
    limit: i64,
) -> Result<Vec<Entry>, AppError> {
    allowed(db, caller, org).await?;
    let filter = AuditFilter {
        target_type: search.target_type.clone().filter(|s| !s.is_empty()),
        target_id: search.target_id.clone().filter(|s| !s.is_empty()),
        ..search.query.check()?
    };
    Ok(crate::server::repo::audit::search(db, org, &filter, limit).await?)
}

//! The Overview tab of an organization: seats, activity, completion, overdue courses, join
//! requests and expiry, for those who see the whole organization (owners, organization admins,
//! platform admins). Each figure is read with the same filters as the list it links to.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::overview::{self, Active, Overview, ACTIVE_WINDOWS};
use crate::domain::reports::ReportScope;
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::repo::{self, join, members, orgs, report_sync, reports};

/// The overview of `org`. People who see only some teams have no overview (their figures
/// would be the organization's): they are refused.
pub async fn overview(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Overview, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ViewDashboard).await?;
    if !scope.is_organization() {
        return Err(AppError::Forbidden);
    }
    report_sync::settle(db).await?;
    let reports_on = access.user.is_platform_admin
        || orgs::features(db, org)
            .await?
            .ok_or(AppError::NotFound)?
            .feature_reports;
    // One read transaction, so the figures are of one moment.
    let mut tx = db.begin().await?;
    let usage = members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active = Vec::new();
    for days in ACTIVE_WINDOWS {
        let since = repo::from_now(-chrono::Duration::days(days));
        active.push(Active {
            days,
            members: members::active_count(&mut *tx, org, Some(&since)).await?,
        });
    }
    let (figures, top_overdue) = if reports_on {
        let rows = reports::by_course(
            &mut tx,
            org,
            ReportScope::Organization,
            None,
            false,
            &repo::today(),
        )
        .await?;
        (Some(overview::total(&rows)), overview::top_overdue(&rows))
    } else {
        (None, Vec::new())
    };
    let header = members::dashboard_header(&mut *tx, org).await?;
    let out = Overview {
        usage,
        members: members::active_count(&mut *tx, org, None).await?,
        active,
        figures,
        top_overdue,
        join_requests: join::pending_count(&mut *tx, org).await?,
        expiry: overview::expiry_text(header.expires_at.as_deref(), &repo::now()),
        expires_at: header.expires_at,
    };
    tx.commit().await?;
    Ok(out)
}

//! Seats of one organization: usage, the ledger, and changes of the seat count.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::members::Scope;
use crate::domain::role::Action;
use crate::domain::seats::{check_allocation_change, LedgerKind, LedgerLine, SeatUsage, SeatsView};
use crate::error::AppError;
use crate::server::audit;
use crate::server::repo::members;

/// Ledger lines the Seats tab shows.
const TAB_LEDGER_LINES: i64 = 200;

/// Seats used, pending, free and total, the latest ledger lines, and whether the caller may
/// change the count.
pub async fn view(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<SeatsView, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ViewDashboard).await?;
    let usage = members::seat_usage(db, org).await?.ok_or(AppError::NotFound)?;
    let ledger = members::ledger_lines(db, org, scope_teams(&scope), TAB_LEDGER_LINES, 0).await?;
    Ok(SeatsView {
        usage,
        ledger,
        can_add: access.user.is_platform_admin || access.role.is_some_and(|r| r.can(Action::ManageSeats)),
    })
}

/// Seats now.
pub async fn usage(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<SeatUsage, AppError> {
    caller.require_scoped(db, org, Action::ViewDashboard).await?;
    members::seat_usage(db, org).await?.ok_or(AppError::NotFound)
}

/// `limit` ledger lines from `offset`, newest first.
pub async fn ledger(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    limit: i64,
    offset: i64,
) -> Result<Vec<LedgerLine>, AppError> {
    let (_, scope) = caller.require_scoped(db, org, Action::ViewDashboard).await?;
    Ok(members::ledger_lines(db, org, scope_teams(&scope), limit, offset).await?)
}

/// The teams a scoped caller's ledger is cut to (`None`: the whole organization). Managers and
/// department admins see the lines about people in their teams only.
fn scope_teams(scope: &Scope) -> Option<&[TeamId]> {
    match scope {
        Scope::Organization => None,
        Scope::Teams(teams) => Some(teams),
    }
}

/// Adds `delta` seats (removes them when negative, never below the seats in use) with a note
/// for the ledger; answers with the seats after the change.
pub async fn change(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    delta: i64,
    note: &str,
) -> Result<SeatUsage, AppError> {
    let access = caller.require(db, org, Action::ManageSeats).await?;
    let actor = access.actor();
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let usage = members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let (total, note) = check_allocation_change(usage, delta, note)?;
    members::set_seat_count(&mut *tx, org, total).await?;
    members::ledger(&mut *tx, org, LedgerKind::Allocation, delta, &note, None, &actor).await?;
    let entry = audit::Entry::new(&actor, AuditAction::SeatsChanged, "organization", org)
        .in_org(org)
        .details(serde_json::json!({ "seat_count": [usage.total, total], "note": note }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(SeatUsage { total, ..usage })
}

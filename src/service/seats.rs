//! Seats of one organization: usage, the ledger, and changes of the seat count.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::{OrgId, TeamId};
use crate::domain::members::Scope;
use crate::domain::role::Action;
use crate::domain::seats::{
    check_allocation_change, check_decision, check_seat_request, LedgerKind, LedgerLine, OwnerSeats,
    SeatRequest, SeatUsage, SeatsView,
};
use crate::error::AppError;
use crate::server::audit;
use crate::server::config::Config;
use crate::server::repo::{members, seat_requests};

/// Ledger lines the Seats tab shows.
const TAB_LEDGER_LINES: i64 = 200;

/// Seats used, pending, free and total, the latest ledger lines, and whether the caller may
/// change the count.
pub async fn view(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<SeatsView, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ViewDashboard).await?;
    let usage = members::seat_usage(db, org).await?.ok_or(AppError::NotFound)?;
    let ledger = members::ledger_lines(db, org, scope_teams(&scope), TAB_LEDGER_LINES, 0).await?;
    let can_add = access.user.is_platform_admin || access.role.is_some_and(|r| r.can(Action::ManageSeats));
    Ok(SeatsView {
        usage,
        ledger,
        can_add,
        rule: if access.user.is_platform_admin {
            OwnerSeats::Any
        } else {
            seat_requests::owner_rule(db, org).await?
        },
        can_request: can_add && !access.user.is_platform_admin,
        // Requests are for those who change seats (managers read the ledger only).
        requests: if can_add {
            seat_requests::of_org(db, org, TAB_REQUESTS).await?
        } else {
            Vec::new()
        },
    })
}

/// Seat requests the Seats tab shows.
const TAB_REQUESTS: i64 = 20;

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
    // Platform admins add any number; owners and organization admins (and their tokens) as
    // far as their organization type allows, read in the same transaction as the count.
    if !access.user.is_platform_admin {
        seat_requests::owner_rule(&mut *tx, org)
            .await?
            .check_add(usage.total, delta)?;
    }
    members::set_seat_count(&mut *tx, org, total).await?;
    members::ledger(&mut *tx, org, LedgerKind::Allocation, delta, &note, None, &actor).await?;
    let entry = audit::Entry::new(&actor, AuditAction::SeatsChanged, "organization", org)
        .in_org(org)
        .details(serde_json::json!({ "seat_count": [usage.total, total], "note": note }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(SeatUsage { total, ..usage })
}

/// An owner or organization admin asks for `seats` more seats, with a note: the request waits
/// for a platform admin (one at a time per organization), and the ledger records it.
pub async fn request(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    seats: i64,
    note: &str,
) -> Result<SeatRequest, AppError> {
    let access = caller.require(db, org, Action::ManageSeats).await?;
    let (seats, note) = check_seat_request(seats, note)?;
    let actor = access.actor();
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let id = seat_requests::create(&mut *tx, org, seats, &note, &actor)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "A seat request of this organization is already waiting for approval. Wait for its decision before sending another."
                    .into(),
            )
        })?;
    let line = if note.is_empty() {
        format!("Seat request #{id} for {seats}")
    } else {
        format!("Seat request #{id} for {seats}: {note}")
    };
    members::ledger(&mut *tx, org, LedgerKind::Requested, 0, &line, None, &actor).await?;
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, AuditAction::SeatsRequested, "seat_request", id)
            .in_org(org)
            .details(serde_json::json!({ "seats": seats, "note": note })),
    )
    .await?;
    let made = seat_requests::one(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(made)
}

/// The seat requests of `org`, newest first (those who change its seats).
pub async fn requests(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<SeatRequest>, AppError> {
    caller.require(db, org, Action::ManageSeats).await?;
    Ok(seat_requests::of_org(db, org, TAB_REQUESTS).await?)
}

/// Admin > Seat requests: every waiting request, then the latest decisions.
pub async fn all_requests(db: &SqlitePool, caller: &Caller) -> Result<Vec<SeatRequest>, AppError> {
    caller.platform_admin(db).await?;
    Ok(seat_requests::all(db, 50).await?)
}

/// A platform admin approves (the seats are added, whatever the owners' own limit) or declines
/// request `id`, with a note; the ledger, the audit log and the organization's owners and
/// organization admins (by mail) hear of it. All in one transaction, so a request is decided
/// once and its seats are added once, however many admins click at the same moment.
pub async fn decide(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    id: i64,
    decision: &str,
    note: &str,
) -> Result<SeatRequest, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let (approve, note) = check_decision(decision, note)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let Some((org, seats, _)) = seat_requests::pending(&mut *tx, id).await? else {
        return Err(if seat_requests::exists(&mut *tx, id).await? {
            AppError::Conflict("This seat request was already decided.".into())
        } else {
            AppError::NotFound
        });
    };
    let because = if note.is_empty() {
        String::new()
    } else {
        format!(": {note}")
    };
    if approve {
        let usage = members::seat_usage(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?;
        let total = usage.total + seats;
        members::set_seat_count(&mut *tx, org, total).await?;
        let line = format!("Seat request #{id} approved{because}");
        members::ledger(&mut *tx, org, LedgerKind::Allocation, seats, &line, None, &actor).await?;
        audit::record(
            &mut *tx,
            audit::Entry::new(&actor, AuditAction::SeatsChanged, "organization", org)
                .in_org(org)
                .details(serde_json::json!({ "seat_count": [usage.total, total], "seat_request": id })),
        )
        .await?;
    } else {
        let line = format!("Seat request #{id} for {seats} declined{because}");
        members::ledger(&mut *tx, org, LedgerKind::Declined, 0, &line, None, &actor).await?;
    }
    seat_requests::decide(&mut *tx, id, approve, &note, &actor).await?;
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, AuditAction::SeatRequestDecided, "seat_request", id)
            .in_org(org)
            .details(serde_json::json!({ "approved": approve, "seats": seats, "note": note })),
    )
    .await?;
    let header = members::dashboard_header(&mut *tx, org).await?;
    let (subject, body) = crate::domain::seats::decision_mail(
        &header.name,
        id,
        seats,
        approve,
        &note,
        &config.public_url,
        &header.slug,
    );
    for to in seat_requests::admins_of(&mut *tx, org).await? {
        crate::server::mail::queue(
            &mut *tx,
            config,
            crate::server::mail::Mail {
                to: &to,
                subject: subject.clone(),
                body: body.clone(),
                org: Some(org),
                link: None,
            },
        )
        .await?;
    }
    let decided = seat_requests::one(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(decided)
}

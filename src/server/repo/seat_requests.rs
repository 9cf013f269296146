//! Seat requests (migration 0020) and the per-type rule on what owners add themselves.

use sqlx::SqliteExecutor;

use crate::domain::ids::OrgId;
use crate::domain::seats::{OwnerSeats, SeatRequest, SeatRequestStatus};
use crate::server::audit::Actor;

/// What owners and organization admins of `org` may add themselves (its type's setting).
pub async fn owner_rule(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<OwnerSeats> {
    let row: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT t.owner_seats, t.owner_seat_cap
         FROM organizations o LEFT JOIN organization_types t ON t.id = o.type_id WHERE o.id = ?1",
    )
    .bind(org)
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|(kind, cap)| OwnerSeats::from_stored(kind.as_deref(), cap))
        .unwrap_or(OwnerSeats::Any))
}

/// Files a request; `None` when one is already waiting for `org`.
pub async fn create(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    seats: i64,
    note: &str,
    by: &Actor,
) -> sqlx::Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO seat_requests (organization_id, seats, note, requested_by, requested_label)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (organization_id) WHERE status = 'pending' DO NOTHING
         RETURNING id",
    )
    .bind(org)
    .bind(seats)
    .bind(note)
    .bind(by.user_id)
    .bind(&by.label)
    .fetch_optional(db)
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    organization_id: OrgId,
    org_name: String,
    org_slug: String,
    seats: i64,
    note: String,
    status: SeatRequestStatus,
    requested_label: String,
    requested_at: String,
    decided_label: Option<String>,
    decided_at: Option<String>,
    decision_note: String,
}

impl From<Row> for SeatRequest {
    fn from(r: Row) -> Self {
        SeatRequest {
            id: r.id,
            org: r.organization_id,
            org_name: r.org_name,
            org_slug: r.org_slug,
            seats: r.seats,
            note: r.note,
            status: r.status,
            requested_by: r.requested_label,
            requested_at: r.requested_at,
            decided_by: r.decided_label,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
        }
    }
}

const SELECT: &str =
    "SELECT r.id, r.organization_id, o.name AS org_name, o.slug AS org_slug, r.seats, r.note,
        r.status, r.requested_label, r.requested_at, r.decided_label, r.decided_at, r.decision_note
     FROM seat_requests r JOIN organizations o ON o.id = r.organization_id";

/// The requests of `org`, newest first (at most `limit`).
pub async fn of_org(db: impl SqliteExecutor<'_>, org: OrgId, limit: i64) -> sqlx::Result<Vec<SeatRequest>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.organization_id = ?1 ORDER BY r.id DESC LIMIT ?2"
    ))
    .bind(org)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(SeatRequest::from).collect())
}

/// Request `id`, decided or not.
pub async fn one(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<SeatRequest>> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE r.id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(SeatRequest::from))
}

/// Every waiting request, oldest first, then the latest `decided` decided ones.
pub async fn all(db: impl SqliteExecutor<'_>, decided: i64) -> sqlx::Result<Vec<SeatRequest>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT * FROM ({SELECT} WHERE r.status = 'pending' ORDER BY r.id)
         UNION ALL
         SELECT * FROM ({SELECT} WHERE r.status <> 'pending' ORDER BY r.decided_at DESC, r.id DESC LIMIT ?1)"
    ))
    .bind(decided)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(SeatRequest::from).collect())
}

/// A waiting request: its organization, seats and note.
pub async fn pending(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<Option<(OrgId, i64, String)>> {
    sqlx::query_as(
        "SELECT organization_id, seats, note FROM seat_requests WHERE id = ?1 AND status = 'pending'",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Whether request `id` exists at all (decided or not).
pub async fn exists(db: impl SqliteExecutor<'_>, id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM seat_requests WHERE id = ?1)")
        .bind(id)
        .fetch_one(db)
        .await
}

/// Closes a waiting request with the decision.
pub async fn decide(
    db: impl SqliteExecutor<'_>,
    id: i64,
    approved: bool,
    note: &str,
    by: &Actor,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE seat_requests SET status = ?2, decided_by = ?3, decided_label = ?4,
                decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), decision_note = ?5
         WHERE id = ?1 AND status = 'pending'",
    )
    .bind(id)
    .bind(if approved {
        SeatRequestStatus::Approved
    } else {
        SeatRequestStatus::Declined
    })
    .bind(by.user_id)
    .bind(&by.label)
    .bind(note)
    .execute(db)
    .await?;
    Ok(())
}

/// The addresses of `org`'s owners and organization admins (who hear of a decision).
pub async fn admins_of(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.status = 'active' AND m.role IN ('owner', 'org_admin')
         ORDER BY u.email",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

//! Organization lists and totals.

use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};
use crate::domain::org::{OrgStatus, OrgSummary};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: OrgId,
    name: String,
    slug: String,
    type_name: Option<String>,
    owner_email: String,
    status: String,
    seats_used: i64,
    seat_count: i64,
    expires_at: Option<String>,
    my_role: Option<String>,
}

impl SummaryRow {
    fn into_summary(self, now: &str) -> OrgSummary {
        OrgSummary {
            status: OrgStatus::effective(&self.status, self.expires_at.as_deref(), now),
            id: self.id,
            name: self.name,
            slug: self.slug,
            type_name: self.type_name,
            owner_email: self.owner_email,
            seats_used: self.seats_used,
            seat_count: self.seat_count,
            expires_at: self.expires_at,
            my_role: self.my_role.and_then(|r| r.parse().ok()),
        }
    }
}

/// Seats used is computed with the partial index on held seats, per organization.
const SUMMARY_SELECT: &str = "SELECT o.id, o.name, o.slug, t.name AS type_name, u.email AS owner_email,
        o.status, o.seat_count, o.expires_at,
        (SELECT COUNT(*) FROM memberships s WHERE s.organization_id = o.id AND s.holds_seat = 1) AS seats_used";

/// Every organization, by name (the admin list; search and paging come with the admin area).
pub async fn list_all(db: impl SqliteExecutor<'_>, limit: i64) -> sqlx::Result<Vec<OrgSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT}, NULL AS my_role
         FROM organizations o JOIN users u ON u.id = o.owner_user_id
         LEFT JOIN organization_types t ON t.id = o.type_id
         ORDER BY o.name COLLATE NOCASE LIMIT ?1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?;
    let now = super::now();
    Ok(rows.into_iter().map(|r| r.into_summary(&now)).collect())
}

/// The organizations where `user` has an active membership (only manager and above when
/// `managers_only`), each with the user's role there.
pub async fn list_for_user(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    managers_only: bool,
) -> sqlx::Result<Vec<OrgSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT}, m.role AS my_role
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
         JOIN users u ON u.id = o.owner_user_id
         LEFT JOIN organization_types t ON t.id = o.type_id
         WHERE m.user_id = ?1 AND m.status = 'active' AND (?2 = 0 OR m.role <> 'member')
         ORDER BY o.name COLLATE NOCASE"
    ))
    .bind(user)
    .bind(managers_only)
    .fetch_all(db)
    .await?;
    let now = super::now();
    Ok(rows.into_iter().map(|r| r.into_summary(&now)).collect())
}

/// Row counts for the admin overview: organizations, users, courses, organization types.
pub async fn platform_counts(db: impl SqliteExecutor<'_>) -> sqlx::Result<(i64, i64, i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organizations), (SELECT COUNT(*) FROM users),
                (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM organization_types)",
    )
    .fetch_one(db)
    .await
}

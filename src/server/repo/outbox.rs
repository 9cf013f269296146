//! The `outbox` table: every message written in the transaction of the change that sends it.

use sqlx::{SqliteExecutor, SqlitePool};

use super::courses::escape_like;
use crate::domain::ids::OrgId;
use crate::domain::mail::OutboxMail;

/// Writes one message with `status` (`queued` or `kept`); returns its id.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    to: &str,
    subject: &str,
    body: &str,
    org: Option<OrgId>,
    status: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_email, subject, body, organization_id, status) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(org)
    .bind(status)
    .fetch_one(db)
    .await
}

/// A message waiting for delivery.
#[derive(sqlx::FromRow)]
pub struct Queued {
    /// Id.
    pub id: i64,
    /// Recipient.
    pub to_email: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
}

/// Up to `limit` queued messages, oldest first.
pub async fn queued(db: &SqlitePool, limit: i64) -> sqlx::Result<Vec<Queued>> {
    sqlx::query_as(
        "SELECT id, to_email, subject, body FROM outbox WHERE status = 'queued' ORDER BY id LIMIT ?1",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Notes how delivering message `id` ended (`sent` or `failed` with the error).
pub async fn mark(db: &SqlitePool, id: i64, status: &str, error: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET status = ?2, sent_at = ?3, error = ?4 WHERE id = ?1")
        .bind(id)
        .bind(status)
        .bind(super::now())
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

/// One page of the outbox (newest first) of messages to addresses containing `to`, and how many
/// there are in all.
pub async fn page(
    db: &SqlitePool,
    to: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<OutboxMail>, i64)> {
    let pattern = format!("%{}%", escape_like(to.trim()));
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_email LIKE ?1 ESCAPE '\\'")
        .bind(&pattern)
        .fetch_one(db)
        .await?;
    let items = sqlx::query_as(
        "SELECT id, to_email, subject, body, created_at, status FROM outbox
         WHERE to_email LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok((items, total))
}

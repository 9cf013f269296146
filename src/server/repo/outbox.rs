//! The `outbox` table: every message written in the transaction of the change that sends it.

use sqlx::{SqliteExecutor, SqlitePool};

use super::courses::escape_like;
use crate::domain::ids::OrgId;
use crate::domain::mail::OutboxMail;

/// The one-time link a message carries, while it works.
pub struct MailLink<'a> {
    /// SHA-256 of its token (how the link is found again when it is used or replaced).
    pub hash: &'a str,
    /// The full address, as written in the body.
    pub url: &'a str,
    /// When it stops working.
    pub expires_at: &'a str,
}

/// Writes one message with `status` (`queued` or `kept`); returns its id.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    to: &str,
    subject: &str,
    body: &str,
    org: Option<OrgId>,
    status: &str,
    link: Option<&MailLink<'_>>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_email, subject, body, organization_id, status, link_hash, link_url, link_expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(org)
    .bind(status)
    .bind(link.map(|l| l.hash))
    .bind(link.map(|l| l.url))
    .bind(link.map(|l| l.expires_at))
    .fetch_one(db)
    .await
}

/// The note that replaces a link in a stored body once the link no longer works or has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkGone {
    /// Its holder used it.
    Used,
    /// A newer link replaced it, or it was withdrawn.
    Replaced,
    /// Its time ran out.
    Expired,
    /// It went out over SMTP; the token is not kept here.
    Delivered,
}

impl LinkGone {
    /// What the body says instead of the link.
    pub fn note(self) -> &'static str {
        match self {
            LinkGone::Used => "[this link was used and no longer works]",
            LinkGone::Replaced => "[this link was replaced or withdrawn and no longer works]",
            LinkGone::Expired => "[this link has expired]",
            LinkGone::Delivered => "[link delivered by mail; not kept here]",
        }
    }
}

/// Replaces the link with token hash `hash` in every stored message by `gone`'s note.
pub async fn retire_link(db: impl SqliteExecutor<'_>, hash: &str, gone: LinkGone) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE outbox SET body = replace(body, link_url, ?2), link_url = NULL, link_hash = NULL, link_expires_at = NULL
         WHERE link_hash = ?1",
    )
    .bind(hash)
    .bind(gone.note())
    .execute(db)
    .await?;
    Ok(())
}

/// Replaces every link that has expired by `now` by its note; answers how many.
pub async fn retire_expired(db: impl SqliteExecutor<'_>, now: &str) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET body = replace(body, link_url, ?2), link_url = NULL, link_hash = NULL, link_expires_at = NULL
         WHERE link_url IS NOT NULL AND link_expires_at <= ?1",
    )
    .bind(now)
    .bind(LinkGone::Expired.note())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
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

/// Notes how delivering message `id` ended (`sent` or `failed` with the error). A sent
/// message keeps no live link: its address is replaced by a note.
pub async fn mark(db: &SqlitePool, id: i64, status: &str, error: Option<&str>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE outbox SET status = ?2, sent_at = ?3, error = ?4,
                body = CASE WHEN ?2 = 'sent' AND link_url IS NOT NULL THEN replace(body, link_url, ?5) ELSE body END,
                link_url = CASE WHEN ?2 = 'sent' THEN NULL ELSE link_url END,
                link_hash = CASE WHEN ?2 = 'sent' THEN NULL ELSE link_hash END,
                link_expires_at = CASE WHEN ?2 = 'sent' THEN NULL ELSE link_expires_at END
         WHERE id = ?1",
    )
    .bind(id)
    .bind(status)
    .bind(super::now())
    .bind(error)
    .bind(LinkGone::Delivered.note())
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

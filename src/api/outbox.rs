//! Admin > Outbox: every message Orgboard sent or kept, newest first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::user_admin::Page;
use crate::error::AppError;

/// One outgoing message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OutboxMail {
    /// Id.
    pub id: i64,
    /// Recipient.
    pub to_email: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body (holds the link).
    pub body: String,
    /// When it was written.
    pub created_at: String,
    /// `kept`, `queued`, `sent` or `failed`.
    pub status: String,
}

/// Rows per page.
pub const OUTBOX_PER_PAGE: i64 = 25;

/// One page of the outbox, optionally only messages to addresses containing `to`.
#[server]
pub async fn list_outbox(to: String, page: i64) -> Result<Page<OutboxMail>, AppError> {
    use crate::server::{auth, repo::courses::escape_like};

    let (state, _admin) = auth::require_platform_admin().await?;
    let page = page.max(1);
    let pattern = format!("%{}%", escape_like(to.trim()));
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_email LIKE ?1 ESCAPE '\\'")
        .bind(&pattern)
        .fetch_one(&state.db)
        .await?;
    let items = sqlx::query_as(
        "SELECT id, to_email, subject, body, created_at, status FROM outbox
         WHERE to_email LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT ?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(OUTBOX_PER_PAGE)
    .bind(Page::<()>::offset(page, OUTBOX_PER_PAGE))
    .fetch_all(&state.db)
    .await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: OUTBOX_PER_PAGE,
    })
}

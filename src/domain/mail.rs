//! Outgoing mail as the outbox keeps it.

use serde::{Deserialize, Serialize};

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

/// Rows per page of Admin > Outbox.
pub const OUTBOX_PER_PAGE: i64 = 25;

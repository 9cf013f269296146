//! Outgoing mail. Every message is written to the `outbox` table in the transaction of the change
//! that sends it (so a rolled-back change sends nothing). Platform admins read it at
//! Admin > Outbox. SMTP delivery is not wired yet: messages stay `kept` there, and the link in
//! each is also written to the server log.

use sqlx::SqliteExecutor;

use crate::domain::ids::OrgId;

/// One message to send.
pub struct Mail<'a> {
    /// Recipient address.
    pub to: &'a str,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// The organization it is about, if any.
    pub org: Option<OrgId>,
}

/// Queues `mail` in the outbox; returns its id.
pub async fn queue(db: impl SqliteExecutor<'_>, mail: Mail<'_>) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO outbox (to_email, subject, body, organization_id, status) VALUES (?1, ?2, ?3, ?4, 'kept') RETURNING id",
    )
    .bind(mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(mail.org)
    .fetch_one(db)
    .await?;
    tracing::info!(to = %mail.to, subject = %mail.subject, outbox_id = id, "mail kept in the outbox (no SMTP delivery)");
    Ok(id)
}

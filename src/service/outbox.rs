//! Admin > Outbox: what Orgboard sent or kept, for platform admins.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::mail::{OutboxMail, OUTBOX_PER_PAGE};
use crate::domain::user_admin::Page;
use crate::error::AppError;
use crate::server::repo::outbox;

/// One page of the outbox, newest first, optionally only messages to addresses containing `to`.
pub async fn page(
    db: &SqlitePool,
    caller: &Caller,
    to: &str,
    page: i64,
) -> Result<Page<OutboxMail>, AppError> {
    caller.platform_admin(db).await?;
    // Links that expired since the last sweep leave the bodies before anyone reads them.
    outbox::retire_expired(db, &crate::server::repo::now()).await?;
    let page = page.max(1);
    let (items, total) =
        outbox::page(db, to, OUTBOX_PER_PAGE, Page::<()>::offset(page, OUTBOX_PER_PAGE)).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: OUTBOX_PER_PAGE,
    })
}

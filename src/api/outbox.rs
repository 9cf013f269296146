//! Admin > Outbox: every message Orgboard sent or kept, newest first.

use leptos::prelude::*;

pub use crate::domain::mail::OutboxMail;
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// One page of the outbox, optionally only messages to addresses containing `to`.
#[server]
pub async fn list_outbox(to: String, page: i64) -> Result<Page<OutboxMail>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::outbox::page(&state.db, &caller, &to, page).await
}

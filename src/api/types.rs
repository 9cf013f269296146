//! Admin > Seat Types and Admin > Organization Types.

use leptos::prelude::*;

use crate::domain::ids::{OrgTypeId, SeatTypeId};
use crate::domain::org_type::{OrgType, OrgTypeForm, SeatType, SeatTypeForm};
use crate::error::AppError;

/// Every seat type with its courses.
#[server]
pub async fn list_seat_types() -> Result<Vec<SeatType>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::seat_types(&state.db, &caller).await
}

/// One seat type.
#[server]
pub async fn get_seat_type(id: SeatTypeId) -> Result<SeatType, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::seat_type(&state.db, &caller, id).await
}

/// Creates a seat type (`id` empty) or rewrites one; then opens the list.
#[server]
pub async fn save_seat_type(id: String, form: SeatTypeForm) -> Result<SeatTypeId, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let id = crate::service::caller::authorized_first(parse_optional_id(&id), || async {
        caller.platform_admin(&state.db).await.map(|_| ())
    })
    .await?
    .map(SeatTypeId);
    let saved = crate::service::types::save_seat_type(&state.db, &caller, id, &form).await?;
    leptos_axum::redirect("/admin/seat-types?saved=1");
    Ok(saved)
}

/// Every organization type with its benefits and how many organizations use it.
#[server]
pub async fn list_org_types() -> Result<Vec<OrgType>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::org_types(&state.db, &caller).await
}

/// One organization type.
#[server]
pub async fn get_org_type(id: OrgTypeId) -> Result<OrgType, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::org_type(&state.db, &caller, id).await
}

/// Creates an organization type (`id` empty) or rewrites one, with its seat benefits.
#[server]
pub async fn save_org_type(id: String, form: OrgTypeForm) -> Result<OrgTypeId, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let id = crate::service::caller::authorized_first(parse_optional_id(&id), || async {
        caller.platform_admin(&state.db).await.map(|_| ())
    })
    .await?
    .map(OrgTypeId);
    let saved = crate::service::types::save_org_type(&state.db, &caller, id, &form).await?;
    leptos_axum::redirect("/admin/types?saved=1");
    Ok(saved)
}

/// Deletes an organization type nobody uses.
#[server]
pub async fn delete_org_type(id: OrgTypeId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::delete_org_type(&state.db, &caller, id).await?;
    leptos_axum::redirect("/admin/types?deleted=1");
    Ok(())
}

/// An id field that is empty for "new".
#[cfg(feature = "ssr")]
fn parse_optional_id(raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| AppError::NotFound),
    }
}

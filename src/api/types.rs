//! Admin > Seat Types and Admin > Organization Types.

use leptos::prelude::*;

use crate::domain::ids::{OrgTypeId, SeatTypeId};
use crate::domain::org_type::{OrgType, OrgTypeForm, SeatType, SeatTypeForm};
use crate::error::AppError;

/// Every seat type with its courses.
#[server]
pub async fn list_seat_types() -> Result<Vec<SeatType>, AppError> {
    use crate::server::{auth, repo::types};

    let (state, _admin) = auth::require_platform_admin().await?;
    Ok(types::list_seat_types(&state.db).await?)
}

/// One seat type.
#[server]
pub async fn get_seat_type(id: SeatTypeId) -> Result<SeatType, AppError> {
    use crate::server::{auth, repo::types};

    let (state, _admin) = auth::require_platform_admin().await?;
    types::get_seat_type(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates a seat type (`id` empty) or rewrites one; then opens the list.
#[server]
pub async fn save_seat_type(id: String, form: SeatTypeForm) -> Result<SeatTypeId, AppError> {
    use crate::server::{audit, auth, repo::types};

    let (state, admin) = auth::require_platform_admin().await?;
    let id = parse_optional_id(&id)?.map(SeatTypeId);
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = match id {
        Some(id) => Some(
            types::get_seat_type(&mut *tx, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let known = types::includable_courses(&mut *tx, id).await?;
    let input = form.validate(&known)?;
    if types::seat_type_name_taken(&mut *tx, &input.name, id).await? {
        return Err(AppError::invalid(
            "name",
            format!(
                "A seat type named {} already exists. Choose another name.",
                input.name
            ),
        ));
    }
    let saved = types::save_seat_type(&mut tx, id, &input).await?;
    let after = types::get_seat_type(&mut *tx, saved).await?;
    let actor = audit::Actor::of(&admin);
    let action = if before.is_some() {
        "seat_type.updated"
    } else {
        "seat_type.created"
    };
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, action, "seat_type", saved).changes(before.as_ref(), after.as_ref()),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/seat-types?saved=1");
    Ok(saved)
}

/// Every organization type with its benefits and how many organizations use it.
#[server]
pub async fn list_org_types() -> Result<Vec<OrgType>, AppError> {
    use crate::server::{auth, repo::types};

    let (state, _admin) = auth::require_platform_admin().await?;
    Ok(types::list_org_types(&state.db).await?)
}

/// One organization type.
#[server]
pub async fn get_org_type(id: OrgTypeId) -> Result<OrgType, AppError> {
    use crate::server::{auth, repo::types};

    let (state, _admin) = auth::require_platform_admin().await?;
    types::get_org_type(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates an organization type (`id` empty) or rewrites one, with its seat benefits.
#[server]
pub async fn save_org_type(id: String, form: OrgTypeForm) -> Result<OrgTypeId, AppError> {
    use crate::server::{audit, auth, repo::types};

    let (state, admin) = auth::require_platform_admin().await?;
    let id = parse_optional_id(&id)?.map(OrgTypeId);
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = match id {
        Some(id) => Some(
            types::get_org_type(&mut *tx, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let seat_types = types::seat_type_ids(&mut *tx).await?;
    let input = form.validate(&seat_types)?;
    if types::org_type_name_taken(&mut *tx, &input.name, id).await? {
        return Err(AppError::invalid(
            "name",
            format!(
                "An organization type named {} already exists. Choose another name.",
                input.name
            ),
        ));
    }
    let saved = types::save_org_type(&mut tx, id, &input).await?;
    let after = types::get_org_type(&mut *tx, saved).await?;
    let actor = audit::Actor::of(&admin);
    let action = if before.is_some() {
        "org_type.updated"
    } else {
        "org_type.created"
    };
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, action, "org_type", saved).changes(before.as_ref(), after.as_ref()),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/types?saved=1");
    Ok(saved)
}

/// Deletes an organization type nobody uses.
#[server]
pub async fn delete_org_type(id: OrgTypeId) -> Result<(), AppError> {
    use crate::domain::org_type::check_type_deletable;
    use crate::server::{audit, auth, repo::types};

    let (state, admin) = auth::require_platform_admin().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = types::get_org_type(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_type_deletable(&before.name, before.organizations)?;
    types::delete_org_type(&mut *tx, id).await?;
    let actor = audit::Actor::of(&admin);
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, "org_type.deleted", "org_type", id).changes(Some(&before), None),
    )
    .await?;
    tx.commit().await?;
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

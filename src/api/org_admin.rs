//! Admin > Organizations: list, create, edit, suspend, archive, delete.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::org::OrgSummary;
use crate::domain::org_admin::{OrgDetail, OrgForm, TypeDefaults};
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// Rows per page in Admin > Organizations.
pub const ORGS_PER_PAGE: i64 = 25;

/// `input` parsed by an Admin > Organizations form; when it failed, the caller is checked
/// first, so a stranger meets 401/403 before any word about the input.
#[cfg(feature = "ssr")]
async fn parsed<T>(
    db: &sqlx::SqlitePool,
    caller: &crate::service::Caller,
    input: Result<T, AppError>,
) -> Result<T, AppError> {
    crate::service::caller::authorized_first(input, || async { caller.platform_admin(db).await.map(|_| ()) })
        .await
}

/// One page of organizations matching the filters (all optional; `type_id` empty = any type).
#[server]
pub async fn search_orgs(
    search: String,
    type_id: String,
    status: String,
    sort: String,
    page: i64,
) -> Result<Page<OrgSummary>, AppError> {
    use crate::domain::ids::OrgTypeId;
    use crate::domain::org_admin::OrgSort;
    use crate::service::orgs::{self, OrgSearch};

    let (state, caller) = crate::server::auth::caller().await?;
    let type_id = match type_id.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(|id| Some(OrgTypeId(id)))
            .map_err(|_| AppError::invalid("type_id", "Choose a type from the list.")),
    };
    let type_id = parsed(&state.db, &caller, type_id).await?;
    let filter = OrgSearch {
        text: search,
        type_id,
        status,
        sort: OrgSort::parse(&sort),
    };
    let page = page.max(1);
    let offset = Page::<()>::offset(page, ORGS_PER_PAGE);
    let (items, total) = orgs::search(&state.db, &caller, &filter, ORGS_PER_PAGE, offset).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: ORGS_PER_PAGE,
    })
}

/// One organization for its admin page.
#[server]
pub async fn get_org_detail(id: OrgId) -> Result<OrgDetail, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::detail(&state.db, &caller, id).await
}

/// Creates (`id` empty) or rewrites an organization. A new owner email creates the account,
/// which gets a link to set its password.
#[server]
pub async fn save_org(id: String, form: OrgForm) -> Result<OrgId, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let id = match id.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(|n| Some(OrgId(n)))
            .map_err(|_| AppError::NotFound),
    };
    let id = parsed(&state.db, &caller, id).await?;
    let saved = crate::service::orgs::save(&state.db, &state.config, &caller, id, form)
        .await?
        .id;
    leptos_axum::redirect(&format!("/admin/organizations/{saved}?saved=1"));
    Ok(saved)
}

/// Suspends (members lose access, data kept), archives, or reactivates an organization.
/// `status`: `active`, `suspended` or `archived`.
#[server]
pub async fn set_org_status(id: OrgId, status: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let status = parsed(&state.db, &caller, status.parse()).await?;
    crate::service::orgs::set_status(&state.db, &caller, id, status).await?;
    Ok(())
}

/// Deletes an organization after its exact name was typed: memberships, departments and progress
/// go; people's accounts and teams (unassigned) stay.
#[server]
pub async fn delete_org(id: OrgId, confirm_name: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::delete(&state.db, &caller, id, &confirm_name).await?;
    leptos_axum::redirect("/admin/organizations?deleted=1");
    Ok(())
}

/// The organization types with the defaults choosing one fills in.
#[server]
pub async fn list_type_defaults() -> Result<Vec<TypeDefaults>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::defaults(&state.db, &caller).await
}

/// An organization's plan features beside its type's defaults (Admin > Organizations > Plan
/// features).
#[server]
pub async fn get_org_features(org: OrgId) -> Result<crate::domain::features::FeaturesView, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::orgs::features(&state.db, &caller, org).await
}

/// Saves an organization's plan features (ticked boxes are on).
#[server]
pub async fn save_org_features(
    org: OrgId,
    form: crate::domain::features::FeaturesForm,
) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let features = crate::domain::features::PlanFeatures::from_form(&form);
    crate::service::orgs::set_features(&state.db, &caller, org, features).await
}

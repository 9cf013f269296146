//! The Settings tab of the group dashboard.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::settings::OrgSettingsForm;
use crate::error::AppError;

/// The organization's settings as the form shows them.
#[server]
pub async fn get_org_settings(org: OrgId) -> Result<OrgSettingsForm, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::settings::get(&state.db, &caller, org).await
}

/// The join page's address, or why there is none.
#[server]
pub async fn get_join_link(org: OrgId) -> Result<crate::domain::settings::JoinLinkView, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::settings::join_link(&state.db, &state.config, &caller, org).await
}

/// Saves the settings (validated, audited with what changed).
#[server]
pub async fn save_org_settings(org: OrgId, form: OrgSettingsForm) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::settings::update(&state.db, &caller, org, |current| *current = form).await?;
    Ok(())
}

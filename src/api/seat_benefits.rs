//! Admin > Organizations > one organization: its own seat benefits (per-role seat type overrides).

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::seat_benefits::{OrgSeatBenefits, SeatBenefitsForm};
use crate::error::AppError;

/// The organization's seat benefits: its own choice and the type's, per role.
#[server]
pub async fn get_org_seat_benefits(org: OrgId) -> Result<OrgSeatBenefits, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::org_benefits(&state.db, &caller, org).await
}

/// Saves the organization's seat benefits (empty = same as the type), audited, in one transaction.
#[server]
pub async fn save_org_seat_benefits(org: OrgId, form: SeatBenefitsForm) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::types::save_org_benefits(&state.db, &caller, org, &form).await
}

//! Work on many members at once: CSV import, bulk actions on selected rows, and handing the
//! organization to a new owner.

use leptos::prelude::*;

use crate::domain::csv::ImportOutcome;
use crate::domain::ids::OrgId;
use crate::error::AppError;

/// Imports people from CSV text (`name,email,role,team`). Every row is checked first; rows
/// with an account are added, new people invited, members skipped, bad rows rejected with the
/// reason. All of it is one transaction; the whole import is refused when seats are short.
#[server]
pub async fn import_members(org: OrgId, csv: String) -> Result<Vec<ImportOutcome>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::import(&state.db, &state.config, &caller, org, &csv).await
}

pub use crate::domain::members::BulkForm;

/// Applies one action to every selected row, all or nothing; says what was done.
#[server]
pub async fn bulk_members(org: OrgId, form: BulkForm) -> Result<String, AppError> {
    use crate::domain::members::Bulk;
    let (state, caller) = crate::server::auth::caller().await?;
    let bulk = Bulk::parse(&form);
    let bulk = caller
        .parsed(&state.db, org, crate::domain::role::Action::ManageMembers, bulk)
        .await?;
    crate::service::members::bulk(&state.db, &state.config, &caller, org, &bulk).await
}

pub use crate::domain::members::OwnerCandidate;

/// The admins and managers the owner may hand the organization to.
#[server]
pub async fn list_owner_candidates(org: OrgId) -> Result<Vec<OwnerCandidate>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::owner_candidates(&state.db, &caller, org).await
}

/// Hands the organization to an admin or manager; the previous owner stays as organization
/// admin. Confirmed by typing the organization's name.
#[server]
pub async fn transfer_ownership(org: OrgId, user_id: String, confirm_name: String) -> Result<(), AppError> {
    use crate::domain::ids::UserId;
    use crate::domain::structure::optional_id;
    let (state, caller) = crate::server::auth::caller().await?;
    let target = optional_id("user_id", &user_id).and_then(|t| {
        t.map(UserId)
            .ok_or_else(|| AppError::invalid("user_id", "Choose the new owner."))
    });
    let target = caller
        .parsed(
            &state.db,
            org,
            crate::domain::role::Action::TransferOwnership,
            target,
        )
        .await?;
    crate::service::members::transfer_ownership(&state.db, &caller, org, target, &confirm_name).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

//! An organization's own settings (the Settings tab, `PATCH /orgs/{org}/settings`).

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::role::Action;
use crate::domain::settings::OrgSettingsForm;
use crate::error::AppError;
use crate::server::audit;
use crate::server::repo::orgs;

/// The settings as the form shows them.
pub async fn get(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<OrgSettingsForm, AppError> {
    caller.require(db, org, Action::ManageSettings).await?;
    Ok(orgs::settings(db, org).await?)
}

/// Changes the settings in one transaction: `change` edits the current values (the page puts
/// its whole form, the API only the fields it sent), the result is validated, saved and
/// audited with what changed; answers with the settings as saved.
pub async fn update(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    change: impl FnOnce(&mut OrgSettingsForm),
) -> Result<OrgSettingsForm, AppError> {
    let access = caller.require(db, org, Action::ManageSettings).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::settings(&mut *tx, org).await?;
    let mut form = before.clone();
    change(&mut form);
    let settings = form.validate()?;
    orgs::save_settings(&mut *tx, org, &settings).await?;
    let after = orgs::settings(&mut *tx, org).await?;
    let actor = access.actor();
    let entry = audit::Entry::new(
        &actor,
        AuditAction::OrganizationSettingsChanged,
        "organization",
        org,
    )
    .in_org(org)
    .changes(Some(&before), Some(&after));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(after)
}

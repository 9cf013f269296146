//! An organization's own settings (the Settings tab, `PATCH /orgs/{org}/settings`).

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::role::Action;
use crate::domain::settings::{JoinLinkView, OrgSettingsForm};
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

/// The organization's join page as its Settings show it: the address to hand out, or why there
/// is none (private, invite only, no self-registration in the plan).
pub async fn join_link(
    db: &SqlitePool,
    config: &crate::server::config::Config,
    caller: &Caller,
    org: OrgId,
) -> Result<JoinLinkView, AppError> {
    use crate::domain::join::no_join_page_reason;
    use crate::domain::org_type::Visibility;
    caller.require(db, org, Action::ManageSettings).await?;
    let s = crate::server::repo::join::settings_by_id(db, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let slug = crate::server::repo::members::dashboard_header(db, org)
        .await?
        .slug;
    if let Some(reason) = no_join_page_reason(s.visibility, s.membership_policy, s.allow_domain_registration)
    {
        return Ok(JoinLinkView {
            url: None,
            note: reason,
        });
    }
    let listed = s.visibility == Visibility::Public;
    let mut note = if listed {
        "Listed on the public Organizations page; anyone can also open this address.".to_string()
    } else {
        "Not listed anywhere: only people you give this address to find the join page.".to_string()
    };
    if s.clone().joinable(&crate::server::repo::now()).is_none() {
        note.push_str(" While the organization is suspended or expired, the page answers Not found.");
    }
    Ok(JoinLinkView {
        url: Some(format!("{}/join/{slug}", config.public_url)),
        note,
    })
}

/// Replaces the organization's logo with `png` (already checked and re-encoded by
/// `server::logo::reencode`); answers the new version.
pub async fn set_logo(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    png: &[u8],
    size: (u32, u32),
) -> Result<i64, AppError> {
    let access = caller.require(db, org, Action::ManageSettings).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let version = orgs::set_logo(&mut *tx, org, png, size).await?;
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, AuditAction::OrganizationLogoChanged, "organization", org)
        .in_org(org)
        .details(
            serde_json::json!({ "uploaded": { "width": size.0, "height": size.1, "bytes": png.len() } }),
        );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(version)
}

/// Removes the organization's logo (the header shows its name alone).
pub async fn remove_logo(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<(), AppError> {
    let access = caller.require(db, org, Action::ManageSettings).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if !orgs::remove_logo(&mut *tx, org).await? {
        return Err(AppError::Conflict(
            "This organization has no logo to remove.".into(),
        ));
    }
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, AuditAction::OrganizationLogoChanged, "organization", org)
        .in_org(org)
        .details(serde_json::json!({ "removed": true }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The logo's PNG, for those who may open the organization's dashboard.
pub async fn logo(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<u8>, AppError> {
    caller.require(db, org, Action::ViewDashboard).await?;
    Ok(orgs::logo(db, org).await?.ok_or(AppError::NotFound)?.0)
}

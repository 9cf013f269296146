//! The Settings tab of the group dashboard.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::settings::OrgSettingsForm;
use crate::error::AppError;

/// The organization's settings as the form shows them.
#[server]
pub async fn get_org_settings(org: OrgId) -> Result<OrgSettingsForm, AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _access) = auth::require(org, Action::ManageSettings).await?;
    let row: (String, String, String, String, String, String, String, String, String, String, String, i64) =
        sqlx::query_as(
            "SELECT name, description, website, contact_name, contact_email, contact_phone, logo_url, brand_color,
                    visibility, membership_policy, auto_join_domains, invitation_days
             FROM organizations WHERE id = ?1",
        )
        .bind(org)
        .fetch_one(&state.db)
        .await?;
    Ok(OrgSettingsForm {
        name: row.0,
        description: row.1,
        website: row.2,
        contact_name: row.3,
        contact_email: row.4,
        contact_phone: row.5,
        logo_url: row.6,
        brand_color: row.7,
        visibility: row.8,
        membership_policy: row.9,
        auto_join_domains: row.10,
        invitation_days: row.11.to_string(),
    })
}

/// Saves the settings (validated, audited with what changed).
#[server]
pub async fn save_org_settings(org: OrgId, form: OrgSettingsForm) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::server::{audit, auth};

    let (state, access) = auth::require(org, Action::ManageSettings).await?;
    let s = form.validate()?;
    let before = get_org_settings(org).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "UPDATE organizations SET name = ?2, description = ?3, website = ?4, contact_name = ?5, contact_email = ?6,
                contact_phone = ?7, logo_url = ?8, brand_color = ?9, visibility = ?10, membership_policy = ?11,
                auto_join_domains = ?12, invitation_days = ?13, updated_at = ?14
         WHERE id = ?1",
    )
    .bind(org)
    .bind(&s.name)
    .bind(&s.description)
    .bind(&s.website)
    .bind(&s.contact_name)
    .bind(&s.contact_email)
    .bind(&s.contact_phone)
    .bind(&s.logo_url)
    .bind(&s.brand_color)
    .bind(s.visibility.as_str())
    .bind(s.membership_policy.as_str())
    .bind(&s.auto_join_domains)
    .bind(s.invitation_days)
    .bind(crate::server::repo::now())
    .execute(&mut *tx)
    .await?;
    let after = OrgSettingsForm {
        name: s.name.clone(),
        description: s.description.clone(),
        website: s.website.clone(),
        contact_name: s.contact_name.clone(),
        contact_email: s.contact_email.clone(),
        contact_phone: s.contact_phone.clone(),
        logo_url: s.logo_url.clone(),
        brand_color: s.brand_color.clone(),
        visibility: s.visibility.as_str().into(),
        membership_policy: s.membership_policy.as_str().into(),
        auto_join_domains: s.auto_join_domains.clone(),
        invitation_days: s.invitation_days.to_string(),
    };
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, "organization.settings_changed", "organization", org)
        .in_org(org)
        .changes(Some(&before), Some(&after));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

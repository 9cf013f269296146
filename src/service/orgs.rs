//! Organizations as platform admins run them (Admin > Organizations, platform tokens): search,
//! read, create (with teams), change, suspend, archive, reactivate, delete.

use crate::domain::audit::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};

use super::caller::Caller;
use crate::domain::ids::{OrgId, OrgTypeId, TeamId};
use crate::domain::org::{OrgSummary, PlatformOverview, StoredStatus};
use crate::domain::org_admin::{OrgDetail, OrgForm, OrgSort};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::config::Config;
use crate::server::repo::orgs;

/// The filters of an organization search.
#[derive(Debug, Clone)]
pub struct OrgSearch {
    /// Part of the name, slug or owner email.
    pub text: String,
    /// Only this type.
    pub type_id: Option<OrgTypeId>,
    /// `active`, `suspended`, `archived`, `expired` or empty for any.
    pub status: String,
    /// Order.
    pub sort: OrgSort,
}

/// `limit` organizations matching `search` from `offset`, and how many match in all.
pub async fn search(
    db: &SqlitePool,
    caller: &Caller,
    search: &OrgSearch,
    limit: i64,
    offset: i64,
) -> Result<(Vec<OrgSummary>, i64), AppError> {
    caller.platform_admin(db).await?;
    let status = crate::domain::org_admin::parse_status_filter(&search.status)?;
    let mut conn = db.acquire().await?;
    Ok(orgs::search_admin(
        &mut conn,
        &search.text,
        search.type_id,
        status,
        search.sort,
        limit,
        offset,
    )
    .await?)
}

/// `search`, each row with its full record (the REST list).
pub async fn search_details(
    db: &SqlitePool,
    caller: &Caller,
    search: &OrgSearch,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrgDetail>, AppError> {
    caller.platform_admin(db).await?;
    let status = crate::domain::org_admin::parse_status_filter(&search.status)?;
    let mut conn = db.acquire().await?;
    let (items, _) = orgs::search_admin(
        &mut conn,
        &search.text,
        search.type_id,
        status,
        search.sort,
        limit,
        offset,
    )
    .await?;
    let mut out = Vec::new();
    for o in items {
        if let Some(d) = orgs::detail(&mut *conn, o.id).await? {
            out.push(d);
        }
    }
    Ok(out)
}

/// One organization for its admin page (platform admins).
pub async fn detail(db: &SqlitePool, caller: &Caller, id: OrgId) -> Result<OrgDetail, AppError> {
    caller.platform_admin(db).await?;
    orgs::detail(db, id).await?.ok_or(AppError::NotFound)
}

/// One organization for anyone who may open its dashboard (its own tokens, platform tokens).
pub async fn read(db: &SqlitePool, caller: &Caller, id: OrgId) -> Result<OrgDetail, AppError> {
    caller.require(db, id, Action::ViewDashboard).await?;
    orgs::detail(db, id).await?.ok_or(AppError::NotFound)
}

/// Creates (`id` none) or rewrites an organization from the admin form. A new owner email
/// creates the account, which gets a link to set its password. Answers with the record saved.
pub async fn save(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    id: Option<OrgId>,
    form: OrgForm,
) -> Result<OrgDetail, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let saved = save_in(&mut tx, config, &actor, id, form).await?;
    let detail = orgs::detail(&mut *tx, saved).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(detail)
}

/// Changes an organization: `change` edits its current admin form (the API puts only the fields
/// it sent), then it is saved as the admin page saves it, in one transaction.
pub async fn update(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    id: OrgId,
    change: impl FnOnce(&mut OrgForm),
) -> Result<OrgDetail, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let mut form = OrgForm::from(&before);
    change(&mut form);
    let saved = save_in(&mut tx, config, &actor, Some(id), form).await?;
    let detail = orgs::detail(&mut *tx, saved).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(detail)
}

/// Creates an organization and its first teams in one transaction; every team name is checked
/// before anything is written. Answers with the organization and its teams.
pub async fn create_with_teams(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    form: OrgForm,
    teams: &[String],
) -> Result<(OrgDetail, Vec<(TeamId, String)>), AppError> {
    use crate::domain::structure::structure_name;
    use crate::server::repo::structure;

    let (_, actor) = caller.platform_actor(db).await?;
    let mut names: Vec<String> = Vec::new();
    for (i, raw) in teams.iter().enumerate() {
        let name = structure_name(&format!("teams[{i}]"), "Team name", raw)?;
        if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            return Err(AppError::invalid(
                &format!("teams[{i}]"),
                format!("{name} is in the list twice. Give each team its own name."),
            ));
        }
        names.push(name);
    }
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let id = save_in(&mut tx, config, &actor, None, form).await?;
    let mut team_ids = Vec::new();
    for name in names {
        let team = structure::insert_team(&mut *tx, Some(id), None, &name).await?;
        let entry = audit::Entry::new(&actor, AuditAction::TeamCreated, "team", team)
            .in_org(id)
            .details(serde_json::json!({ "name": name, "department_id": null }));
        audit::record(&mut *tx, entry).await?;
        team_ids.push((team, name));
    }
    let detail = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok((detail, team_ids))
}

/// Creates (`id` None) or rewrites an organization inside `tx` (the caller authorized and
/// commits), with its audit row.
async fn save_in(
    tx: &mut SqliteConnection,
    config: &Config,
    actor: &Actor,
    id: Option<OrgId>,
    form: OrgForm,
) -> Result<OrgId, AppError> {
    use crate::domain::org_admin::{check_seat_count, slugify, unique_slug};
    use crate::server::invitations;
    use crate::server::repo::{memberships, types};

    let today = crate::server::repo::today();
    let before = match id {
        Some(id) => Some(orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    let type_ids: Vec<_> = types::list_org_types(&mut *tx)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    // An unchanged expiry in the past (an expired organization being edited) stays allowed.
    let mut form = form;
    let keep_past_expiry = before
        .as_ref()
        .and_then(|b| b.expires_at.as_deref())
        .is_some_and(|e| crate::domain::format::date(e) == form.expires_at.trim());
    let kept_expiry = keep_past_expiry
        .then(|| before.as_ref().and_then(|b| b.expires_at.clone()))
        .flatten();
    if keep_past_expiry {
        form.expires_at = String::new();
    }
    let mut input = form.validate(&type_ids, &today)?;
    if keep_past_expiry {
        input.expires_at = kept_expiry;
    }

    let known = crate::server::repo::users::find_by_email(&mut *tx, &input.owner_email)
        .await?
        .is_some();
    if !known && input.owner_name.is_none() {
        return Err(AppError::invalid(
            "owner_name",
            format!(
                "{} has no account yet. Enter the owner's name to invite them.",
                input.owner_email
            ),
        ));
    }
    let name_if_new = input.owner_name.clone().unwrap_or_default();
    let claimed = super::accounts::claim(tx, actor, &input.owner_email, &name_if_new).await?;
    let (owner, new_owner) = (claimed.id, claimed.needs_link());

    let saved = match id {
        Some(id) => {
            let in_use = orgs::seats_used(&mut *tx, id).await?;
            let owner_changes = before
                .as_ref()
                .is_some_and(|b| b.owner_email != input.owner_email);
            let extra = i64::from(owner_changes && !memberships::holds_seat(&mut *tx, id, owner).await?);
            check_seat_count(input.seat_count, in_use + extra)?;
            orgs::update(&mut *tx, id, &input, owner).await?;
            id
        }
        None => {
            // The owner takes the first seat.
            check_seat_count(input.seat_count, 1).map_err(|_| {
                AppError::invalid(
                    "seat_count",
                    "The owner takes one seat: enter a seat count of 1 or more.",
                )
            })?;
            let base = slugify(&input.name);
            let slug = unique_slug(&base, &orgs::slugs_like(&mut *tx, &base).await?);
            orgs::insert(&mut *tx, &input, &slug, owner).await?
        }
    };
    memberships::set_owner(&mut *tx, saved, owner).await?;
    if new_owner {
        invitations::invite_new_account(&mut *tx, config, actor, owner, Some(saved)).await?;
    }
    let after = orgs::detail(&mut *tx, saved).await?;
    let action = if before.is_some() {
        AuditAction::OrganizationUpdated
    } else {
        AuditAction::OrganizationCreated
    };
    let entry = audit::Entry::new(actor, action, "organization", saved)
        .in_org(saved)
        .changes(before.as_ref(), after.as_ref());
    audit::record(&mut *tx, entry).await?;
    Ok(saved)
}

/// Suspends (members lose access, data kept), archives, or reactivates an organization;
/// answers with its record after the change.
pub async fn set_status(
    db: &SqlitePool,
    caller: &Caller,
    id: OrgId,
    status: StoredStatus,
) -> Result<OrgDetail, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    orgs::set_status(&mut *tx, id, status).await?;
    let action = match status {
        StoredStatus::Active => AuditAction::OrganizationActive,
        StoredStatus::Suspended => AuditAction::OrganizationSuspended,
        StoredStatus::Archived => AuditAction::OrganizationArchived,
    };
    let entry = audit::Entry::new(&actor, action, "organization", id)
        .in_org(id)
        .details(serde_json::json!({ "status": [before.stored_status, status.as_str()] }));
    audit::record(&mut *tx, entry).await?;
    let after = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(after)
}

/// An organization's plan features beside its type's defaults (platform admins).
pub async fn features(
    db: &SqlitePool,
    caller: &Caller,
    id: OrgId,
) -> Result<crate::domain::features::FeaturesView, AppError> {
    caller.platform_admin(db).await?;
    let org = orgs::features(db, id).await?.ok_or(AppError::NotFound)?;
    Ok(crate::domain::features::FeaturesView {
        org,
        type_defaults: orgs::type_features(db, id).await?,
    })
}

/// Changes an organization's plan features (platform admins), audited with what changed.
pub async fn set_features(
    db: &SqlitePool,
    caller: &Caller,
    id: OrgId,
    features: crate::domain::features::PlanFeatures,
) -> Result<(), AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::features(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    orgs::set_features(&mut *tx, id, &features).await?;
    let entry = audit::Entry::new(
        &actor,
        AuditAction::OrganizationFeaturesChanged,
        "organization",
        id,
    )
    .in_org(id)
    .changes(Some(&before), Some(&features));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an organization after its exact name was typed: memberships, departments and
/// progress go; people's accounts and teams (unassigned) stay.
pub async fn delete(db: &SqlitePool, caller: &Caller, id: OrgId, confirm_name: &str) -> Result<(), AppError> {
    use crate::domain::org_admin::check_delete_confirmation;

    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    check_delete_confirmation(&before.name, confirm_name)?;
    orgs::delete(&mut *tx, id).await?;
    let entry = audit::Entry::new(&actor, AuditAction::OrganizationDeleted, "organization", id)
        .in_org(id)
        .details(
            serde_json::json!({ "name": before.name, "slug": before.slug, "seats_used": before.seats_used }),
        );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Platform totals and the first organizations (Admin, platform admins only).
pub async fn overview(db: &SqlitePool, caller: &Caller) -> Result<PlatformOverview, AppError> {
    caller.platform_admin(db).await?;
    let (organizations, users, courses, organization_types) = orgs::platform_counts(db).await?;
    let recent = orgs::list_all(db, 50).await?;
    Ok(PlatformOverview {
        organizations,
        users,
        courses,
        organization_types,
        recent,
    })
}

/// The organizations the signed-in person manages (every organization for platform admins).
pub async fn managed(db: &SqlitePool, caller: &Caller) -> Result<Vec<OrgSummary>, AppError> {
    let user = caller.person()?;
    if user.is_platform_admin {
        return Ok(orgs::list_all(db, 500).await?);
    }
    Ok(orgs::list_for_user(db, user.id, true).await?)
}

/// Every organization the signed-in person belongs to, with their role.
pub async fn mine(db: &SqlitePool, caller: &Caller) -> Result<Vec<OrgSummary>, AppError> {
    let user = caller.person()?;
    Ok(orgs::list_for_user(db, user.id, false).await?)
}

//! Seat types, organization types (templates with per-role seat benefits) and an
//! organization's own seat benefits: platform admins only.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::{OrgId, OrgTypeId, SeatTypeId};
use crate::domain::org_admin::TypeDefaults;
use crate::domain::org_type::{
    check_type_deletable, BenefitRole, OrgType, OrgTypeForm, SeatType, SeatTypeForm,
};
use crate::domain::seat_benefits::{BenefitLine, OrgSeatBenefits, SeatBenefitsForm};
use crate::error::AppError;
use crate::server::audit::{self, Entry};
use crate::server::repo::{orgs, types};

/// Every seat type with its courses.
pub async fn seat_types(db: &SqlitePool, caller: &Caller) -> Result<Vec<SeatType>, AppError> {
    caller.platform_admin(db).await?;
    Ok(types::list_seat_types(db).await?)
}

/// One seat type.
pub async fn seat_type(db: &SqlitePool, caller: &Caller, id: SeatTypeId) -> Result<SeatType, AppError> {
    caller.platform_admin(db).await?;
    types::get_seat_type(db, id).await?.ok_or(AppError::NotFound)
}

/// Creates a seat type (`id` none) or rewrites one; answers its id.
pub async fn save_seat_type(
    db: &SqlitePool,
    caller: &Caller,
    id: Option<SeatTypeId>,
    form: &SeatTypeForm,
) -> Result<SeatTypeId, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
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
    let action = if before.is_some() {
        AuditAction::SeatTypeUpdated
    } else {
        AuditAction::SeatTypeCreated
    };
    audit::record(
        &mut *tx,
        Entry::new(&actor, action, "seat_type", saved).changes(before.as_ref(), after.as_ref()),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Every organization type with its benefits and how many organizations use it.
pub async fn org_types(db: &SqlitePool, caller: &Caller) -> Result<Vec<OrgType>, AppError> {
    caller.platform_admin(db).await?;
    Ok(types::list_org_types(db).await?)
}

/// One organization type.
pub async fn org_type(db: &SqlitePool, caller: &Caller, id: OrgTypeId) -> Result<OrgType, AppError> {
    caller.platform_admin(db).await?;
    types::get_org_type(db, id).await?.ok_or(AppError::NotFound)
}

/// Creates an organization type (`id` none) or rewrites one, with its seat benefits.
pub async fn save_org_type(
    db: &SqlitePool,
    caller: &Caller,
    id: Option<OrgTypeId>,
    form: &OrgTypeForm,
) -> Result<OrgTypeId, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
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
    let action = if before.is_some() {
        AuditAction::OrgTypeUpdated
    } else {
        AuditAction::OrgTypeCreated
    };
    audit::record(
        &mut *tx,
        Entry::new(&actor, action, "org_type", saved).changes(before.as_ref(), after.as_ref()),
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Deletes an organization type nobody uses.
pub async fn delete_org_type(db: &SqlitePool, caller: &Caller, id: OrgTypeId) -> Result<(), AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = types::get_org_type(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_type_deletable(&before.name, before.organizations)?;
    types::delete_org_type(&mut *tx, id).await?;
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::OrgTypeDeleted, "org_type", id).changes(Some(&before), None),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The organization's seat benefits: its own choice and its type's, per role.
pub async fn org_benefits(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<OrgSeatBenefits, AppError> {
    caller.platform_admin(db).await?;
    if !orgs::exists(db, org).await? {
        return Err(AppError::NotFound);
    }
    let seat_types = types::seat_type_names(db).await?;
    let mut lines = Vec::new();
    for role in BenefitRole::ALL.iter().copied() {
        let (own, from_type) = types::org_benefit(db, org, role).await?;
        lines.push(BenefitLine { role, own, from_type });
    }
    Ok(OrgSeatBenefits { lines, seat_types })
}

/// Saves the organization's seat benefits (empty = same as the type).
pub async fn save_org_benefits(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    form: &SeatBenefitsForm,
) -> Result<(), AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let existing = types::seat_type_ids(&mut *tx).await?;
    let chosen = form.validate(&existing)?;
    if !orgs::exists(&mut *tx, org).await? {
        return Err(AppError::NotFound);
    }
    let before = types::org_benefits(&mut *tx, org).await?;
    types::set_org_benefits(&mut tx, org, &chosen).await?;
    let pairs = |v: &[(BenefitRole, SeatTypeId)]| -> Vec<(String, i64)> {
        v.iter().map(|(r, s)| (r.as_str().to_string(), s.0)).collect()
    };
    let entry = Entry::new(
        &actor,
        AuditAction::OrganizationSeatBenefitsChanged,
        "organization",
        org.0,
    )
    .in_org(org)
    .details(serde_json::json!({ "before": pairs(&before), "after": pairs(&chosen) }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The organization types with the defaults choosing one fills in on the organization form.
pub async fn defaults(db: &SqlitePool, caller: &Caller) -> Result<Vec<TypeDefaults>, AppError> {
    caller.platform_admin(db).await?;
    let today = chrono::Utc::now().date_naive();
    Ok(types::list_org_types(db)
        .await?
        .into_iter()
        .map(|t| TypeDefaults {
            id: t.id,
            name: t.name,
            visibility: t.visibility,
            membership_policy: t.membership_policy,
            expires_on: t
                .expiry_days
                .map(|d| (today + chrono::Duration::days(d)).format("%Y-%m-%d").to_string()),
        })
        .collect())
}

//! Admin > Organizations: list, create, edit, suspend, archive, delete.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::org::OrgSummary;
use crate::domain::org_admin::{OrgDetail, OrgForm, TypeDefaults};
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// Rows per page in Admin > Organizations.
pub const ORGS_PER_PAGE: i64 = 25;

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
    use crate::domain::org_admin::{parse_status_filter, OrgSort};
    use crate::server::{auth, repo::orgs};

    let (state, _admin) = auth::require_platform_admin().await?;
    let status = parse_status_filter(&status)?;
    let type_id = match type_id.trim() {
        "" => None,
        raw => Some(OrgTypeId(raw.parse().map_err(|_| {
            AppError::invalid("type_id", "Choose a type from the list.")
        })?)),
    };
    let page = page.max(1);
    let mut conn = state.db.acquire().await?;
    let (items, total) = orgs::search_admin(
        &mut conn,
        &search,
        type_id,
        status,
        OrgSort::parse(&sort),
        ORGS_PER_PAGE,
        Page::<()>::offset(page, ORGS_PER_PAGE),
    )
    .await?;
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
    use crate::server::{auth, repo::orgs};

    let (state, _admin) = auth::require_platform_admin().await?;
    orgs::detail(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Creates (`id` empty) or rewrites an organization. A new owner email creates the account,
/// which gets a link to set its password.
#[server]
pub async fn save_org(id: String, form: OrgForm) -> Result<OrgId, AppError> {
    use crate::server::{audit, auth};

    let (state, admin) = auth::require_platform_admin().await?;
    let id = match id.trim() {
        "" => None,
        raw => Some(OrgId(raw.parse().map_err(|_| AppError::NotFound)?)),
    };
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let saved = support::save_in(&mut tx, &audit::Actor::of(&admin), id, form).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/admin/organizations/{saved}?saved=1"));
    Ok(saved)
}

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use sqlx::SqliteConnection;

    use crate::domain::ids::OrgId;
    use crate::domain::org_admin::OrgForm;
    use crate::error::AppError;
    use crate::server::audit::{self, Actor};

    /// Creates (`id` None) or rewrites an organization inside `tx` (the caller authorized and
    /// commits), with its audit row. Shared by Admin > Organizations and the REST API.
    pub async fn save_in(
        tx: &mut SqliteConnection,
        actor: &Actor,
        id: Option<OrgId>,
        form: OrgForm,
    ) -> Result<OrgId, AppError> {
        use crate::domain::org_admin::{check_seat_count, slugify, unique_slug};
        use crate::server::invitations;
        use crate::server::repo::{memberships, orgs, types, users};

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

        let (owner, new_owner) = match users::find_by_email(&mut *tx, &input.owner_email).await? {
            Some(u) => (u.id, false),
            None => {
                let Some(name) = input.owner_name.clone() else {
                    return Err(AppError::invalid(
                        "owner_name",
                        format!(
                            "{} has no account yet. Enter the owner's name to invite them.",
                            input.owner_email
                        ),
                    ));
                };
                (
                    users::insert(&mut *tx, &input.owner_email, &name, None, false).await?,
                    true,
                )
            }
        };

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
            invitations::invite_new_account(&mut *tx, actor, owner, Some(saved)).await?;
        }
        let after = orgs::detail(&mut *tx, saved).await?;
        let action = if before.is_some() {
            "organization.updated"
        } else {
            "organization.created"
        };
        let entry = audit::Entry::new(actor, action, "organization", saved)
            .in_org(saved)
            .changes(before.as_ref(), after.as_ref());
        audit::record(&mut *tx, entry).await?;
        Ok(saved)
    }
}

/// Suspends (members lose access, data kept), archives, or reactivates an organization.
/// `status`: `active`, `suspended` or `archived`.
#[server]
pub async fn set_org_status(id: OrgId, status: String) -> Result<(), AppError> {
    use crate::server::{audit, auth, repo::orgs};

    let (state, admin) = auth::require_platform_admin().await?;
    if !["active", "suspended", "archived"].contains(&status.as_str()) {
        return Err(AppError::invalid(
            "status",
            "Choose active, suspended or archived.",
        ));
    }
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    orgs::set_status(&mut *tx, id, &status).await?;
    let actor = audit::Actor::of(&admin);
    let action = format!("organization.{status}");
    let entry = audit::Entry::new(&actor, &action, "organization", id)
        .in_org(id)
        .details(serde_json::json!({ "status": [before.stored_status, status] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an organization after its exact name was typed: memberships, departments and progress
/// go; people's accounts and teams (unassigned) stay.
#[server]
pub async fn delete_org(id: OrgId, confirm_name: String) -> Result<(), AppError> {
    use crate::domain::org_admin::check_delete_confirmation;
    use crate::server::{audit, auth, repo::orgs};

    let (state, admin) = auth::require_platform_admin().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = orgs::detail(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    check_delete_confirmation(&before.name, &confirm_name)?;
    orgs::delete(&mut *tx, id).await?;
    let actor = audit::Actor::of(&admin);
    let entry = audit::Entry::new(&actor, "organization.deleted", "organization", id)
        .in_org(id)
        .details(
            serde_json::json!({ "name": before.name, "slug": before.slug, "seats_used": before.seats_used }),
        );
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    leptos_axum::redirect("/admin/organizations?deleted=1");
    Ok(())
}

/// The organization types with the defaults choosing one fills in.
#[server]
pub async fn list_type_defaults() -> Result<Vec<TypeDefaults>, AppError> {
    use crate::server::{auth, repo::types};

    let (state, _admin) = auth::require_platform_admin().await?;
    let today = chrono::Utc::now().date_naive();
    Ok(types::list_org_types(&state.db)
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

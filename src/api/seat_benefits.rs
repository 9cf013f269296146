//! Admin > Organizations > one organization: its own seat benefits (per-role seat type overrides).

use leptos::prelude::*;

use crate::domain::ids::OrgId;
use crate::domain::seat_benefits::{OrgSeatBenefits, SeatBenefitsForm};
use crate::error::AppError;

/// The organization's seat benefits: its own choice and the type's, per role.
#[server]
pub async fn get_org_seat_benefits(org: OrgId) -> Result<OrgSeatBenefits, AppError> {
    use crate::domain::ids::SeatTypeId;
    use crate::domain::org_type::BenefitRole;
    use crate::domain::seat_benefits::BenefitLine;
    use crate::server::auth;

    let (state, _admin) = auth::require_platform_admin().await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)")
        .bind(org)
        .fetch_one(&state.db)
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    let seat_types: Vec<(SeatTypeId, String)> =
        sqlx::query_as("SELECT id, name FROM seat_types ORDER BY name COLLATE NOCASE")
            .fetch_all(&state.db)
            .await?;
    let mut lines = Vec::new();
    for role in BenefitRole::ALL.iter().copied() {
        let (own, from_type): (Option<SeatTypeId>, Option<String>) = sqlx::query_as(
            "SELECT (SELECT seat_type_id FROM org_seat_benefits WHERE organization_id = ?1 AND role = ?2),
                    (SELECT s.name FROM seat_types s WHERE s.id = coalesce(
                        (SELECT b.seat_type_id FROM type_seat_benefits b JOIN organizations o ON o.type_id = b.type_id
                          WHERE o.id = ?1 AND b.role = ?2),
                        (SELECT t.default_seat_type_id FROM organization_types t JOIN organizations o ON o.type_id = t.id
                          WHERE o.id = ?1)))",
        )
        .bind(org)
        .bind(role.as_str())
        .fetch_one(&state.db)
        .await?;
        lines.push(BenefitLine { role, own, from_type });
    }
    Ok(OrgSeatBenefits { lines, seat_types })
}

/// Saves the organization's seat benefits (empty = same as the type), audited, in one transaction.
#[server]
pub async fn save_org_seat_benefits(org: OrgId, form: SeatBenefitsForm) -> Result<(), AppError> {
    use crate::domain::ids::SeatTypeId;
    use crate::server::audit::{self, Actor};
    use crate::server::auth;

    let (state, admin) = auth::require_platform_admin().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let existing: Vec<SeatTypeId> = sqlx::query_scalar("SELECT id FROM seat_types")
        .fetch_all(&mut *tx)
        .await?;
    let chosen = form.validate(&existing)?;
    let before: Vec<(String, i64)> = sqlx::query_as(
        "SELECT role, seat_type_id FROM org_seat_benefits WHERE organization_id = ?1 ORDER BY role",
    )
    .bind(org)
    .fetch_all(&mut *tx)
    .await?;
    let found = sqlx::query("UPDATE organizations SET updated_at = updated_at WHERE id = ?1")
        .bind(org)
        .execute(&mut *tx)
        .await?;
    if found.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM org_seat_benefits WHERE organization_id = ?1")
        .bind(org)
        .execute(&mut *tx)
        .await?;
    for (role, seat) in &chosen {
        sqlx::query(
            "INSERT INTO org_seat_benefits (organization_id, role, seat_type_id) VALUES (?1, ?2, ?3)",
        )
        .bind(org)
        .bind(role.as_str())
        .bind(seat)
        .execute(&mut *tx)
        .await?;
    }
    let after: Vec<(String, i64)> = chosen
        .iter()
        .map(|(r, s)| (r.as_str().to_string(), s.0))
        .collect();
    let actor = Actor::of(&admin);
    let entry = audit::Entry::new(
        &actor,
        "organization.seat_benefits_changed",
        "organization",
        org.0,
    )
    .in_org(org)
    .details(serde_json::json!({ "before": before, "after": after }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

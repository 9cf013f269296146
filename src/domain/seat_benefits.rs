//! An organization's own seat benefits: per role, the seat type its members receive, overriding
//! the organization type's choice. "Same as the type" means no override.

use serde::{Deserialize, Serialize};

use super::ids::SeatTypeId;
use super::org_type::BenefitRole;
use crate::error::AppError;

/// One role's line on the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitLine {
    /// The role.
    pub role: BenefitRole,
    /// The organization's own choice, if any.
    pub own: Option<SeatTypeId>,
    /// What the type gives this role (its benefit, else its default seat type), by name.
    pub from_type: Option<String>,
}

/// The seat benefits section of an organization's admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSeatBenefits {
    /// One line per role: owner, manager, member.
    pub lines: Vec<BenefitLine>,
    /// Every seat type: id and name.
    pub seat_types: Vec<(SeatTypeId, String)>,
}

/// The form: a seat type id per role, or empty for "same as the type".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeatBenefitsForm {
    /// Owner's seat type.
    pub owner: String,
    /// Managers' seat type (organization admins, department admins and managers).
    pub manager: String,
    /// Members' seat type.
    pub member: String,
}

impl SeatBenefitsForm {
    /// The overrides chosen, checked against the seat types that exist.
    pub fn validate(&self, existing: &[SeatTypeId]) -> Result<Vec<(BenefitRole, SeatTypeId)>, AppError> {
        let mut out = Vec::new();
        for (role, raw) in [
            (BenefitRole::Owner, &self.owner),
            (BenefitRole::Manager, &self.manager),
            (BenefitRole::Member, &self.member),
        ] {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let id = raw
                .parse::<i64>()
                .ok()
                .map(SeatTypeId)
                .filter(|id| existing.contains(id))
                .ok_or_else(|| AppError::invalid(role.as_str(), "Choose a seat type from the list."))?;
            out.push((role, id));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_means_same_as_the_type_and_unknown_ids_are_refused() {
        let existing = [SeatTypeId(1), SeatTypeId(2)];
        let f = SeatBenefitsForm {
            owner: "2".into(),
            manager: String::new(),
            member: " 1 ".into(),
        };
        assert_eq!(
            f.validate(&existing).unwrap(),
            vec![
                (BenefitRole::Owner, SeatTypeId(2)),
                (BenefitRole::Member, SeatTypeId(1))
            ]
        );
        let bad = SeatBenefitsForm {
            manager: "9".into(),
            ..SeatBenefitsForm::default()
        };
        match bad.validate(&existing) {
            Err(AppError::Invalid { field, .. }) => assert_eq!(field, "manager"),
            other => panic!("{other:?}"),
        }
    }
}

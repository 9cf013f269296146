//! Organization types (templates) and seat types: the defaults an organization starts with and
//! which bundle of courses each role's seat brings.

use serde::{Deserialize, Serialize};

use super::ids::{CourseId, OrgTypeId, SeatTypeId};
use super::validate;
use crate::error::AppError;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $stored:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vdoc])* $variant,)* }

        impl $name {
            /// Every value, in the order forms list them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stored and form value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored,)* }
            }

            /// For people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }

            /// Parses the stored or form value.
            pub fn parse(raw: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == raw)
            }

            /// (value, label) pairs for a select.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL.iter().map(|v| (v.as_str().to_string(), v.label().to_string())).collect()
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();

            fn from_str(raw: &str) -> Result<Self, ()> {
                Self::parse(raw).ok_or(())
            }
        }
    };
}

choice!(
    /// Who can find an organization.
    Visibility {
        /// Listed on `/organizations`, with a join page.
        Public = "public", "Public: listed, with a join page";
        /// Not listed and no join page: invitations only.
        Private = "private", "Private: invitations only";
        /// Not listed; its join page is reachable by its address only.
        Hidden = "hidden", "Hidden: join page by its address only";
    }
);

choice!(
    /// How people join an organization.
    MembershipPolicy {
        /// Any signed-in person with a confirmed address joins at once (from the auto-join
        /// domains when any are set).
        Open = "open", "Open";
        /// Requests wait for an admin's approval.
        Approval = "approval", "Approval required";
        /// Only invited people join.
        InviteOnly = "invite_only", "Invite only";
    }
);

choice!(
    /// The roles that receive a seat benefit.
    BenefitRole {
        /// The organization's owner.
        Owner = "owner", "Owner";
        /// Managers (team leaders).
        Manager = "manager", "Manager";
        /// Members (learners).
        Member = "member", "Member";
    }
);

impl BenefitRole {
    /// The benefit a member's role receives: owners their own, every role that manages people
    /// (organization admin, department admin, manager) the managers', learners the members'.
    pub fn of(role: super::role::Role) -> BenefitRole {
        use super::role::Role;
        match role {
            Role::Owner => BenefitRole::Owner,
            Role::OrgAdmin | Role::DepartmentAdmin | Role::Manager => BenefitRole::Manager,
            Role::Member => BenefitRole::Member,
        }
    }
}

/// A seat type: a named bundle of catalog courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatType {
    /// Id.
    pub id: SeatTypeId,
    /// Unique name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The courses it grants.
    pub courses: Vec<CourseId>,
}

/// An organization type, as the admin pages and the API see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgType {
    /// Id.
    pub id: OrgTypeId,
    /// Unique name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Default visibility of its organizations.
    pub visibility: Visibility,
    /// Default membership policy.
    pub membership_policy: MembershipPolicy,
    /// Whether people may self-register by email domain.
    pub allow_domain_registration: bool,
    /// Organizations expire this many days after creation; `None`: never.
    pub expiry_days: Option<i64>,
    /// Reports enabled.
    pub feature_reports: bool,
    /// CSV export enabled.
    pub feature_csv_export: bool,
    /// API access enabled.
    pub feature_api: bool,
    /// The seat type a seat gets when no role benefit applies.
    pub default_seat_type: Option<SeatTypeId>,
    /// Per role: the seat type it receives (absent: the default seat type).
    pub benefits: Vec<(BenefitRole, SeatTypeId)>,
    /// What owners and organization admins add themselves; beyond it, a seat request.
    pub owner_seats: super::seats::OwnerSeats,
    /// How many organizations use this type.
    pub organizations: i64,
}

impl OrgType {
    /// The seat type a role receives: its benefit, else the default.
    pub fn seat_type_for(&self, role: BenefitRole) -> Option<SeatTypeId> {
        self.benefits
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, s)| *s)
            .or(self.default_seat_type)
    }
}

/// The organization type form as submitted (all three tabs). Unticked checkboxes are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgTypeForm {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Visibility value.
    pub visibility: String,
    /// Default seat type id, or empty for none.
    pub default_seat_type: String,
    /// Membership policy value.
    pub membership_policy: String,
    /// Checkbox: present when ticked.
    pub allow_domain_registration: bool,
    /// "never" or "days".
    pub expiry: String,
    /// Days, when `expiry` is "days".
    pub expiry_days: String,
    /// Checkbox.
    pub feature_reports: bool,
    /// Checkbox.
    pub feature_csv_export: bool,
    /// Checkbox.
    pub feature_api: bool,
    /// Seat type id for owners, or empty.
    pub benefit_owner: String,
    /// Seat type id for managers, or empty.
    pub benefit_manager: String,
    /// Seat type id for members, or empty.
    pub benefit_member: String,
    /// `any`, `cap` or `request`.
    pub owner_seats: String,
    /// The seat total owners may reach, when `owner_seats` is `cap`.
    pub owner_seat_cap: String,
}

/// A validated organization type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgTypeInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Visibility.
    pub visibility: Visibility,
    /// Default seat type.
    pub default_seat_type: Option<SeatTypeId>,
    /// Membership policy.
    pub membership_policy: MembershipPolicy,
    /// Self-registration by email domain.
    pub allow_domain_registration: bool,
    /// Expiry in days after creation.
    pub expiry_days: Option<i64>,
    /// Reports.
    pub feature_reports: bool,
    /// CSV export.
    pub feature_csv_export: bool,
    /// API access.
    pub feature_api: bool,
    /// Seat benefits per role.
    pub benefits: Vec<(BenefitRole, SeatTypeId)>,
    /// What owners add themselves.
    pub owner_seats: super::seats::OwnerSeats,
}

fn seat_type_choice(field: &str, raw: &str, known: &[SeatTypeId]) -> Result<Option<SeatTypeId>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let id = raw
        .parse::<i64>()
        .ok()
        .map(SeatTypeId)
        .filter(|id| known.contains(id));
    id.map(Some)
        .ok_or_else(|| AppError::invalid(field, "Choose a seat type from the list."))
}

impl OrgTypeForm {
    /// Checks every tab's fields; `seat_types` are the seat types that exist.
    pub fn validate(&self, seat_types: &[SeatTypeId]) -> Result<OrgTypeInput, AppError> {
        let name = validate::text("name", "a name", &self.name, 120, true)?;
        let description = validate::text("description", "a description", &self.description, 2000, false)?;
        let visibility = Visibility::parse(&self.visibility)
            .ok_or_else(|| AppError::invalid("visibility", "Choose public, private or hidden."))?;
        let membership_policy = MembershipPolicy::parse(&self.membership_policy).ok_or_else(|| {
            AppError::invalid("membership_policy", "Choose a membership policy from the list.")
        })?;
        let expiry_days = match self.expiry.as_str() {
            "" | "never" => None,
            "days" => Some(validate::whole_number(
                "expiry_days",
                "the number of days",
                &self.expiry_days,
                1,
                3650,
            )?),
            _ => return Err(AppError::invalid("expiry", "Choose never, or a number of days.")),
        };
        let owner_seats = match self.owner_seats.trim() {
            "" | "any" => super::seats::OwnerSeats::Any,
            "request" => super::seats::OwnerSeats::Request,
            "cap" => super::seats::OwnerSeats::UpTo(validate::whole_number(
                "owner_seat_cap",
                "the seat total owners may reach",
                &self.owner_seat_cap,
                0,
                1_000_000,
            )?),
            _ => {
                return Err(AppError::invalid(
                    "owner_seats",
                    "Choose how owners add seats from the list.",
                ))
            }
        };
        let mut benefits = Vec::new();
        for (role, raw, field) in [
            (BenefitRole::Owner, &self.benefit_owner, "benefit_owner"),
            (BenefitRole::Manager, &self.benefit_manager, "benefit_manager"),
            (BenefitRole::Member, &self.benefit_member, "benefit_member"),
        ] {
            if let Some(id) = seat_type_choice(field, raw, seat_types)? {
                benefits.push((role, id));
            }
        }
        Ok(OrgTypeInput {
            name,
            description,
            visibility,
            default_seat_type: seat_type_choice("default_seat_type", &self.default_seat_type, seat_types)?,
            membership_policy,
            allow_domain_registration: self.allow_domain_registration,
            expiry_days,
            feature_reports: self.feature_reports,
            feature_csv_export: self.feature_csv_export,
            feature_api: self.feature_api,
            benefits,
            owner_seats,
        })
    }
}

impl From<&OrgType> for OrgTypeForm {
    fn from(t: &OrgType) -> Self {
        let benefit = |role| {
            t.benefits
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, s)| s.to_string())
                .unwrap_or_default()
        };
        OrgTypeForm {
            name: t.name.clone(),
            description: t.description.clone(),
            visibility: t.visibility.as_str().into(),
            default_seat_type: t.default_seat_type.map(|s| s.to_string()).unwrap_or_default(),
            membership_policy: t.membership_policy.as_str().into(),
            allow_domain_registration: t.allow_domain_registration,
            expiry: if t.expiry_days.is_some() { "days" } else { "never" }.into(),
            expiry_days: t.expiry_days.map(|d| d.to_string()).unwrap_or_default(),
            feature_reports: t.feature_reports,
            feature_csv_export: t.feature_csv_export,
            feature_api: t.feature_api,
            benefit_owner: benefit(BenefitRole::Owner),
            benefit_manager: benefit(BenefitRole::Manager),
            benefit_member: benefit(BenefitRole::Member),
            owner_seats: t.owner_seats.as_str().into(),
            owner_seat_cap: t.owner_seats.cap().map(|c| c.to_string()).unwrap_or_default(),
        }
    }
}

/// A type in use cannot be deleted; the message says how many organizations use it.
pub fn check_type_deletable(name: &str, organizations: i64) -> Result<(), AppError> {
    match organizations {
        0 => Ok(()),
        1 => Err(AppError::Conflict(format!(
            "The type {name} cannot be deleted: 1 organization uses it. Move that organization to another type first."
        ))),
        n => Err(AppError::Conflict(format!(
            "The type {name} cannot be deleted: {n} organizations use it. Move them to another type first."
        ))),
    }
}

/// The seat type form as submitted (no ticked course: no `courses`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeatTypeForm {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Ticked course ids.
    pub courses: Vec<i64>,
}

/// A validated seat type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatTypeInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Distinct courses, ascending.
    pub courses: Vec<CourseId>,
}

impl SeatTypeForm {
    /// Checks the fields; `known` are the courses that may be included.
    pub fn validate(&self, known: &[CourseId]) -> Result<SeatTypeInput, AppError> {
        let name = validate::text("name", "a name", &self.name, 120, true)?;
        let description = validate::text("description", "a description", &self.description, 2000, false)?;
        let mut courses: Vec<CourseId> = self.courses.iter().copied().map(CourseId).collect();
        courses.sort();
        courses.dedup();
        if let Some(bad) = courses.iter().find(|c| !known.contains(c)) {
            return Err(AppError::invalid(
                "courses",
                format!("Course {bad} does not exist. Choose courses from the list."),
            ));
        }
        Ok(SeatTypeInput {
            name,
            description,
            courses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> OrgTypeForm {
        OrgTypeForm {
            name: " Enterprise ".into(),
            visibility: "private".into(),
            membership_policy: "invite_only".into(),
            expiry: "days".into(),
            expiry_days: "365".into(),
            feature_reports: true,
            benefit_owner: "2".into(),
            benefit_member: "1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_type_form_is_checked_tab_by_tab() {
        let known = [SeatTypeId(1), SeatTypeId(2)];
        let input = form().validate(&known).unwrap();
        assert_eq!(input.name, "Enterprise");
        assert_eq!(input.expiry_days, Some(365));
        assert_eq!(
            input.benefits,
            vec![
                (BenefitRole::Owner, SeatTypeId(2)),
                (BenefitRole::Member, SeatTypeId(1))
            ]
        );

        let field_of = |f: OrgTypeForm| match f.validate(&known) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field_of(OrgTypeForm {
                name: "".into(),
                ..form()
            }),
            "name"
        );
        assert_eq!(
            field_of(OrgTypeForm {
                visibility: "secret".into(),
                ..form()
            }),
            "visibility"
        );
        assert_eq!(
            field_of(OrgTypeForm {
                expiry_days: "0".into(),
                ..form()
            }),
            "expiry_days"
        );
        assert_eq!(
            field_of(OrgTypeForm {
                benefit_manager: "9".into(),
                ..form()
            }),
            "benefit_manager"
        );
        assert_eq!(
            field_of(OrgTypeForm {
                membership_policy: "".into(),
                ..form()
            }),
            "membership_policy"
        );
        let never = OrgTypeForm {
            expiry: "never".into(),
            expiry_days: "junk".into(),
            ..form()
        };
        assert_eq!(never.validate(&known).unwrap().expiry_days, None);
    }

    #[test]
    fn owners_add_seats_setting_is_checked() {
        use crate::domain::seats::OwnerSeats;
        let known = [SeatTypeId(1), SeatTypeId(2)];
        let with = |kind: &str, cap: &str| OrgTypeForm {
            owner_seats: kind.into(),
            owner_seat_cap: cap.into(),
            ..form()
        };
        let field_of = |f: OrgTypeForm| match f.validate(&known) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            with("", "").validate(&known).map(|i| i.owner_seats),
            Ok(OwnerSeats::Any)
        );
        assert_eq!(
            with("cap", "50").validate(&known).map(|i| i.owner_seats),
            Ok(OwnerSeats::UpTo(50))
        );
        assert_eq!(
            with("request", "").validate(&known).map(|i| i.owner_seats),
            Ok(OwnerSeats::Request)
        );
        assert_eq!(field_of(with("cap", "")), "owner_seat_cap");
        assert_eq!(field_of(with("cap", "-1")), "owner_seat_cap");
        assert_eq!(field_of(with("lots", "")), "owner_seats");
        let t = OrgTypeForm::from(&OrgType {
            id: OrgTypeId(1),
            name: "T".into(),
            description: String::new(),
            visibility: Visibility::Private,
            membership_policy: MembershipPolicy::InviteOnly,
            allow_domain_registration: false,
            expiry_days: None,
            feature_reports: true,
            feature_csv_export: true,
            feature_api: false,
            default_seat_type: None,
            benefits: Vec::new(),
            owner_seats: OwnerSeats::UpTo(20),
            organizations: 0,
        });
        assert_eq!((t.owner_seats.as_str(), t.owner_seat_cap.as_str()), ("cap", "20"));
    }

    #[test]
    fn benefits_fall_back_to_the_default_seat_type() {
        let input = form().validate(&[SeatTypeId(1), SeatTypeId(2)]).unwrap();
        let t = OrgType {
            id: OrgTypeId(1),
            name: input.name,
            description: String::new(),
            visibility: input.visibility,
            membership_policy: input.membership_policy,
            allow_domain_registration: false,
            expiry_days: None,
            feature_reports: true,
            feature_csv_export: true,
            feature_api: false,
            default_seat_type: Some(SeatTypeId(7)),
            benefits: input.benefits,
            owner_seats: input.owner_seats,
            organizations: 0,
        };
        assert_eq!(t.seat_type_for(BenefitRole::Owner), Some(SeatTypeId(2)));
        assert_eq!(t.seat_type_for(BenefitRole::Manager), Some(SeatTypeId(7)));
        assert_eq!(OrgTypeForm::from(&t).benefit_owner, "2");
    }

    #[test]
    fn a_type_in_use_is_not_deletable_and_the_message_counts() {
        assert!(check_type_deletable("Basic", 0).is_ok());
        let one = check_type_deletable("Basic", 1).unwrap_err().to_string();
        assert!(one.contains("1 organization uses it"), "{one}");
        let many = check_type_deletable("Basic", 3).unwrap_err().to_string();
        assert!(many.contains("3 organizations use it"), "{many}");
    }

    #[test]
    fn seat_types_keep_known_distinct_courses() {
        let known = [CourseId(1), CourseId(2)];
        let f = SeatTypeForm {
            name: "Premium".into(),
            description: "".into(),
            courses: vec![2, 1, 2],
        };
        assert_eq!(
            f.validate(&known).unwrap().courses,
            vec![CourseId(1), CourseId(2)]
        );
        let bad = SeatTypeForm {
            courses: vec![3],
            ..f
        };
        assert!(matches!(bad.validate(&known), Err(AppError::Invalid { field, .. }) if field == "courses"));
    }

    #[test]
    fn choices_round_trip() {
        for v in Visibility::ALL {
            assert_eq!(Visibility::parse(v.as_str()), Some(*v));
        }
        for v in MembershipPolicy::ALL {
            assert_eq!(MembershipPolicy::parse(v.as_str()), Some(*v));
        }
        assert_eq!(BenefitRole::options().len(), 3);
    }
}

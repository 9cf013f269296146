//! Typed identifiers, so an organization id can never be passed where a team id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        #[cfg_attr(feature = "ssr", sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A person's account.
    UserId,
    /// A customer organization.
    OrgId,
    /// An organization type (template).
    OrgTypeId,
    /// A department inside an organization.
    DepartmentId,
    /// A team.
    TeamId,
    /// A person's membership in one organization.
    MemberId,
    /// A catalog course.
    CourseId,
    /// A seat type (a named bundle of courses).
    SeatTypeId,
    /// A course assignment (a course given to an organization, department, team or person).
    AssignmentId,
);

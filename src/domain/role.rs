//! Roles inside an organization and the one permission table every check goes through.

use serde::{Deserialize, Serialize};

/// A member's role in an organization. The order of these variants matters: a later
/// variant has at least the rights of every earlier one (checked by a unit test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A learner: sees their own learning only.
    Member,
    /// Manages the members of the teams they are in.
    Manager,
    /// Administers one department subtree: its teams and members.
    DepartmentAdmin,
    /// Administers the whole organization.
    OrgAdmin,
    /// Owns the organization; the only one who may transfer ownership.
    Owner,
}

/// Something a person may try to do inside one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Open their own courses and progress.
    ViewOwnLearning,
    /// Open the organization in the group dashboard.
    ViewDashboard,
    /// List members (within their scope).
    ViewMembers,
    /// Add, remove, move and change members (within their scope).
    ManageMembers,
    /// Send, resend and revoke invitations (within their scope).
    InviteMembers,
    /// Assign courses (within their scope).
    AssignCourses,
    /// Read reports (within their scope).
    ViewReports,
    /// Download reports as CSV.
    ExportReports,
    /// Create, rename and delete teams and departments (within their scope).
    ManageStructure,
    /// Change the seat allocation and seat settings.
    ManageSeats,
    /// Edit organization settings.
    ManageSettings,
    /// Create and revoke API tokens for the organization.
    ManageApiTokens,
    /// Read the organization's audit log.
    ViewAudit,
    /// Hand ownership to someone else.
    TransferOwnership,
    /// Record learners' progress for them (integrations pushing an LMS's results).
    RecordProgress,
}

impl Action {
    /// Every action, for exhaustive tests and the authorization matrix.
    pub const ALL: [Action; 15] = [
        Action::ViewOwnLearning,
        Action::ViewDashboard,
        Action::ViewMembers,
        Action::ManageMembers,
        Action::InviteMembers,
        Action::AssignCourses,
        Action::ViewReports,
        Action::ExportReports,
        Action::ManageStructure,
        Action::ManageSeats,
        Action::ManageSettings,
        Action::ManageApiTokens,
        Action::ViewAudit,
        Action::TransferOwnership,
        Action::RecordProgress,
    ];
}

impl Action {
    /// Whether the action only reads what an organization holds: members, reports, exports and
    /// the audit log (what owners and organization admins keep after expiry).
    pub fn reads_records(self) -> bool {
        matches!(
            self,
            Action::ViewDashboard
                | Action::ViewMembers
                | Action::ViewReports
                | Action::ExportReports
                | Action::ViewAudit
        )
    }
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 5] = [
        Role::Member,
        Role::Manager,
        Role::DepartmentAdmin,
        Role::OrgAdmin,
        Role::Owner,
    ];

    /// The lowest role allowed to perform `action`. Exhaustive on purpose: a new action does
    /// not compile until someone decides who may do it.
    pub fn minimum_for(action: Action) -> Role {
        match action {
            Action::ViewOwnLearning => Role::Member,
            Action::ViewDashboard
            | Action::ViewMembers
            | Action::ManageMembers
            | Action::InviteMembers
            | Action::AssignCourses
            | Action::ViewReports
            | Action::ExportReports => Role::Manager,
            Action::ManageStructure => Role::DepartmentAdmin,
            Action::ManageSeats
            | Action::ManageSettings
            | Action::ManageApiTokens
            | Action::ViewAudit
            | Action::RecordProgress => Role::OrgAdmin,
            Action::TransferOwnership => Role::Owner,
        }
    }

    /// Whether this role may perform `action` (scope is checked separately).
    pub fn can(self, action: Action) -> bool {
        self >= Role::minimum_for(action)
    }

    /// Whether this role may perform `action` in an organization whose access has expired:
    /// owners and organization admins keep a read-only dashboard (members list, reports,
    /// exports, audit) until it is renewed; everyone else has no access.
    pub fn can_after_expiry(self, action: Action) -> bool {
        self >= Role::OrgAdmin && action.reads_records() && self.can(action)
    }

    /// `can` in a live organization, `can_after_expiry` in an expired one.
    pub fn can_in(self, action: Action, expired: bool) -> bool {
        if expired {
            self.can_after_expiry(action)
        } else {
            self.can(action)
        }
    }

    /// Whether people with this role see the group dashboard.
    pub fn manages(self) -> bool {
        self.can(Action::ViewDashboard)
    }

    /// Whether someone with this role may give `target` to another person: only roles below
    /// their own, never Owner (ownership is transferred, not granted). An owner grants up to
    /// Organization admin, an organization admin up to Department admin, a department admin up
    /// to Manager, a manager only Member.
    pub fn grants(self, target: Role) -> bool {
        target < self && target != Role::Owner
    }

    /// The roles a platform admin may grant in any organization: all but Owner.
    pub fn platform_grants(target: Role) -> bool {
        target != Role::Owner
    }

    /// Whether someone with this role may change or remove a person who holds `target`: only
    /// people below them. Nobody changes the owner this way (ownership is transferred).
    pub fn outranks(self, target: Role) -> bool {
        target < self && target != Role::Owner
    }

    /// Whether this role is held together with named departments (given and taken away on the
    /// Structure tab, not in a role list).
    pub fn is_per_department(self) -> bool {
        self == Role::DepartmentAdmin
    }

    /// The stored form (database and wire).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Manager => "manager",
            Role::DepartmentAdmin => "department_admin",
            Role::OrgAdmin => "org_admin",
            Role::Owner => "owner",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Manager => "Manager",
            Role::DepartmentAdmin => "Department admin",
            Role::OrgAdmin => "Organization admin",
            Role::Owner => "Owner",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out by hand so a change to `minimum_for` must change it too.
    #[test]
    fn permission_table_every_role_and_action() {
        use Action::*;
        // Columns: Member, Manager, DepartmentAdmin, OrgAdmin, Owner.
        let expected: [(Action, [bool; 5]); 15] = [
            (ViewOwnLearning, [true, true, true, true, true]),
            (ViewDashboard, [false, true, true, true, true]),
            (ViewMembers, [false, true, true, true, true]),
            (ManageMembers, [false, true, true, true, true]),
            (InviteMembers, [false, true, true, true, true]),
            (AssignCourses, [false, true, true, true, true]),
            (ViewReports, [false, true, true, true, true]),
            (ExportReports, [false, true, true, true, true]),
            (ManageStructure, [false, false, true, true, true]),
            (ManageSeats, [false, false, false, true, true]),
            (ManageSettings, [false, false, false, true, true]),
            (ManageApiTokens, [false, false, false, true, true]),
            (ViewAudit, [false, false, false, true, true]),
            (TransferOwnership, [false, false, false, false, true]),
            (RecordProgress, [false, false, false, true, true]),
        ];
        assert_eq!(expected.len(), Action::ALL.len());
        for (action, row) in expected {
            for (role, allowed) in Role::ALL.into_iter().zip(row) {
                assert_eq!(role.can(action), allowed, "{role:?} × {action:?}");
            }
        }
    }

    /// After expiry, written out: only owners and organization admins, only reading.
    #[test]
    fn after_expiry_owners_and_organization_admins_only_read() {
        use Action::*;
        let reads = [ViewDashboard, ViewMembers, ViewReports, ExportReports, ViewAudit];
        for action in Action::ALL {
            for role in Role::ALL {
                let expected = role >= Role::OrgAdmin && reads.contains(&action);
                assert_eq!(role.can_after_expiry(action), expected, "{role:?} × {action:?}");
                assert_eq!(role.can_in(action, true), expected);
                assert_eq!(role.can_in(action, false), role.can(action));
            }
        }
    }

    #[test]
    fn higher_roles_have_every_right_of_lower_roles() {
        for pair in Role::ALL.windows(2) {
            for action in Action::ALL {
                if pair[0].can(action) {
                    assert!(pair[1].can(action), "{:?} lost {action:?}", pair[1]);
                }
            }
        }
    }

    #[test]
    fn roles_round_trip_through_their_stored_form() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
    }

    /// Who may grant which role, written out: rows are the granter, columns the role granted
    /// (Member, Manager, DepartmentAdmin, OrgAdmin, Owner).
    #[test]
    fn grant_table_every_pair() {
        use Role::*;
        let expected: [(Role, [bool; 5]); 5] = [
            (Member, [false, false, false, false, false]),
            (Manager, [true, false, false, false, false]),
            (DepartmentAdmin, [true, true, false, false, false]),
            (OrgAdmin, [true, true, true, false, false]),
            (Owner, [true, true, true, true, false]),
        ];
        for (granter, row) in expected {
            for (target, allowed) in Role::ALL.into_iter().zip(row) {
                assert_eq!(granter.grants(target), allowed, "{granter:?} grants {target:?}");
                assert_eq!(
                    granter.outranks(target),
                    allowed,
                    "{granter:?} outranks {target:?}"
                );
            }
        }
        let platform: Vec<bool> = Role::ALL.into_iter().map(Role::platform_grants).collect();
        assert_eq!(platform, [true, true, true, true, false]);
        assert!(DepartmentAdmin.is_per_department());
        assert!(Role::ALL.into_iter().filter(|r| r.is_per_department()).count() == 1);
    }

    #[test]
    fn only_managers_and_above_see_the_dashboard() {
        assert!(!Role::Member.manages());
        assert!(Role::Manager.manages());
        assert!(Role::Owner.manages());
    }
}

//! The audit log as people read it: the filter of the Audit pages (and their CSV), the rows they
//! show, and how a row's changed fields read as text.

use serde::{Deserialize, Serialize};

use super::csv;
use super::dates;
use crate::domain::ids::UserId;
use crate::domain::session::CurrentUser;
use crate::error::AppError;

/// Who did it: a signed-in user, an API token, the system (CLI, seeding), or an anonymous
/// visitor. Never sent to the browser.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, when known.
    pub user_id: Option<UserId>,
    /// Human-readable: an email, "system", or "anonymous".
    pub label: String,
}

impl Actor {
    /// Changes made by operators through the command line or by the seeder.
    pub fn system() -> Self {
        Actor {
            user_id: None,
            label: "system".into(),
        }
    }

    /// An API token created by `user`.
    pub fn token(name: &str, user: &CurrentUser) -> Self {
        Actor {
            user_id: Some(user.id),
            label: format!("API token \u{201c}{name}\u{201d} of {}", user.email),
        }
    }

    /// A signed-in user.
    pub fn user(id: UserId, email: &str) -> Self {
        Actor {
            user_id: Some(id),
            label: email.to_string(),
        }
    }
}

/// Declares the closed set of audit actions: each with its stored name and what people read.
macro_rules! audit_actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $label:literal;)*) => {
        /// Every action the audit log records. Stored as its dotted name (`member.added`); the
        /// part before the dot is its category.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AuditAction { $($(#[$doc])* $variant,)* }

        impl AuditAction {
            /// Every action, grouped by category.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The stored, stable dotted name.
            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $name,)* }
            }

            /// What happened, for people.
            pub fn label(self) -> &'static str {
                match self { $(AuditAction::$variant => $label,)* }
            }
        }
    };
}

audit_actions! {
    AccessDenied = "access.denied", "A request was refused";
    ApiTokenCreated = "api_token.created", "API token created";
    ApiTokenRevoked = "api_token.revoked", "API token revoked";
    AssignmentCreated = "assignment.created", "Course assigned";
    AssignmentDueChanged = "assignment.due_changed", "Due date of an assignment changed";
    AssignmentRemoved = "assignment.removed", "Assignment removed";
    CourseCreated = "course.created", "Course added to the catalog";
    CourseUpdated = "course.updated", "Course changed";
    CourseRetired = "course.retired", "Course retired";
    CourseStatusChanged = "course.status_changed", "Course status changed";
    DepartmentCreated = "department.created", "Department created";
    DepartmentRenamed = "department.renamed", "Department renamed";
    DepartmentMoved = "department.moved", "Department moved";
    DepartmentDeleted = "department.deleted", "Department deleted";
    DepartmentAdminAdded = "department.admin_added", "Department admin added";
    DepartmentAdminRemoved = "department.admin_removed", "Department admin removed";
    InvitationSent = "invitation.sent", "Invitation sent";
    InvitationResent = "invitation.resent", "Invitation sent again";
    InvitationRevoked = "invitation.revoked", "Invitation withdrawn";
    InvitationAccepted = "invitation.accepted", "Invitation accepted";
    JoinRequested = "join.requested", "Asked to join";
    JoinJoined = "join.joined", "Joined by email domain";
    JoinApproved = "join.approved", "Join request approved";
    JoinRejected = "join.rejected", "Join request rejected";
    MemberAdded = "member.added", "Member added";
    MemberRemoved = "member.removed", "Member removed";
    MemberRoleChanged = "member.role_changed", "Role changed";
    MemberMoved = "member.moved", "Member moved to another team";
    /// Kept to read rows written before the team-leader flag was removed (migration 0019).
    MemberTeamLeader = "member.team_leader", "Team leader changed (no longer used)";
    MembersImported = "members.imported", "Members imported from CSV";
    OrgTypeCreated = "org_type.created", "Organization type created";
    OrgTypeUpdated = "org_type.updated", "Organization type changed";
    OrgTypeDeleted = "org_type.deleted", "Organization type deleted";
    OrganizationCreated = "organization.created", "Organization created";
    OrganizationUpdated = "organization.updated", "Organization changed";
    OrganizationDeleted = "organization.deleted", "Organization deleted";
    OrganizationActive = "organization.active", "Organization reactivated";
    OrganizationSuspended = "organization.suspended", "Organization suspended";
    OrganizationArchived = "organization.archived", "Organization archived";
    OrganizationSettingsChanged = "organization.settings_changed", "Settings changed";
    OrganizationFeaturesChanged = "organization.features_changed", "Plan features changed";
    OrganizationSeatBenefitsChanged = "organization.seat_benefits_changed", "Seat benefits changed";
    OrganizationOwnershipTransferred = "organization.ownership_transferred", "Ownership transferred";
    OrganizationTwoFactorChanged = "organization.two_factor_changed", "Two-factor requirement for owners and admins changed";
    OrganizationLogoChanged = "organization.logo_changed", "Logo uploaded or removed";
    ProgressRecorded = "progress.recorded", "Progress recorded";
    SeatTypeCreated = "seat_type.created", "Seat type created";
    SeatTypeUpdated = "seat_type.updated", "Seat type changed";
    SeatsChanged = "seats.changed", "Seats added or removed";
    SeatsRequested = "seats.requested", "Seats requested";
    SeatRequestDecided = "seats.request_decided", "Seat request decided";
    TeamCreated = "team.created", "Team created";
    TeamRenamed = "team.renamed", "Team renamed";
    TeamPlaced = "team.placed", "Team placed in a department";
    TeamDeleted = "team.deleted", "Team deleted";
    TeamAssigned = "team.assigned", "Team given to an organization";
    TeamRemoved = "team.removed", "Team taken from an organization";
    UserSignIn = "user.sign_in", "Signed in";
    UserSignInFailed = "user.sign_in_failed", "Sign-in failed";
    UserLocked = "user.locked", "Account locked after failed sign-ins";
    UserInvited = "user.invited", "Account created, set-password link sent";
    UserPasswordSet = "user.password_set", "Password set";
    UserVerificationSent = "user.verification_sent", "Link to confirm an address sent";
    UserEmailVerified = "user.email_verified", "Address confirmed";
    UserUnverifiedReset = "user.unverified_reset", "Unconfirmed account taken back (its password cleared)";
    UserPasswordResetRequested = "user.password_reset_requested", "Password reset link sent";
    UserPasswordReset = "user.password_reset", "Password reset from a link";
    UserSessionsEnded = "user.sessions_ended", "Sessions ended";
    UserRenamed = "user.renamed", "Name changed";
    UserEmailChangeRequested = "user.email_change_requested", "Link to confirm a new address sent";
    UserEmailChanged = "user.email_changed", "Sign-in address changed";
    UserTwoFactorEnabled = "user.two_factor_enabled", "Two-factor sign-in turned on";
    UserTwoFactorDisabled = "user.two_factor_disabled", "Two-factor sign-in turned off";
    UserTwoFactorFailed = "user.two_factor_failed", "Wrong two-factor code";
    UserRecoveryCodeUsed = "user.recovery_code_used", "Recovery code used to sign in";
    PlatformTwoFactorChanged = "user.platform_two_factor_changed", "Two-factor requirement for platform admins changed";
    UserPasswordChanged = "user.password_changed", "Password changed";
    UserDisabled = "user.disabled", "Account disabled";
    UserEnabled = "user.enabled", "Account enabled";
    UserAdminCreated = "user.admin_created", "Platform admin created";
    UserAdminPromoted = "user.admin_promoted", "Account made platform admin";
    UserAdminGranted = "user.admin_granted", "Platform admin rights granted";
    UserAdminRevoked = "user.admin_revoked", "Platform admin rights revoked";
}

impl AuditAction {
    /// The category: the part of the name before the dot (`member` of `member.added`).
    pub fn category(self) -> &'static str {
        self.as_str().split_once('.').map_or(self.as_str(), |(c, _)| c)
    }

    /// What the category is, for people.
    pub fn category_label(self) -> &'static str {
        match self.category() {
            "access" => "Access",
            "api_token" => "API tokens",
            "assignment" => "Assignments",
            "course" => "Catalog",
            "department" | "team" => "Structure",
            "invitation" => "Invitations",
            "join" => "Joining",
            "member" | "members" => "Members",
            "org_type" | "seat_type" => "Types",
            "organization" => "Organizations",
            "progress" => "Progress",
            "seats" => "Seats",
            _ => "Accounts",
        }
    }

    /// The action with this stored name.
    pub fn parse(raw: &str) -> Option<AuditAction> {
        Self::ALL.iter().copied().find(|a| a.as_str() == raw)
    }
}

impl std::str::FromStr for AuditAction {
    type Err = ();

    fn from_str(raw: &str) -> Result<Self, ()> {
        Self::parse(raw).ok_or(())
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Entries per page of the Audit pages.
pub const PAGE_SIZE: i64 = 50;
/// The most rows one CSV download holds (newest first).
pub const CSV_MAX_ROWS: i64 = 100_000;

/// The filter of Settings > Audit, Admin > Audit and their CSV downloads (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// Part of the actor: an email, or an API token's name.
    pub actor: String,
    /// An action (`member.added`), or its first part ending in a dot (`member.`) for all of them.
    pub action: String,
    /// What was changed: a kind (`team`), an id (`42`), or both (`team:42`).
    pub target: String,
    /// From this day (`YYYY-MM-DD`, UTC), inclusive.
    pub from: String,
    /// To this day, inclusive.
    pub to: String,
    /// Show entries older than this id (the "Older entries" link); 0 = newest.
    pub before: i64,
}

/// A checked filter, ready for the query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// `%part%` of the actor label, LIKE-escaped by the repository.
    pub actor: Option<String>,
    /// The exact action.
    pub action: Option<String>,
    /// Every action starting with this (ends in a dot).
    pub action_prefix: Option<String>,
    /// The exact kind of target.
    pub target_type: Option<String>,
    /// The exact target id.
    pub target_id: Option<String>,
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
    /// Entries with a smaller id only (0 = no limit).
    pub before: i64,
}

fn day(field: &str, raw: &str) -> Result<Option<String>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        d if dates::is_date(d) => Ok(Some(d.to_string())),
        _ => Err(AppError::invalid(field, "Use a date like 2026-11-30.")),
    }
}

fn some(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl AuditQuery {
    /// Checks the dates and splits the target; says which field is wrong.
    pub fn check(&self) -> Result<AuditFilter, AppError> {
        let from = day("from", &self.from)?;
        let to = day("to", &self.to)?;
        if let (Some(f), Some(t)) = (&from, &to) {
            if f > t {
                return Err(AppError::invalid("to", "The end date is before the start date."));
            }
        }
        let action = self.action.trim();
        if action.len() > 100 || self.actor.len() > 200 || self.target.len() > 200 {
            return Err(AppError::invalid(
                "action",
                "A filter is too long (at most 100 characters for an action, 200 for the others).",
            ));
        }
        let (action, action_prefix) = match action {
            "" => (None, None),
            a if a.ends_with('.') => (None, Some(a.to_string())),
            a => (Some(a.to_string()), None),
        };
        let target = self.target.trim();
        let (target_type, target_id) = match target.split_once(':') {
            Some((kind, id)) => (some(kind), some(id)),
            None if target.is_empty() => (None, None),
            None if target.chars().all(|c| c.is_ascii_digit()) => (None, Some(target.to_string())),
            None => (Some(target.to_string()), None),
        };
        if self.before < 0 {
            return Err(AppError::invalid("before", "Use a positive entry number."));
        }
        Ok(AuditFilter {
            actor: some(&self.actor),
            action,
            action_prefix,
            target_type,
            target_id,
            from,
            to,
            before: self.before,
        })
    }

    /// The query string of these filters (without `before`), for links and the CSV address.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("actor", self.actor.clone()),
            ("action", self.action.clone()),
            ("target", self.target.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
        ]
    }
}

/// One entry as the Audit pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Entry number (never changes).
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who: an email, an API token, `system`, or what an anonymous visitor typed.
    pub actor: String,
    /// The organization's name (empty for platform-wide entries).
    pub organization: String,
    /// What (`member.added`).
    pub action: String,
    /// The kind of thing changed.
    pub target_type: String,
    /// Its id.
    pub target_id: String,
    /// Changed fields and other details as JSON text.
    pub details: String,
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries.
    pub rows: Vec<AuditRow>,
    /// The `before` of the next (older) page, when there is one.
    pub older: Option<i64>,
}

/// The details as one line: `name: "A" → "B"; seats: 10 → 12` for changed fields (arrays of two),
/// `key: value` for everything else.
pub fn details_text(details: &str) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(details) else {
        return details.to_string();
    };
    map.iter()
        .map(|(k, v)| match v {
            serde_json::Value::Array(pair) if pair.len() == 2 => {
                format!("{k}: {} → {}", pair[0], pair[1])
            }
            other => format!("{k}: {other}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The CSV header line.
pub fn csv_header() -> String {
    csv::line(&[
        "id",
        "at",
        "actor",
        "organization",
        "action",
        "target_type",
        "target_id",
        "details",
    ])
}

/// One CSV line.
pub fn csv_row(r: &AuditRow) -> String {
    csv::line(&[
        r.id.to_string(),
        r.at.clone(),
        r.actor.clone(),
        r.organization.clone(),
        r.action.clone(),
        r.target_type.clone(),
        r.target_id.clone(),
        r.details.clone(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(f: impl FnOnce(&mut AuditQuery)) -> AuditQuery {
        let mut q = AuditQuery::default();
        f(&mut q);
        q
    }

    #[test]
    fn every_action_has_one_dotted_name_a_label_and_a_category() {
        let mut names = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(names.insert(a.as_str()), "{a:?} named twice");
            assert!(a.as_str().contains('.'), "{a:?}");
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
            assert!(!a.label().is_empty() && !a.category_label().is_empty());
        }
        assert_eq!(AuditAction::MemberAdded.category(), "member");
        assert_eq!(AuditAction::TeamCreated.category_label(), "Structure");
        assert_eq!(AuditAction::parse("member.eaten"), None);
    }

    #[test]
    fn target_splits_into_kind_and_id() {
        let f = q(|q| q.target = "team:42".into()).check().unwrap();
        assert_eq!(
            (f.target_type.as_deref(), f.target_id.as_deref()),
            (Some("team"), Some("42"))
        );
        let f = q(|q| q.target = "42".into()).check().unwrap();
        assert_eq!((f.target_type, f.target_id.as_deref()), (None, Some("42")));
        let f = q(|q| q.target = " member ".into()).check().unwrap();
        assert_eq!((f.target_type.as_deref(), f.target_id), (Some("member"), None));
    }

    #[test]
    fn action_with_a_dot_is_a_prefix() {
        let f = q(|q| q.action = "member.".into()).check().unwrap();
        assert_eq!((f.action, f.action_prefix.as_deref()), (None, Some("member.")));
        let f = q(|q| q.action = "member.added".into()).check().unwrap();
        assert_eq!(
            (f.action.as_deref(), f.action_prefix),
            (Some("member.added"), None)
        );
    }

    #[test]
    fn dates_are_checked_and_ordered() {
        let e = q(|q| q.from = "30/11/2026".into()).check().unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "from"));
        let e = q(|q| {
            q.from = "2026-11-30".into();
            q.to = "2026-11-01".into();
        })
        .check()
        .unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "to"));
        assert!(q(|q| {
            q.from = "2026-11-01".into();
            q.to = "2026-11-30".into();
        })
        .check()
        .is_ok());
    }

    #[test]
    fn details_read_as_before_and_after() {
        assert_eq!(
            details_text(r#"{"name":["A","B"],"seats":[10,12]}"#),
            "name: \"A\" → \"B\"; seats: 10 → 12"
        );
        assert_eq!(details_text(r#"{"count":3}"#), "count: 3");
        assert_eq!(details_text("{}"), "");
    }

    #[test]
    fn csv_rows_guard_formulas() {
        let r = AuditRow {
            id: 1,
            at: "2026-11-30T10:00:00Z".into(),
            actor: "=cmd".into(),
            organization: "Acme, Inc".into(),
            action: "member.added".into(),
            target_type: "member".into(),
            target_id: "7".into(),
            details: "{}".into(),
        };
        assert_eq!(
            csv_row(&r),
            "1,2026-11-30T10:00:00Z,'=cmd,\"Acme, Inc\",member.added,member,7,{}\r\n"
        );
    }
}

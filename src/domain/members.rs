//! Members of one organization as the group dashboard sees them: who manages whom (scope), the
//! member list, and the add / invite forms.

use serde::{Deserialize, Serialize};

use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::role::Role;
use crate::domain::validate;
use crate::error::AppError;

/// The part of an organization a person may act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Everything: owners, organization admins, platform admins.
    Organization,
    /// Only these teams and their members: a department admin's subtree, a manager's own teams.
    Teams(Vec<TeamId>),
}

impl Scope {
    /// The scope of a role. `own_teams` are the manager's teams; `subtree_teams` the teams in the
    /// department admin's departments and every department below them.
    pub fn for_role(
        role: Option<Role>,
        platform_admin: bool,
        own_teams: Vec<TeamId>,
        subtree_teams: Vec<TeamId>,
    ) -> Option<Scope> {
        if platform_admin {
            return Some(Scope::Organization);
        }
        match role? {
            Role::Owner | Role::OrgAdmin => Some(Scope::Organization),
            Role::DepartmentAdmin => {
                let mut teams = subtree_teams;
                teams.extend(own_teams);
                teams.sort();
                teams.dedup();
                Some(Scope::Teams(teams))
            }
            Role::Manager => Some(Scope::Teams(own_teams)),
            Role::Member => None,
        }
    }

    /// Whether the whole organization is in scope.
    pub fn is_organization(&self) -> bool {
        matches!(self, Scope::Organization)
    }

    /// Whether `team` is in scope.
    pub fn covers_team(&self, team: TeamId) -> bool {
        match self {
            Scope::Organization => true,
            Scope::Teams(teams) => teams.contains(&team),
        }
    }

    /// Whether a person in `teams` is in scope (someone in no team only for organization scope).
    pub fn covers_member(&self, teams: &[TeamId]) -> bool {
        match self {
            Scope::Organization => true,
            Scope::Teams(_) => teams.iter().any(|t| self.covers_team(*t)),
        }
    }

    /// The teams someone new may be put in: for a team scope at least one, all of them in scope.
    pub fn check_new_member_teams(&self, teams: &[TeamId]) -> Result<(), AppError> {
        match self {
            Scope::Organization => Ok(()),
            Scope::Teams(_) if teams.is_empty() => Err(AppError::invalid(
                "teams",
                "Choose at least one of your teams for the new member.",
            )),
            Scope::Teams(_) => {
                if teams.iter().all(|t| self.covers_team(*t)) {
                    Ok(())
                } else {
                    Err(AppError::invalid(
                        "teams",
                        "You can only add members to teams you manage.",
                    ))
                }
            }
        }
    }

    /// The team ids to filter lists by (`None` = no filter).
    pub fn team_filter(&self) -> Option<&[TeamId]> {
        match self {
            Scope::Organization => None,
            Scope::Teams(t) => Some(t),
        }
    }
}

/// Whether someone with `actor` role (`None`: a platform admin acting without a membership) may
/// give `target` role in the dashboard: only roles below their own (the grant table is
/// `Role::grants`), never Owner, and Department admin only by naming a department on the
/// Structure tab.
pub fn check_role_grant(actor: Option<Role>, platform_admin: bool, target: Role) -> Result<(), AppError> {
    check_listed_role(target)?;
    let allowed =
        actor.is_some_and(|r| r.grants(target)) || (platform_admin && Role::platform_grants(target));
    if allowed {
        return Ok(());
    }
    let highest = actor
        .and_then(|r| {
            Role::ALL
                .into_iter()
                .rev()
                .find(|t| r.grants(*t) && !t.is_per_department())
        })
        .filter(|r| *r != Role::Member);
    let choose = match highest {
        Some(r) => format!("{} or lower", r.label()),
        None => "Member".to_string(),
    };
    Err(AppError::invalid(
        "role",
        format!(
            "You can give roles below your own only. Choose {choose}, or ask someone with a higher role."
        ),
    ))
}

/// Whether `actor` may change or remove someone who holds `target` role: never the owner, and
/// never someone at or above one's own role (platform admins excepted, but not for the owner).
pub fn check_can_manage(actor: Option<Role>, platform_admin: bool, target: Role) -> Result<(), AppError> {
    if target == Role::Owner {
        return Err(AppError::Conflict(
            "The owner cannot be changed or removed here. Transfer ownership first.".into(),
        ));
    }
    if platform_admin || actor.is_some_and(|r| r.outranks(target)) {
        return Ok(());
    }
    Err(AppError::Forbidden)
}

/// Owner and Department admin are not given from a role list: ownership is transferred, and a
/// department admin is named on a department.
fn check_listed_role(target: Role) -> Result<(), AppError> {
    if target == Role::Owner {
        return Err(AppError::invalid(
            "role",
            "An organization has one owner. The owner hands it on with Transfer ownership in Settings.",
        ));
    }
    if target.is_per_department() {
        return Err(AppError::invalid(
            "role",
            "Department admins are named on a department: open Structure, choose Manage on the department, then Add department admin.",
        ));
    }
    Ok(())
}

/// The roles `actor` may choose for someone in the dashboard's role lists (add, invite, change),
/// lowest first.
pub fn grantable_roles(actor: Option<Role>, platform_admin: bool) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| check_role_grant(actor, platform_admin, *r).is_ok())
        .collect()
}

/// The roles whose holders `actor` may change or remove, lowest first.
pub fn changeable_roles(actor: Option<Role>, platform_admin: bool) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| check_can_manage(actor, platform_admin, *r).is_ok())
        .collect()
}

/// How often a membership's "last active" is written on requests, at most.
pub const ACTIVITY_EVERY_SECONDS: i64 = 300;

/// Whether activity last noted at `last` (stored time) is older than `threshold` (now less
/// `ACTIVITY_EVERY_SECONDS`), so the request in hand writes it anew.
pub fn activity_stale(last: Option<&str>, threshold: &str) -> bool {
    last.is_none_or(|l| l < threshold)
}

/// Where a person stands in the member list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatus {
    /// Holds a seat and has access.
    Active,
    /// Invited, not yet accepted (holds a seat while the invitation is valid).
    Invited,
    /// Removed; kept for history.
    Removed,
}

impl MemberStatus {
    /// The stored / query form.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Invited => "invited",
            MemberStatus::Removed => "removed",
        }
    }

    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Active => "Active",
            MemberStatus::Invited => "Invited",
            MemberStatus::Removed => "Removed",
        }
    }

    /// From a filter value; empty = any.
    pub fn parse_filter(raw: &str) -> Result<Option<MemberStatus>, AppError> {
        match raw.trim() {
            "" => Ok(None),
            "active" => Ok(Some(MemberStatus::Active)),
            "invited" => Ok(Some(MemberStatus::Invited)),
            "removed" => Ok(Some(MemberStatus::Removed)),
            _ => Err(AppError::invalid("status", "Choose active, invited or removed.")),
        }
    }
}

impl std::str::FromStr for MemberStatus {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "active" => Ok(MemberStatus::Active),
            "invited" => Ok(MemberStatus::Invited),
            "removed" => Ok(MemberStatus::Removed),
            _ => Err(()),
        }
    }
}

/// How the member list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberSort {
    /// Name A–Z.
    Name,
    /// Email A–Z.
    Email,
    /// Most recently joined first.
    Joined,
    /// Most recently active first.
    LastActive,
}

impl MemberSort {
    /// Every sort, in menu order.
    pub const ALL: [MemberSort; 4] = [
        MemberSort::Name,
        MemberSort::Email,
        MemberSort::Joined,
        MemberSort::LastActive,
    ];

    /// Query value.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberSort::Name => "name",
            MemberSort::Email => "email",
            MemberSort::Joined => "joined",
            MemberSort::LastActive => "last_active",
        }
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            MemberSort::Name => "Name",
            MemberSort::Email => "Email",
            MemberSort::Joined => "Joined (newest first)",
            MemberSort::LastActive => "Last active",
        }
    }

    /// From a query value; anything unknown sorts by name.
    pub fn parse(raw: &str) -> MemberSort {
        MemberSort::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .unwrap_or(MemberSort::Name)
    }
}

/// The member list's filters, as typed in the page's query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberQuery {
    /// Name or email contains.
    pub q: String,
    /// Team id, or empty.
    pub team: String,
    /// Role, or empty.
    pub role: String,
    /// Status, or empty.
    pub status: String,
    /// Sort.
    pub sort: String,
    /// Only people seen in the last this many days (1–365), or empty.
    pub active: String,
    /// Page, from 1.
    pub page: i64,
}

impl MemberQuery {
    /// The filters as query-string pairs (without the page), for links that keep them.
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q.clone()),
            ("team", self.team.clone()),
            ("role", self.role.clone()),
            ("status", self.status.clone()),
            ("sort", self.sort.clone()),
            ("active", self.active.clone()),
        ]
    }
}

/// A team as a member's label: id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    /// The team.
    pub id: TeamId,
    /// Its name.
    pub name: String,
}

/// One row of the member list: a membership, or a pending invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    /// The person, when they have an account (invitations may not).
    pub user_id: Option<UserId>,
    /// The invitation, for invited rows.
    pub invitation_id: Option<i64>,
    /// Name (empty for an invitation to a new person).
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Teams in this organization.
    pub teams: Vec<TeamRef>,
    /// Status.
    pub status: MemberStatus,
    /// When they joined (or were invited).
    pub joined_at: Option<String>,
    /// When they were last active.
    pub last_active_at: Option<String>,
    /// When an invitation runs out.
    pub expires_at: Option<String>,
    /// Whether that has happened (the invitation no longer holds a seat).
    pub expired: bool,
}

/// The validated add-member form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// Name.
    pub name: String,
    /// Email, lower-cased.
    pub email: String,
    /// Member or manager.
    pub role: Role,
    /// Teams to put them in.
    pub teams: Vec<TeamId>,
}

/// The add-member form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewMemberForm {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// `member`, `manager` or `org_admin`.
    pub role: String,
    /// Team ids.
    pub teams: Vec<i64>,
}

/// A role as typed in a dashboard form, an import or the API (`member` when empty): one that a
/// role list may offer. Whether the person asking may give it is `check_role_grant`'s question.
pub fn dashboard_role(raw: &str) -> Result<Role, AppError> {
    let role = match raw.trim() {
        "" => Role::Member,
        other => other.parse::<Role>().map_err(|_| {
            AppError::invalid(
                "role",
                "Choose a role: member, manager or org_admin (Organization admin).",
            )
        })?,
    };
    check_listed_role(role)?;
    Ok(role)
}

impl NewMemberForm {
    /// Checks every field.
    pub fn validate(&self) -> Result<NewMember, AppError> {
        let email = validate::email(&self.email)?;
        let name = validate::name(&self.name)?;
        let role = dashboard_role(&self.role)?;
        let mut teams: Vec<TeamId> = self.teams.iter().copied().map(TeamId).collect();
        teams.sort();
        teams.dedup();
        Ok(NewMember {
            name,
            email,
            role,
            teams,
        })
    }
}

/// Splits pasted emails (one per line, or separated by commas, semicolons or spaces), checks
/// each, and drops repeats. Every bad one is named in the error.
pub fn parse_email_list(raw: &str) -> Result<Vec<String>, AppError> {
    check_email_list(raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace()))
}

/// Checks a list of emails (1 to 500 after repeats are dropped). Every bad one is named.
pub fn check_email_list<'a>(emails: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, AppError> {
    let mut good: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for piece in emails {
        let piece = piece.trim().trim_matches(|c| c == '<' || c == '>');
        if piece.is_empty() {
            continue;
        }
        match validate::email(piece) {
            Ok(e) if !good.contains(&e) => good.push(e),
            Ok(_) => {}
            Err(_) => bad.push(piece.to_string()),
        }
    }
    if !bad.is_empty() {
        return Err(AppError::invalid(
            "emails",
            format!(
                "These are not email addresses: {}. Correct or remove them.",
                bad.join(", ")
            ),
        ));
    }
    if good.is_empty() {
        return Err(AppError::invalid("emails", "Enter at least one email address."));
    }
    if good.len() > 500 {
        return Err(AppError::invalid("emails", "Invite at most 500 people at once."));
    }
    Ok(good)
}

/// Whether `email` is at one of `domains` (exactly, not a subdomain).
pub fn email_in_domains(email: &str, domains: &[String]) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, d)| domains.iter().any(|allowed| allowed.eq_ignore_ascii_case(d)))
}

/// What happened to each email of an invitation batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResult {
    /// Invited now.
    pub invited: Vec<String>,
    /// Left alone, with the reason (already a member, already invited).
    pub skipped: Vec<(String, String)>,
}

/// An invitation as its link's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    /// The organization's name.
    pub org_name: String,
    /// Who is invited.
    pub email: String,
    /// The role they will have.
    pub role: Role,
    /// Whether that email already has an account.
    pub has_account: bool,
    /// The signed-in person's email, if someone is signed in.
    pub signed_in_as: Option<String>,
}

/// Why an invitation link cannot be used, in words for the person holding it: the one answer
/// every dead link gets, then what to do.
pub fn invitation_problem(status: &str, expires_at: &str, now: &str, org: &str) -> Option<String> {
    let dead = "This link has expired or was already used.";
    match status {
        "accepted" => Some(format!(
            "{dead} If you accepted it, sign in to continue; otherwise ask an administrator of {org} for a new invitation."
        )),
        "revoked" => Some(format!(
            "{dead} The invitation to {org} was withdrawn: ask an administrator of {org} if you should still join."
        )),
        _ if expires_at <= now => Some(format!(
            "{dead} Ask an administrator of {org} to send you a new invitation."
        )),
        _ => None,
    }
}

/// The organization a dashboard page is about, with what the viewer may do there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgContext {
    /// The organization.
    pub id: OrgId,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Logo URL, or empty.
    pub logo_url: String,
    /// Brand colour `#rrggbb`, or empty.
    pub brand_color: String,
    /// The viewer's role there (none for a platform admin who is no member).
    pub role: Option<Role>,
    /// Whether the viewer sees the whole organization.
    pub whole_org: bool,
    /// Whether the viewer may change seats and settings.
    pub manages_org: bool,
    /// The roles the viewer may give from the role lists (add, invite, change), lowest first.
    pub grants: Vec<Role>,
    /// The roles whose holders the viewer may change or remove (those below the viewer).
    pub changes: Vec<Role>,
    /// Whether the viewer is the owner (may transfer ownership).
    pub is_owner: bool,
    /// Whether the viewer may assign courses (the Courses tab).
    pub assigns_courses: bool,
    /// The organization's plan features (what its tabs and links offer).
    pub features: crate::domain::features::PlanFeatures,
    /// Whether the organization has expired and the viewer only reads it (members, reports,
    /// exports, audit) until it is renewed.
    pub read_only: bool,
    /// Expiry notice, when expired or within 14 days of it.
    pub expiry_notice: Option<String>,
    /// Teams in the viewer's scope, for forms and filters.
    pub teams: Vec<(TeamId, String)>,
}

/// A bulk action on the selected rows of the member list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BulkForm {
    /// `remove`, `move`, `role` or `resend`.
    pub action: String,
    /// Selected members.
    pub users: Vec<i64>,
    /// Selected invitations.
    pub invitations: Vec<i64>,
    /// Team for `move`.
    pub team_id: String,
    /// Role for `role`.
    pub role: String,
}

/// Someone who can become owner: an admin or manager of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerCandidate {
    /// The person.
    pub user_id: UserId,
    /// Name and email, for the list.
    pub label: String,
}

/// What to do with the selected rows of the member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Remove the members and revoke the invitations.
    Remove,
    /// Move the members into this team.
    Move(TeamId),
    /// Give the members this role.
    Role(Role),
    /// Send the invitations again.
    Resend,
}

/// A checked bulk action on selected rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulk {
    /// What to do.
    pub action: BulkAction,
    /// Selected members.
    pub users: Vec<UserId>,
    /// Selected invitations.
    pub invitations: Vec<i64>,
}

impl Bulk {
    /// Checks the form: something selected, a known action, and its team or role.
    pub fn parse(form: &BulkForm) -> Result<Bulk, AppError> {
        let users: Vec<UserId> = form.users.iter().copied().map(UserId).collect();
        if users.is_empty() && form.invitations.is_empty() {
            return Err(AppError::invalid("action", "Select at least one row first."));
        }
        let action = match form.action.as_str() {
            "remove" => BulkAction::Remove,
            "move" => BulkAction::Move(
                crate::domain::structure::optional_id("team_id", &form.team_id)?
                    .map(TeamId)
                    .ok_or_else(|| AppError::invalid("team_id", "Choose the team to move them to."))?,
            ),
            "role" => BulkAction::Role(dashboard_role(&form.role)?),
            "resend" => BulkAction::Resend,
            _ => {
                return Err(AppError::invalid(
                    "action",
                    "Choose what to do with the selected rows.",
                ))
            }
        };
        Ok(Bulk {
            action,
            users,
            invitations: form.invitations.clone(),
        })
    }

    /// What was done, in words.
    pub fn done(&self) -> String {
        let (m, i) = (self.users.len(), self.invitations.len());
        let untouched = if i == 0 {
            ""
        } else {
            " Selected invitations were left as they are."
        };
        match self.action {
            BulkAction::Remove => match (m, i) {
                (m, 0) => format!("Removed {}.", plural(m, "member")),
                (0, i) => format!("Revoked {}.", plural(i, "invitation")),
                (m, i) => format!(
                    "Removed {} and revoked {}.",
                    plural(m, "member"),
                    plural(i, "invitation")
                ),
            },
            BulkAction::Move(_) => format!("Moved {}.{untouched}", plural(m, "member")),
            BulkAction::Role(_) => format!("Changed the role of {}.{untouched}", plural(m, "member")),
            BulkAction::Resend => format!("Sent {} again.", plural(i, "invitation")),
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ids: &[i64]) -> Vec<TeamId> {
        ids.iter().copied().map(TeamId).collect()
    }

    #[test]
    fn scope_by_role() {
        assert_eq!(
            Scope::for_role(Some(Role::Owner), false, t(&[1]), vec![]),
            Some(Scope::Organization)
        );
        assert_eq!(
            Scope::for_role(Some(Role::OrgAdmin), false, vec![], vec![]),
            Some(Scope::Organization)
        );
        assert_eq!(
            Scope::for_role(None, true, vec![], vec![]),
            Some(Scope::Organization)
        );
        assert_eq!(Scope::for_role(Some(Role::Member), false, t(&[1]), vec![]), None);
        assert_eq!(Scope::for_role(None, false, vec![], vec![]), None);
        assert_eq!(
            Scope::for_role(Some(Role::DepartmentAdmin), false, t(&[9]), t(&[3, 2, 9])),
            Some(Scope::Teams(t(&[2, 3, 9])))
        );
        assert_eq!(
            Scope::for_role(Some(Role::Manager), false, t(&[4]), t(&[5])),
            Some(Scope::Teams(t(&[4])))
        );
    }

    #[test]
    fn a_manager_sees_only_members_of_their_teams() {
        let s = Scope::Teams(t(&[1, 2]));
        assert!(s.covers_member(&t(&[2, 7])));
        assert!(!s.covers_member(&t(&[7])));
        assert!(
            !s.covers_member(&[]),
            "people in no team belong to the organization scope"
        );
        assert!(Scope::Organization.covers_member(&[]));
    }

    #[test]
    fn managers_add_only_to_their_own_teams() {
        let s = Scope::Teams(t(&[1, 2]));
        assert!(s.check_new_member_teams(&t(&[1])).is_ok());
        assert!(s.check_new_member_teams(&t(&[1, 3])).is_err());
        assert!(s.check_new_member_teams(&[]).is_err());
        assert!(Scope::Organization.check_new_member_teams(&[]).is_ok());
    }

    #[test]
    fn who_may_grant_which_role() {
        assert!(check_role_grant(Some(Role::Manager), false, Role::Member).is_ok());
        assert!(check_role_grant(Some(Role::Manager), false, Role::Manager).is_err());
        assert!(check_role_grant(Some(Role::DepartmentAdmin), false, Role::Manager).is_ok());
        assert!(check_role_grant(Some(Role::OrgAdmin), false, Role::OrgAdmin).is_err());
        assert!(check_role_grant(Some(Role::Owner), false, Role::OrgAdmin).is_ok());
        assert!(check_role_grant(None, true, Role::OrgAdmin).is_ok());
        assert!(check_role_grant(None, false, Role::Member).is_err());
        for actor in [None, Some(Role::Owner)] {
            // Never Owner, never Department admin without a department.
            assert!(check_role_grant(actor, true, Role::Owner).is_err());
            let e = check_role_grant(actor, true, Role::DepartmentAdmin)
                .unwrap_err()
                .to_string();
            assert!(e.contains("Structure"), "{e}");
        }
        let e = check_role_grant(Some(Role::DepartmentAdmin), false, Role::OrgAdmin)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Manager or lower"), "{e}");
        let e = check_role_grant(Some(Role::Manager), false, Role::Manager)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Choose Member,"), "{e}");
        assert_eq!(
            grantable_roles(Some(Role::Owner), false),
            [Role::Member, Role::Manager, Role::OrgAdmin]
        );
        assert_eq!(
            grantable_roles(Some(Role::OrgAdmin), false),
            [Role::Member, Role::Manager]
        );
        assert_eq!(grantable_roles(Some(Role::Manager), false), [Role::Member]);
        assert_eq!(grantable_roles(Some(Role::Member), false), []);
        assert_eq!(
            grantable_roles(None, true),
            [Role::Member, Role::Manager, Role::OrgAdmin]
        );
        assert_eq!(
            changeable_roles(Some(Role::OrgAdmin), false),
            [Role::Member, Role::Manager, Role::DepartmentAdmin]
        );
        assert_eq!(changeable_roles(None, true).len(), 4);
    }

    #[test]
    fn roles_typed_in_forms() {
        assert_eq!(dashboard_role(" "), Ok(Role::Member));
        assert_eq!(dashboard_role("org_admin"), Ok(Role::OrgAdmin));
        assert!(dashboard_role("admin").is_err());
        assert!(dashboard_role("owner").is_err());
        assert!(dashboard_role("department_admin").is_err());
    }

    #[test]
    fn who_may_manage_whom() {
        assert!(check_can_manage(Some(Role::Manager), false, Role::Member).is_ok());
        assert_eq!(
            check_can_manage(Some(Role::Manager), false, Role::Manager),
            Err(AppError::Forbidden)
        );
        assert!(check_can_manage(Some(Role::OrgAdmin), false, Role::DepartmentAdmin).is_ok());
        assert_eq!(
            check_can_manage(Some(Role::OrgAdmin), false, Role::OrgAdmin),
            Err(AppError::Forbidden)
        );
        assert!(check_can_manage(Some(Role::Owner), false, Role::OrgAdmin).is_ok());
        assert!(check_can_manage(Some(Role::Owner), false, Role::Owner).is_err());
        assert!(check_can_manage(None, true, Role::Owner).is_err());
    }

    #[test]
    fn pasted_email_lists() {
        assert_eq!(
            parse_email_list("a@x.example, B@x.example\nc@x.example; a@x.example").unwrap(),
            vec!["a@x.example", "b@x.example", "c@x.example"]
        );
        let e = parse_email_list("a@x.example, nope, also bad")
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope, also, bad"), "{e}");
        assert!(parse_email_list("  \n ").is_err());
    }

    #[test]
    fn new_member_form() {
        let ok = NewMemberForm {
            name: " Ana Ruiz ".into(),
            email: "Ana@Example.com".into(),
            role: "manager".into(),
            teams: vec![3, 1, 3],
        }
        .validate()
        .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.email.as_str(), ok.role),
            ("Ana Ruiz", "ana@example.com", Role::Manager)
        );
        assert_eq!(ok.teams, t(&[1, 3]));
        let bad = NewMemberForm {
            role: "owner".into(),
            name: "A".into(),
            email: "a@b.example".into(),
            ..Default::default()
        };
        assert!(matches!(bad.validate(), Err(AppError::Invalid { ref field, .. }) if field == "role"));
    }

    #[test]
    fn invitation_links_say_what_is_wrong() {
        let now = "2026-11-22T10:00:00Z";
        assert_eq!(
            invitation_problem("pending", "2026-11-29T10:00:00Z", now, "Acme"),
            None
        );
        for (status, expires, then) in [
            ("pending", "2026-11-21T10:00:00Z", "send you a new invitation"),
            ("revoked", "2026-11-29T10:00:00Z", "withdrawn"),
            ("accepted", "2026-11-29T10:00:00Z", "sign in to continue"),
        ] {
            let m = invitation_problem(status, expires, now, "Acme").unwrap();
            assert!(m.starts_with("This link has expired or was already used."), "{m}");
            assert!(m.contains(then), "{m}");
        }
    }

    #[test]
    fn join_domains_match_exactly() {
        let d = vec!["northwind.example".to_string()];
        assert!(email_in_domains("ana@northwind.example", &d));
        assert!(email_in_domains("ana@NORTHWIND.example", &d));
        assert!(!email_in_domains("ana@evil-northwind.example", &d));
        assert!(!email_in_domains("ana@mail.northwind.example", &d));
        assert!(!email_in_domains("northwind.example", &d));
    }

    #[test]
    fn filters_parse() {
        assert_eq!(MemberStatus::parse_filter("").unwrap(), None);
        assert_eq!(
            MemberStatus::parse_filter("invited").unwrap(),
            Some(MemberStatus::Invited)
        );
        assert!(MemberStatus::parse_filter("gone").is_err());
        assert_eq!(MemberSort::parse("joined"), MemberSort::Joined);
        assert_eq!(MemberSort::parse("?"), MemberSort::Name);
    }

    #[test]
    fn activity_is_written_again_only_after_five_minutes() {
        let threshold = "2026-12-01T10:00:00Z";
        assert!(activity_stale(None, threshold));
        assert!(activity_stale(Some("2026-12-01T09:59:59Z"), threshold));
        assert!(!activity_stale(Some("2026-12-01T10:00:00Z"), threshold));
        assert_eq!(ACTIVITY_EVERY_SECONDS, 5 * 60);
    }
}

//! Effective course access: which courses one member of one organization has, where each comes
//! from, its due date, and — when they cannot open it — why, in one sentence.
//!
//! Everything here is decided by [`effective`] and [`why_not`] from plain facts loaded by the
//! repository (`server/repo/access.rs`); nothing else in the app decides access.
//!
//! Rules:
//! - A course reaches a member through an assignment to the **organization** (every member,
//!   now and later), a **department** (every team in it or below it), a **team** they belong to,
//!   the **member** personally, or their **seat type** (the organization's seat benefit for their
//!   role, else the type's, else the type's default seat type).
//! - **Due date**: the most specific grant that sets one decides (member, then team, then the
//!   deepest department, then organization; seat types set none). Among equally specific grants
//!   (two teams) the earliest date wins. "N days after access" counts from the day the member
//!   got the course through that grant: the latest of joining the organization, joining the team
//!   (team grants) and the assignment's creation.
//! - **No access** — the course still listed, as history — when the membership is removed or not
//!   yet accepted, the organization is suspended, archived or expired, or the course is retired
//!   (or still a draft). Access needs all of: an active membership, an active organization, a
//!   published course and at least one grant.

use serde::{Deserialize, Serialize};

use super::course::CourseStatus;
use super::dates;
use super::ids::{AssignmentId, CourseId, DepartmentId, TeamId, UserId};
use super::org::OrgStatus;
use crate::error::AppError;

/// Whom an assignment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// Every member of the organization, present and future.
    Organization,
    /// Every team in this department and the departments below it.
    Department(DepartmentId),
    /// The members of this team.
    Team(TeamId),
    /// One person.
    Member(UserId),
}

impl Target {
    /// The stored level name.
    pub fn level(self) -> &'static str {
        match self {
            Target::Organization => "organization",
            Target::Department(_) => "department",
            Target::Team(_) => "team",
            Target::Member(_) => "member",
        }
    }
}

/// When an assigned course is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// No due date.
    Never,
    /// A fixed date, `YYYY-MM-DD`.
    On(String),
    /// This many days after the member gets access.
    DaysAfterAccess(i64),
}

impl Due {
    /// From the stored columns (`due_date`, `due_days`).
    pub fn from_columns(date: Option<String>, days: Option<i64>) -> Due {
        match (date, days) {
            (Some(d), _) => Due::On(d),
            (None, Some(n)) => Due::DaysAfterAccess(n),
            (None, None) => Due::Never,
        }
    }

    /// The stored columns (`due_date`, `due_days`).
    pub fn columns(&self) -> (Option<String>, Option<i64>) {
        match self {
            Due::Never => (None, None),
            Due::On(d) => (Some(d.clone()), None),
            Due::DaysAfterAccess(n) => (None, Some(*n)),
        }
    }

    /// For people: "by 2026-12-01", "14 days after access", "no due date".
    pub fn label(&self) -> String {
        match self {
            Due::Never => "no due date".into(),
            Due::On(d) => format!("by {d}"),
            Due::DaysAfterAccess(1) => "1 day after access".into(),
            Due::DaysAfterAccess(n) => format!("{n} days after access"),
        }
    }

    /// Parses the two form fields: a date (`YYYY-MM-DD`) or a number of days, at most one.
    pub fn parse(date: &str, days: &str) -> Result<Due, AppError> {
        let (date, days) = (date.trim(), days.trim());
        match (date.is_empty(), days.is_empty()) {
            (true, true) => Ok(Due::Never),
            (false, false) => Err(AppError::invalid(
                "due_days",
                "Give either a due date or a number of days after access, not both.",
            )),
            (false, true) if dates::is_date(date) => Ok(Due::On(date.to_string())),
            (false, true) => Err(AppError::invalid(
                "due_date",
                "Enter the due date as YYYY-MM-DD (for example 2026-12-31), or leave it empty.",
            )),
            (true, false) => match days.parse::<i64>() {
                Ok(n) if (1..=3650).contains(&n) => Ok(Due::DaysAfterAccess(n)),
                _ => Err(AppError::invalid(
                    "due_days",
                    "Enter the days after access as a whole number from 1 to 3650, or leave it empty.",
                )),
            },
        }
    }

    /// The due date for someone who got the course on `access_day` (`YYYY-MM-DD…`).
    fn resolve(&self, access_day: &str) -> Option<String> {
        match self {
            Due::Never => None,
            Due::On(d) => Some(d.clone()),
            Due::DaysAfterAccess(n) => dates::add_days(access_day, *n),
        }
    }
}

/// One assignment of the member's organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Id.
    pub id: AssignmentId,
    /// The course.
    pub course: CourseId,
    /// For whom.
    pub target: Target,
    /// When it is due.
    pub due: Due,
    /// When it was made (ISO-8601 UTC).
    pub created_at: String,
}

/// The state of the person's membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Membership {
    /// Never a member.
    None,
    /// Invited, not accepted yet.
    Invited,
    /// A member since this time (ISO-8601 UTC).
    Active {
        /// When they joined.
        joined_at: String,
    },
    /// Removed at this time.
    Removed {
        /// When (ISO-8601 UTC), if known.
        removed_at: Option<String>,
    },
}

/// One of the member's teams in the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFact {
    /// Id.
    pub id: TeamId,
    /// Name.
    pub name: String,
    /// Its department, if any.
    pub department: Option<DepartmentId>,
    /// When the member joined it (ISO-8601 UTC).
    pub added_at: String,
}

/// One department of the organization (all of them, so ancestors can be followed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentFact {
    /// Id.
    pub id: DepartmentId,
    /// Parent.
    pub parent: Option<DepartmentId>,
    /// Name.
    pub name: String,
}

/// A catalog course the facts mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseFact {
    /// Id.
    pub id: CourseId,
    /// Title.
    pub title: String,
    /// Draft, published or retired.
    pub status: CourseStatus,
}

/// The member's seat type and the courses it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatFact {
    /// Seat type name.
    pub name: String,
    /// Its courses.
    pub courses: Vec<CourseId>,
}

/// Everything access depends on, for one person in one organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The person.
    pub user: UserId,
    /// Their name, for sentences.
    pub user_name: String,
    /// The organization's name.
    pub org_name: String,
    /// Its effective status.
    pub org_status: OrgStatus,
    /// Its expiry (ISO-8601 UTC), if any.
    pub expires_at: Option<String>,
    /// The membership.
    pub membership: Membership,
    /// Their teams in this organization.
    pub teams: Vec<TeamFact>,
    /// All departments of the organization.
    pub departments: Vec<DepartmentFact>,
    /// The organization's assignments (others are ignored).
    pub assignments: Vec<Assignment>,
    /// Their seat type, if any.
    pub seat: Option<SeatFact>,
    /// The catalog courses mentioned by assignments and the seat type.
    pub courses: Vec<CourseFact>,
}

/// Where a course comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Assigned to the member personally.
    Member,
    /// Assigned to one of their teams.
    Team(String),
    /// Assigned to a department above one of their teams.
    Department(String),
    /// Assigned to the whole organization.
    Organization,
    /// Granted by their seat type.
    SeatType(String),
}

impl Source {
    /// "organization", "department Engineering", "team Sales", "seat type Premium", "assigned to them".
    pub fn label(&self) -> String {
        match self {
            Source::Member => "assigned to them".into(),
            Source::Team(n) => format!("team {n}"),
            Source::Department(n) => format!("department {n}"),
            Source::Organization => "organization".into(),
            Source::SeatType(n) => format!("seat type {n}"),
        }
    }
}

/// Why someone cannot open a course they would otherwise have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Blocked {
    /// Their membership was removed.
    MembershipRemoved,
    /// They have not accepted their invitation.
    InvitationPending,
    /// They are not a member.
    NotMember,
    /// The organization is suspended.
    OrgSuspended,
    /// The organization is archived.
    OrgArchived,
    /// The organization expired (date `YYYY-MM-DD`).
    OrgExpired(String),
    /// The course is retired.
    CourseRetired,
    /// The course is a draft.
    CourseDraft,
}

impl Blocked {
    /// Short label for lists ("Organization expired on 2026-10-01").
    pub fn label(&self) -> String {
        match self {
            Blocked::MembershipRemoved => "Membership removed".into(),
            Blocked::InvitationPending => "Invitation not accepted yet".into(),
            Blocked::NotMember => "Not a member".into(),
            Blocked::OrgSuspended => "Organization suspended".into(),
            Blocked::OrgArchived => "Organization archived".into(),
            Blocked::OrgExpired(d) => format!("Organization expired on {d}"),
            Blocked::CourseRetired => "Course retired".into(),
            Blocked::CourseDraft => "Course not published".into(),
        }
    }
}

/// One course of a member, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveCourse {
    /// The course.
    pub course: CourseId,
    /// Its title.
    pub title: String,
    /// Every grant, most specific first.
    pub sources: Vec<Source>,
    /// The effective due date (`YYYY-MM-DD`), if any.
    pub due_date: Option<String>,
    /// `None`: they can open it. Otherwise it is history only, and why.
    pub blocked: Option<Blocked>,
}

impl EffectiveCourse {
    /// Whether the member can open it.
    pub fn open(&self) -> bool {
        self.blocked.is_none()
    }

    /// "team Sales, organization".
    pub fn sources_label(&self) -> String {
        self.sources
            .iter()
            .map(Source::label)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A grant before grouping: its source, how specific it is, and its due date.
struct Grant {
    course: CourseId,
    source: Source,
    specificity: (u8, usize),
    due: Option<String>,
}

/// Why a member who would have access does not: membership first, then the organization.
pub fn blocked_by_membership_or_org(f: &Facts) -> Option<Blocked> {
    match f.membership {
        Membership::None => return Some(Blocked::NotMember),
        Membership::Invited => return Some(Blocked::InvitationPending),
        Membership::Removed { .. } => return Some(Blocked::MembershipRemoved),
        Membership::Active { .. } => {}
    }
    match f.org_status {
        OrgStatus::Active => None,
        OrgStatus::Suspended => Some(Blocked::OrgSuspended),
        OrgStatus::Archived => Some(Blocked::OrgArchived),
        OrgStatus::Expired => Some(Blocked::OrgExpired(
            f.expires_at
                .as_deref()
                .and_then(|e| e.get(..10))
                .unwrap_or("an earlier date")
                .to_string(),
        )),
    }
}

/// The departments a team sits in, nearest first, with their depth from the top (0 = top).
/// Stops at a cycle or a missing parent rather than looping.
fn department_chain(depts: &[DepartmentFact], start: Option<DepartmentId>) -> Vec<&DepartmentFact> {
    let mut chain = Vec::new();
    let mut next = start;
    while let Some(id) = next {
        let Some(d) = depts.iter().find(|d| d.id == id) else {
            break;
        };
        if chain.iter().any(|c: &&DepartmentFact| c.id == id) {
            break;
        }
        chain.push(d);
        next = d.parent;
    }
    chain
}

fn grants(f: &Facts) -> Vec<Grant> {
    let joined = match &f.membership {
        Membership::Active { joined_at } => joined_at.clone(),
        _ => String::new(),
    };
    let later = |a: &str, b: &str| if a >= b { a.to_string() } else { b.to_string() };
    let mut out = Vec::new();
    for a in &f.assignments {
        let since_assigned = later(&joined, &a.created_at);
        match a.target {
            Target::Organization => out.push(Grant {
                course: a.course,
                source: Source::Organization,
                specificity: (1, 0),
                due: a.due.resolve(&since_assigned),
            }),
            Target::Member(u) if u == f.user => out.push(Grant {
                course: a.course,
                source: Source::Member,
                specificity: (4, 0),
                due: a.due.resolve(&since_assigned),
            }),
            Target::Member(_) => {}
            Target::Team(t) => {
                if let Some(team) = f.teams.iter().find(|x| x.id == t) {
                    out.push(Grant {
                        course: a.course,
                        source: Source::Team(team.name.clone()),
                        specificity: (3, 0),
                        due: a.due.resolve(&later(&since_assigned, &team.added_at)),
                    });
                }
            }
            Target::Department(d) => {
                // The member's teams under this department; the latest team joining counts.
                let mut hit: Option<(&DepartmentFact, usize, String)> = None;
                for team in &f.teams {
                    let chain = department_chain(&f.departments, team.department);
                    if let Some(pos) = chain.iter().position(|c| c.id == d) {
                        let depth = chain.len() - 1 - pos;
                        let since = later(&since_assigned, &team.added_at);
                        let earlier = hit.as_ref().is_some_and(|(_, _, s)| *s <= since);
                        if !earlier {
                            hit = Some((chain[pos], depth, since));
                        }
                    }
                }
                if let Some((dept, depth, since)) = hit {
                    out.push(Grant {
                        course: a.course,
                        source: Source::Department(dept.name.clone()),
                        specificity: (2, depth),
                        due: a.due.resolve(&since),
                    });
                }
            }
        }
    }
    if let Some(seat) = &f.seat {
        for c in &seat.courses {
            out.push(Grant {
                course: *c,
                source: Source::SeatType(seat.name.clone()),
                specificity: (0, 0),
                due: None,
            });
        }
    }
    out
}

/// The member's courses: every course any grant reaches, with its sources (most specific
/// first), due date and — when they cannot open it — why. Sorted by title.
pub fn effective(f: &Facts) -> Vec<EffectiveCourse> {
    let mut all = grants(f);
    // Most specific first; equal specificity: earliest due date first, no date last.
    all.sort_by(|a, b| {
        b.specificity
            .cmp(&a.specificity)
            .then_with(|| match (&a.due, &b.due) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    let gate = blocked_by_membership_or_org(f);
    let mut out: Vec<EffectiveCourse> = Vec::new();
    for g in all {
        if let Some(existing) = out.iter_mut().find(|e| e.course == g.course) {
            if !existing.sources.contains(&g.source) {
                existing.sources.push(g.source);
            }
            if existing.due_date.is_none() {
                existing.due_date = g.due;
            }
            continue;
        }
        let Some(course) = f.courses.iter().find(|c| c.id == g.course) else {
            continue;
        };
        let blocked = gate.clone().or(match course.status {
            CourseStatus::Published => None,
            CourseStatus::Retired => Some(Blocked::CourseRetired),
            CourseStatus::Draft => Some(Blocked::CourseDraft),
        });
        out.push(EffectiveCourse {
            course: g.course,
            title: course.title.clone(),
            sources: vec![g.source],
            due_date: g.due,
            blocked,
        });
    }
    out.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.course.cmp(&b.course))
    });
    out
}

/// One sentence: can this member open this course, and if not, why not.
pub fn why_not(f: &Facts, course: CourseId) -> String {
    let (who, org) = (&f.user_name, &f.org_name);
    let Some(c) = f.courses.iter().find(|c| c.id == course) else {
        return "That course is not in the catalog.".into();
    };
    let title = &c.title;
    match &f.membership {
        Membership::None => return format!("{who} is not a member of {org}."),
        Membership::Invited => {
            return format!(
                "{who} has not accepted the invitation to {org} yet, so they have no courses there."
            )
        }
        Membership::Removed { removed_at } => {
            let when = removed_at
                .as_deref()
                .and_then(|r| r.get(..10))
                .map(|d| format!(" on {d}"));
            return format!(
                "{who}'s membership in {org} was removed{}, so they no longer have access to its courses.",
                when.unwrap_or_default()
            );
        }
        Membership::Active { .. } => {}
    }
    match blocked_by_membership_or_org(f) {
        Some(Blocked::OrgSuspended) => {
            return format!(
                "{org} is suspended, so nobody in it can open its courses until it is reactivated."
            )
        }
        Some(Blocked::OrgArchived) => return format!("{org} is archived, so its courses are history only."),
        Some(Blocked::OrgExpired(d)) => {
            return format!("{org} expired on {d}, so its courses are history only until it is renewed.")
        }
        _ => {}
    }
    let Some(e) = effective(f).into_iter().find(|e| e.course == course) else {
        let teams = if f.teams.is_empty() {
            "they are in no team".to_string()
        } else {
            let names = f
                .teams
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            format!("their teams: {names}")
        };
        return format!(
            "{title} is not assigned to {who}: not to {org}, not to their departments or teams ({teams}), not to them personally, and not through their seat type."
        );
    };
    match e.blocked {
        Some(Blocked::CourseRetired) => {
            format!("{title} is retired: it stays in {who}'s history but nobody can open it any more.")
        }
        Some(Blocked::CourseDraft) => format!("{title} is not published yet, so learners cannot open it."),
        Some(other) => format!("{who} cannot open {title}: {}.", other.label().to_lowercase()),
        None => {
            let due = e
                .due_date
                .as_deref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            format!("{who} can open {title} (through {}{due}).", e.sources_label())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C1: CourseId = CourseId(1);
    const C2: CourseId = CourseId(2);
    const ME: UserId = UserId(7);

    fn dept(id: i64, parent: Option<i64>, name: &str) -> DepartmentFact {
        DepartmentFact {
            id: DepartmentId(id),
            parent: parent.map(DepartmentId),
            name: name.into(),
        }
    }

    fn team(id: i64, dept: Option<i64>, name: &str) -> TeamFact {
        TeamFact {
            id: TeamId(id),
            name: name.into(),
            department: dept.map(DepartmentId),
            added_at: "2026-01-10T00:00:00Z".into(),
        }
    }

    fn assign(id: i64, course: CourseId, target: Target, due: Due) -> Assignment {
        Assignment {
            id: AssignmentId(id),
            course,
            target,
            due,
            created_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    /// A member of Acme in team Sales (department Sales Org › EMEA), nothing assigned.
    fn base() -> Facts {
        Facts {
            user: ME,
            user_name: "Lena".into(),
            org_name: "Acme".into(),
            org_status: OrgStatus::Active,
            expires_at: None,
            membership: Membership::Active {
                joined_at: "2026-01-05T00:00:00Z".into(),
            },
            teams: vec![team(10, Some(2), "Sales")],
            departments: vec![
                dept(1, None, "Sales Org"),
                dept(2, Some(1), "EMEA"),
                dept(3, None, "Engineering"),
            ],
            assignments: vec![],
            seat: None,
            courses: vec![
                CourseFact {
                    id: C1,
                    title: "Security Basics".into(),
                    status: CourseStatus::Published,
                },
                CourseFact {
                    id: C2,
                    title: "Advanced Sales".into(),
                    status: CourseStatus::Published,
                },
            ],
        }
    }

    fn sources(f: &Facts, c: CourseId) -> Option<Vec<String>> {
        effective(f)
            .into_iter()
            .find(|e| e.course == c)
            .map(|e| e.sources.iter().map(Source::label).collect())
    }

    fn open_courses(f: &Facts) -> Vec<CourseId> {
        effective(f)
            .into_iter()
            .filter(EffectiveCourse::open)
            .map(|e| e.course)
            .collect()
    }

    #[test]
    fn each_level_reaches_the_member_and_names_itself() {
        let cases: Vec<(Target, Option<&str>)> = vec![
            (Target::Organization, Some("organization")),
            (Target::Department(DepartmentId(1)), Some("department Sales Org")),
            (Target::Department(DepartmentId(2)), Some("department EMEA")),
            (Target::Department(DepartmentId(3)), None),
            (Target::Team(TeamId(10)), Some("team Sales")),
            (Target::Team(TeamId(11)), None),
            (Target::Member(ME), Some("assigned to them")),
            (Target::Member(UserId(8)), None),
        ];
        for (target, expected) in cases {
            let mut f = base();
            f.assignments.push(assign(1, C1, target, Due::Never));
            assert_eq!(
                sources(&f, C1),
                expected.map(|e| vec![e.to_string()]),
                "{target:?}"
            );
        }
    }

    #[test]
    fn seat_types_grant_their_courses() {
        let mut f = base();
        f.seat = Some(SeatFact {
            name: "Premium".into(),
            courses: vec![C2],
        });
        assert_eq!(sources(&f, C2), Some(vec!["seat type Premium".to_string()]));
        assert_eq!(open_courses(&f), vec![C2]);
    }

    /// Levels × membership × organization status × course status × seat benefit.
    #[test]
    fn exhaustive_table_of_statuses() {
        let memberships = [
            (
                Membership::Active {
                    joined_at: "2026-01-05T00:00:00Z".into(),
                },
                None,
            ),
            (Membership::Invited, Some(Blocked::InvitationPending)),
            (
                Membership::Removed { removed_at: None },
                Some(Blocked::MembershipRemoved),
            ),
            (Membership::None, Some(Blocked::NotMember)),
        ];
        let orgs = [
            (OrgStatus::Active, None),
            (OrgStatus::Suspended, Some(Blocked::OrgSuspended)),
            (OrgStatus::Archived, Some(Blocked::OrgArchived)),
            (OrgStatus::Expired, Some(Blocked::OrgExpired("2026-03-01".into()))),
        ];
        let courses = [
            (CourseStatus::Published, None),
            (CourseStatus::Retired, Some(Blocked::CourseRetired)),
            (CourseStatus::Draft, Some(Blocked::CourseDraft)),
        ];
        let targets = [
            Some(Target::Organization),
            Some(Target::Department(DepartmentId(1))),
            Some(Target::Team(TeamId(10))),
            Some(Target::Member(ME)),
            None,
        ];
        let mut cases = 0;
        for (m, m_block) in &memberships {
            for (o, o_block) in &orgs {
                for (c, c_block) in &courses {
                    for target in &targets {
                        for seat in [false, true] {
                            let mut f = base();
                            f.membership = m.clone();
                            f.org_status = *o;
                            f.expires_at = Some("2026-03-01T23:59:59Z".into());
                            f.courses[0].status = *c;
                            if let Some(t) = target {
                                f.assignments.push(assign(1, C1, *t, Due::Never));
                            }
                            if seat {
                                f.seat = Some(SeatFact {
                                    name: "Basic".into(),
                                    courses: vec![C1],
                                });
                            }
                            let got = effective(&f).into_iter().find(|e| e.course == C1);
                            let granted = target.is_some() || seat;
                            assert_eq!(got.is_some(), granted, "{m:?} {o:?} {c:?} {target:?} {seat}");
                            if let Some(e) = got {
                                let expected = m_block.clone().or(o_block.clone()).or(c_block.clone());
                                assert_eq!(e.blocked, expected, "{m:?} {o:?} {c:?} {target:?} {seat}");
                                assert_eq!(
                                    e.open(),
                                    matches!(m, Membership::Active { .. })
                                        && *o == OrgStatus::Active
                                        && *c == CourseStatus::Published
                                );
                            }
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(cases, 4 * 4 * 3 * 5 * 2);
    }

    #[test]
    fn the_most_specific_due_date_wins() {
        let mut f = base();
        f.assignments = vec![
            assign(1, C1, Target::Organization, Due::On("2026-12-31".into())),
            assign(
                2,
                C1,
                Target::Department(DepartmentId(1)),
                Due::On("2026-11-30".into()),
            ),
            assign(
                3,
                C1,
                Target::Department(DepartmentId(2)),
                Due::On("2026-11-15".into()),
            ),
        ];
        let due = |f: &Facts| effective(f)[0].due_date.clone();
        assert_eq!(due(&f).as_deref(), Some("2026-11-15"), "deepest department");
        f.assignments.push(assign(
            4,
            C1,
            Target::Team(TeamId(10)),
            Due::On("2027-01-31".into()),
        ));
        assert_eq!(
            due(&f).as_deref(),
            Some("2027-01-31"),
            "team beats departments, even when later"
        );
        f.assignments
            .push(assign(5, C1, Target::Member(ME), Due::On("2027-02-28".into())));
        assert_eq!(due(&f).as_deref(), Some("2027-02-28"), "personal beats team");
        // A more specific grant without a date leaves the broader date in force.
        let mut g = base();
        g.assignments = vec![
            assign(1, C1, Target::Organization, Due::On("2026-12-31".into())),
            assign(2, C1, Target::Team(TeamId(10)), Due::Never),
        ];
        assert_eq!(due(&g).as_deref(), Some("2026-12-31"));
        assert_eq!(
            sources(&g, C1),
            Some(vec!["team Sales".into(), "organization".into()])
        );
    }

    #[test]
    fn two_teams_at_the_same_level_take_the_earliest_date() {
        let mut f = base();
        f.teams.push(team(11, None, "Support"));
        f.assignments = vec![
            assign(1, C1, Target::Team(TeamId(10)), Due::On("2026-12-31".into())),
            assign(2, C1, Target::Team(TeamId(11)), Due::On("2026-12-01".into())),
        ];
        let e = &effective(&f)[0];
        assert_eq!(e.due_date.as_deref(), Some("2026-12-01"));
        assert_eq!(e.sources.len(), 2);
    }

    #[test]
    fn days_after_access_count_from_the_latest_start() {
        let mut f = base();
        // Joined 2026-01-05, assigned 2026-01-01, joined team 2026-01-10.
        f.assignments = vec![assign(1, C1, Target::Organization, Due::DaysAfterAccess(30))];
        assert_eq!(effective(&f)[0].due_date.as_deref(), Some("2026-02-04"));
        f.assignments = vec![assign(1, C1, Target::Team(TeamId(10)), Due::DaysAfterAccess(30))];
        assert_eq!(effective(&f)[0].due_date.as_deref(), Some("2026-02-09"));
        f.assignments[0].created_at = "2026-03-01T12:00:00Z".into();
        assert_eq!(effective(&f)[0].due_date.as_deref(), Some("2026-03-31"));
    }

    #[test]
    fn a_cycle_in_stored_departments_does_not_hang() {
        let mut f = base();
        f.departments = vec![dept(1, Some(2), "A"), dept(2, Some(1), "B")];
        f.teams = vec![team(10, Some(1), "Sales")];
        f.assignments = vec![assign(1, C1, Target::Department(DepartmentId(2)), Due::Never)];
        assert_eq!(sources(&f, C1), Some(vec!["department B".into()]));
    }

    #[test]
    fn the_why_check_answers_in_one_sentence() {
        let mut f = base();
        assert_eq!(
            why_not(&f, C1),
            "Security Basics is not assigned to Lena: not to Acme, not to their departments or teams (their teams: Sales), not to them personally, and not through their seat type."
        );
        f.assignments = vec![assign(
            1,
            C1,
            Target::Team(TeamId(10)),
            Due::On("2026-12-01".into()),
        )];
        assert_eq!(
            why_not(&f, C1),
            "Lena can open Security Basics (through team Sales, due 2026-12-01)."
        );
        f.courses[0].status = CourseStatus::Retired;
        assert!(why_not(&f, C1).starts_with("Security Basics is retired"));
        f.courses[0].status = CourseStatus::Published;
        f.org_status = OrgStatus::Expired;
        f.expires_at = Some("2026-10-01T23:59:59Z".into());
        assert_eq!(
            why_not(&f, C1),
            "Acme expired on 2026-10-01, so its courses are history only until it is renewed."
        );
        f.membership = Membership::Removed {
            removed_at: Some("2026-09-01T10:00:00Z".into()),
        };
        assert_eq!(
            why_not(&f, C1),
            "Lena's membership in Acme was removed on 2026-09-01, so they no longer have access to its courses."
        );
        assert_eq!(why_not(&f, CourseId(99)), "That course is not in the catalog.");
    }

    #[test]
    fn due_fields_parse_with_clear_errors() {
        assert_eq!(Due::parse("", ""), Ok(Due::Never));
        assert_eq!(Due::parse(" 2026-12-01 ", ""), Ok(Due::On("2026-12-01".into())));
        assert_eq!(Due::parse("", "14"), Ok(Due::DaysAfterAccess(14)));
        for (d, n, field) in [
            ("2026-02-30", "", "due_date"),
            ("tomorrow", "", "due_date"),
            ("", "0", "due_days"),
            ("", "x", "due_days"),
            ("2026-12-01", "3", "due_days"),
        ] {
            match Due::parse(d, n) {
                Err(AppError::Invalid { field: f, .. }) => assert_eq!(f, field, "{d} {n}"),
                other => panic!("{d} {n}: {other:?}"),
            }
        }
    }

    /// A tiny deterministic generator (no extra crates): xorshift.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn random_assignment(r: &mut Rng, id: i64) -> Assignment {
        let course = CourseId(1 + r.next(2) as i64);
        let target = match r.next(4) {
            0 => Target::Organization,
            1 => Target::Department(DepartmentId(1 + r.next(3) as i64)),
            2 => Target::Team(TeamId(10 + r.next(3) as i64)),
            _ => Target::Member(UserId(6 + r.next(3) as i64)),
        };
        let due = match r.next(3) {
            0 => Due::Never,
            1 => Due::On(format!("2026-12-{:02}", 1 + r.next(28))),
            _ => Due::DaysAfterAccess(1 + r.next(60) as i64),
        };
        assign(id, course, target, due)
    }

    /// Removing an assignment never grants access; an organization-level assignment reaches
    /// every active member of an active organization, whatever their teams.
    #[test]
    fn property_removal_never_grants_and_org_level_reaches_everyone() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for case in 0..5_000 {
            let mut f = base();
            f.teams = (0..r.next(3))
                .map(|i| team(10 + i as i64, Some(1 + r.next(3) as i64), "T"))
                .collect();
            f.assignments = (0..1 + r.next(6))
                .map(|i| random_assignment(&mut r, i as i64))
                .collect();
            if r.next(2) == 0 {
                f.seat = Some(SeatFact {
                    name: "S".into(),
                    courses: vec![C2],
                });
            }
            let before = open_courses(&f);
            let gone = r.next(f.assignments.len() as u64) as usize;
            let mut g = f.clone();
            g.assignments.remove(gone);
            let after = open_courses(&g);
            assert!(
                after.iter().all(|c| before.contains(c)),
                "case {case}: removal granted {after:?} ⊄ {before:?}"
            );

            let mut h = f.clone();
            h.assignments
                .push(assign(99, C1, Target::Organization, Due::Never));
            assert!(
                open_courses(&h).contains(&C1),
                "case {case}: org-level assignment missed"
            );
        }
    }
}

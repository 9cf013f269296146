//! Assigning courses: the form and its rules, who may assign to what, and what the Courses tab,
//! the member's course panel and My learning show.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::access::{Due, EffectiveCourse, Target};
use super::ids::{AssignmentId, CourseId, DepartmentId, OrgId, TeamId};
use super::members::{check_email_list, Scope};
use crate::error::AppError;

/// One assignment as the Courses tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    /// Id.
    pub id: AssignmentId,
    /// The course.
    pub course: CourseId,
    /// Its code.
    pub course_code: String,
    /// Its title.
    pub course_title: String,
    /// For whom.
    pub target: Target,
    /// The department's, team's or person's name (empty for the organization).
    pub target_name: String,
    /// When due.
    pub due: Due,
    /// Who assigned it (email), if known.
    pub assigned_by: String,
    /// When.
    pub created_at: String,
    /// Whether the viewer may remove it.
    pub removable: bool,
}

impl AssignmentView {
    /// "Whole organization", "Department Engineering", "Team Sales", "Lena Fischer (lena@…)".
    pub fn target_label(&self) -> String {
        match self.target {
            Target::Organization => "Whole organization".into(),
            Target::Department(_) => format!("Department {}", self.target_name),
            Target::Team(_) => format!("Team {}", self.target_name),
            Target::Member(_) => self.target_name.clone(),
        }
    }
}

/// What the assign form offers the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignOptions {
    /// Published courses: id, "CODE — Title".
    pub courses: Vec<(CourseId, String)>,
    /// Whether the whole organization may be chosen.
    pub whole_org: bool,
    /// Departments in scope: id and path.
    pub departments: Vec<(DepartmentId, String)>,
    /// Teams in scope.
    pub teams: Vec<(TeamId, String)>,
    /// Every catalog course (for the "why" check): id, title.
    pub all_courses: Vec<(CourseId, String)>,
}

/// The assign form as submitted. Course checkboxes arrive as `form[courses][ID]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    /// Ticked courses (key = value = course id).
    pub courses: BTreeMap<String, String>,
    /// organization, department, team or member.
    pub level: String,
    /// The department, for the department level.
    pub department_id: String,
    /// The team, for the team level.
    pub team_id: String,
    /// Member emails, for the member level.
    pub emails: String,
    /// Due date `YYYY-MM-DD`, or empty.
    pub due_date: String,
    /// Days after access, or empty.
    pub due_days: String,
}

/// Whom a checked form is for; member emails still need resolving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignTo {
    /// A ready target.
    Target(Target),
    /// These members (emails, lower-cased).
    Members(Vec<String>),
}

/// A checked assign form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignRequest {
    /// The courses, at least one.
    pub courses: Vec<CourseId>,
    /// For whom.
    pub to: AssignTo,
    /// When due.
    pub due: Due,
}

fn pick_id(field: &str, raw: &str, what: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid(field, format!("Choose {what} from the list.")))
}

/// An assignment request in typed pieces (the REST API's JSON; the page's form is read into
/// the same pieces), checked by [`AssignRequest::from_parts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignParts<'a> {
    /// Course ids.
    pub courses: Vec<i64>,
    /// `organization`, `department`, `team` or `member`.
    pub level: &'a str,
    /// The department, for the department level.
    pub department: Option<i64>,
    /// The team, for the team level.
    pub team: Option<i64>,
    /// Member emails, for the member level.
    pub emails: Vec<&'a str>,
    /// Due date `YYYY-MM-DD`.
    pub due_date: Option<&'a str>,
    /// Days after access.
    pub due_days: Option<i64>,
}

fn chosen(field: &str, id: Option<i64>, what: &str) -> Result<i64, AppError> {
    id.filter(|n| *n > 0)
        .ok_or_else(|| AppError::invalid(field, format!("Choose {what} from the list.")))
}

impl AssignRequest {
    /// Checks the shape of every piece (not yet whether the caller may assign there).
    pub fn from_parts(p: AssignParts<'_>) -> Result<AssignRequest, AppError> {
        let mut courses = Vec::new();
        for id in &p.courses {
            courses.push(CourseId(chosen("courses", Some(*id), "courses")?));
        }
        courses.sort();
        courses.dedup();
        if courses.is_empty() {
            return Err(AppError::invalid(
                "courses",
                "Tick at least one course to assign.",
            ));
        }
        let to = match p.level.trim() {
            "organization" => AssignTo::Target(Target::Organization),
            "department" => AssignTo::Target(Target::Department(DepartmentId(chosen(
                "department_id",
                p.department,
                "a department",
            )?))),
            "team" => AssignTo::Target(Target::Team(TeamId(chosen("team_id", p.team, "a team")?))),
            "member" => {
                let emails = check_email_list(p.emails.iter().copied()).map_err(|e| match e {
                    AppError::Invalid { message, .. } => AppError::invalid("emails", message),
                    other => other,
                })?;
                if emails.is_empty() {
                    return Err(AppError::invalid(
                        "emails",
                        "Enter the email of at least one member, one per line.",
                    ));
                }
                AssignTo::Members(emails)
            }
            _ => {
                return Err(AppError::invalid(
                    "level",
                    "Choose whom to assign to: the whole organization, a department, a team or members.",
                ))
            }
        };
        let days = p.due_days.map(|d| d.to_string()).unwrap_or_default();
        let due = Due::parse(p.due_date.unwrap_or(""), &days)?;
        Ok(AssignRequest { courses, to, due })
    }
}

impl AssignForm {
    /// Checks the shape of every field (not yet whether the viewer may assign there).
    pub fn validate(&self) -> Result<AssignRequest, AppError> {
        let id = |field: &str, raw: &str, what: &str| -> Result<Option<i64>, AppError> {
            match raw.trim() {
                "" => Ok(None),
                _ => pick_id(field, raw, what).map(Some),
            }
        };
        let mut courses = Vec::new();
        for raw in self.courses.values() {
            courses.push(pick_id("courses", raw, "courses")?);
        }
        let level = self.level.trim();
        AssignRequest::from_parts(AssignParts {
            courses,
            level,
            department: if level == "department" {
                id("department_id", &self.department_id, "a department")?
            } else {
                None
            },
            team: if level == "team" {
                id("team_id", &self.team_id, "a team")?
            } else {
                None
            },
            emails: self
                .emails
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .collect(),
            due_date: Some(self.due_date.as_str()),
            due_days: match self.due_days.trim() {
                "" => None,
                raw => match raw.parse::<i64>() {
                    Ok(n) => Some(n),
                    // Not a number: the message `Due::parse` gives for these two fields.
                    Err(_) => return Due::parse(&self.due_date, raw).and(Err(AppError::Internal)),
                },
            },
        })
    }
}

/// Whether someone with `scope` (and, for a department admin, the departments they administer
/// with everything below, `departments`) may assign to or remove from `target`;
/// `member_teams` are the target member's teams.
pub fn check_assign_scope(
    scope: &Scope,
    departments: &[DepartmentId],
    target: Target,
    member_teams: &[TeamId],
) -> Result<(), AppError> {
    if scope.is_organization() {
        return Ok(());
    }
    match target {
        Target::Organization => Err(AppError::invalid(
            "level",
            "Only owners and organization admins can assign to the whole organization. Choose one of your teams.",
        )),
        Target::Department(d) if departments.contains(&d) => Ok(()),
        Target::Department(_) => Err(AppError::invalid(
            "department_id",
            "You can only assign to departments you administer.",
        )),
        Target::Team(t) if scope.covers_team(t) => Ok(()),
        Target::Team(_) => Err(AppError::invalid("team_id", "You can only assign to teams you manage.")),
        Target::Member(_) if scope.covers_member(member_teams) => Ok(()),
        Target::Member(_) => Err(AppError::invalid(
            "emails",
            "You can only assign to members of your own teams.",
        )),
    }
}

/// What one assign request did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignOutcome {
    /// New assignments.
    pub added: usize,
    /// Existing ones whose due date was set again.
    pub updated: usize,
}

impl AssignOutcome {
    /// "2 assignments added, 1 due date updated."
    pub fn message(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match (self.added, self.updated) {
            (a, 0) => format!("{} added.", plural(a, "assignment", "assignments")),
            (0, u) => format!(
                "Already assigned: {} updated.",
                plural(u, "due date", "due dates")
            ),
            (a, u) => format!(
                "{} added, {} updated.",
                plural(a, "assignment", "assignments"),
                plural(u, "due date", "due dates")
            ),
        }
    }
}

/// A learner's state in one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LearnerStatus {
    /// Nothing done yet.
    NotStarted,
    /// Started, not finished.
    InProgress,
    /// Finished.
    Completed,
    /// Not completed and the due date has passed.
    Overdue,
}

impl LearnerStatus {
    /// Overdue means: not completed, and the due date (`YYYY-MM-DD`) is before `today`
    /// (a course due today is not overdue yet).
    pub fn of(progress: &str, due: Option<&str>, today: &str) -> LearnerStatus {
        match progress {
            "completed" => LearnerStatus::Completed,
            _ if due.is_some_and(|d| d < today.get(..10).unwrap_or(today)) => LearnerStatus::Overdue,
            "in_progress" => LearnerStatus::InProgress,
            _ => LearnerStatus::NotStarted,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            LearnerStatus::NotStarted => "Not started",
            LearnerStatus::InProgress => "In progress",
            LearnerStatus::Completed => "Completed",
            LearnerStatus::Overdue => "Overdue",
        }
    }

    /// CSS class suffix.
    pub fn key(self) -> &'static str {
        match self {
            LearnerStatus::NotStarted => "not-started",
            LearnerStatus::InProgress => "in-progress",
            LearnerStatus::Completed => "completed",
            LearnerStatus::Overdue => "overdue",
        }
    }
}

/// A progress row as the learner pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// The course.
    pub course: CourseId,
    /// Its title.
    pub title: String,
    /// not_started, in_progress, completed.
    pub status: String,
    /// Percent done.
    pub percent: i64,
    /// Lessons done.
    pub lessons_done: i64,
    /// Lessons in the course.
    pub lesson_count: i64,
    /// Last activity.
    pub last_activity: Option<String>,
}

/// One course on My learning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCourse {
    /// The course.
    pub course: CourseId,
    /// Title.
    pub title: String,
    /// "team Sales, organization" (empty when no longer assigned).
    pub sources: String,
    /// Effective due date.
    pub due_date: Option<String>,
    /// Not started / in progress / completed / overdue.
    pub status: LearnerStatus,
    /// Percent done.
    pub percent: i64,
    /// Whether they can open it; otherwise it is history and `history_reason` says why.
    pub open: bool,
    /// Why it is history only.
    pub history_reason: Option<String>,
}

/// One organization on My learning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrgLearning {
    /// The organization.
    pub org: OrgId,
    /// Its name.
    pub name: String,
    /// A note when the whole organization is closed to them (expired, removed…).
    pub notice: Option<String>,
    /// Their courses, open ones first.
    pub courses: Vec<MyCourse>,
}

/// Builds the My learning courses of one organization from the effective courses and the
/// learner's progress rows: every effective course, plus courses with progress that are no
/// longer assigned (as history).
pub fn my_courses(effective: &[EffectiveCourse], progress: &[LessonProgress], today: &str) -> Vec<MyCourse> {
    let mut out: Vec<MyCourse> = effective
        .iter()
        .map(|e| {
            let p = progress.iter().find(|p| p.course == e.course);
            let status = p.map(|p| p.status.as_str()).unwrap_or("not_started");
            MyCourse {
                course: e.course,
                title: e.title.clone(),
                sources: e.sources_label(),
                due_date: e.due_date.clone(),
                status: LearnerStatus::of(status, e.due_date.as_deref(), today),
                percent: p.map(|p| p.percent).unwrap_or(0),
                open: e.open(),
                history_reason: e.blocked.as_ref().map(|b| b.label()),
            }
        })
        .collect();
    for p in progress {
        if out.iter().any(|c| c.course == p.course) {
            continue;
        }
        out.push(MyCourse {
            course: p.course,
            title: p.title.clone(),
            sources: String::new(),
            due_date: None,
            status: LearnerStatus::of(&p.status, None, today),
            percent: p.percent,
            open: false,
            history_reason: Some("No longer assigned".into()),
        });
    }
    out.sort_by(|a, b| {
        b.open
            .cmp(&a.open)
            .then(a.title.to_lowercase().cmp(&b.title.to_lowercase()))
    });
    out
}

/// One member's courses, for the Members tab panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCourses {
    /// The member's name.
    pub name: String,
    /// Their courses.
    pub courses: Vec<EffectiveCourse>,
}

/// A course opened by its learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDetail {
    /// The organization.
    pub org: OrgId,
    /// Its name.
    pub org_name: String,
    /// The course.
    pub course: CourseId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Lesson numbers 1..=n with whether each is done.
    pub lessons: Vec<(i64, bool)>,
    /// Percent done.
    pub percent: i64,
    /// Status.
    pub status: LearnerStatus,
    /// Where it comes from.
    pub sources: String,
    /// Due date.
    pub due_date: Option<String>,
    /// Whether lessons can be marked (false: history only, with the reason).
    pub open: bool,
    /// Why it is history only.
    pub history_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{Blocked, Source};

    fn form(level: &str) -> AssignForm {
        AssignForm {
            courses: [
                ("3".to_string(), "3".to_string()),
                ("1".to_string(), "1".to_string()),
            ]
            .into(),
            level: level.into(),
            ..AssignForm::default()
        }
    }

    fn field_of(r: Result<AssignRequest, AppError>) -> String {
        match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn typed_pieces_are_checked_like_the_form() {
        let typed = AssignRequest::from_parts(AssignParts {
            courses: vec![3, 1, 3],
            level: "member",
            emails: vec!["Ana@Example.com", "bo@example.com"],
            due_days: Some(30),
            ..AssignParts::default()
        })
        .unwrap();
        let typed_form = AssignForm {
            emails: "Ana@Example.com\nbo@example.com".into(),
            due_days: "30".into(),
            ..form("member")
        };
        assert_eq!(typed, typed_form.validate().unwrap());
        assert_eq!(typed.courses, vec![CourseId(1), CourseId(3)]);
        assert_eq!(typed.due, Due::DaysAfterAccess(30));
        let parts = |p: AssignParts<'static>| field_of(AssignRequest::from_parts(p));
        let base = || AssignParts {
            courses: vec![1],
            level: "team",
            ..AssignParts::default()
        };
        assert_eq!(parts(base()), "team_id");
        assert_eq!(
            parts(AssignParts {
                team: Some(0),
                ..base()
            }),
            "team_id"
        );
        assert_eq!(
            parts(AssignParts {
                courses: vec![],
                team: Some(4),
                ..base()
            }),
            "courses"
        );
        assert_eq!(
            parts(AssignParts {
                level: "everyone",
                ..base()
            }),
            "level"
        );
        assert_eq!(
            parts(AssignParts {
                level: "member",
                emails: vec!["not-an-email"],
                ..base()
            }),
            "emails"
        );
        assert_eq!(
            parts(AssignParts {
                team: Some(4),
                due_days: Some(0),
                ..base()
            }),
            "due_days"
        );
        assert_eq!(
            parts(AssignParts {
                team: Some(4),
                due_date: Some("2026-12-31"),
                due_days: Some(3),
                ..base()
            }),
            "due_days",
            "a date and days at once"
        );
        let bad_days = AssignForm {
            team_id: "4".into(),
            due_days: "soon".into(),
            ..form("team")
        };
        assert_eq!(field_of(bad_days.validate()), "due_days");
    }

    #[test]
    fn the_form_needs_courses_a_target_and_a_sane_due_date() {
        let ok = form("organization").validate().unwrap();
        assert_eq!(ok.courses, vec![CourseId(1), CourseId(3)]);
        assert_eq!(ok.to, AssignTo::Target(Target::Organization));
        assert_eq!(
            field_of(
                AssignForm {
                    courses: BTreeMap::new(),
                    ..form("organization")
                }
                .validate()
            ),
            "courses"
        );
        assert_eq!(field_of(form("").validate()), "level");
        assert_eq!(field_of(form("department").validate()), "department_id");
        assert_eq!(field_of(form("team").validate()), "team_id");
        assert_eq!(field_of(form("member").validate()), "emails");
        let team = AssignForm {
            team_id: "4".into(),
            due_days: "30".into(),
            ..form("team")
        };
        let ok = team.validate().unwrap();
        assert_eq!(
            (ok.to, ok.due),
            (
                AssignTo::Target(Target::Team(TeamId(4))),
                Due::DaysAfterAccess(30)
            )
        );
        let members = AssignForm {
            emails: "A@x.example\nb@x.example".into(),
            ..form("member")
        };
        assert_eq!(
            members.validate().unwrap().to,
            AssignTo::Members(vec!["a@x.example".into(), "b@x.example".into()])
        );
        assert_eq!(
            field_of(
                AssignForm {
                    due_date: "2026-02-30".into(),
                    ..form("organization")
                }
                .validate()
            ),
            "due_date"
        );
    }

    #[test]
    fn managers_assign_only_within_their_teams() {
        let manager = Scope::Teams(vec![TeamId(1)]);
        let depts = [DepartmentId(5)];
        assert!(check_assign_scope(&Scope::Organization, &[], Target::Organization, &[]).is_ok());
        assert!(check_assign_scope(&manager, &[], Target::Organization, &[]).is_err());
        assert!(check_assign_scope(&manager, &[], Target::Team(TeamId(1)), &[]).is_ok());
        assert!(check_assign_scope(&manager, &[], Target::Team(TeamId(2)), &[]).is_err());
        assert!(check_assign_scope(&manager, &[], Target::Department(DepartmentId(5)), &[]).is_err());
        assert!(check_assign_scope(&manager, &depts, Target::Department(DepartmentId(5)), &[]).is_ok());
        let someone = Target::Member(crate::domain::ids::UserId(9));
        assert!(check_assign_scope(&manager, &[], someone, &[TeamId(2), TeamId(1)]).is_ok());
        assert!(check_assign_scope(&manager, &[], someone, &[TeamId(2)]).is_err());
        assert!(check_assign_scope(&manager, &[], someone, &[]).is_err());
    }

    #[test]
    fn overdue_means_past_due_and_not_completed() {
        assert_eq!(
            LearnerStatus::of("in_progress", Some("2026-11-22"), "2026-11-23"),
            LearnerStatus::Overdue
        );
        assert_eq!(
            LearnerStatus::of("not_started", Some("2026-11-22"), "2026-11-23T08:00:00Z"),
            LearnerStatus::Overdue
        );
        assert_eq!(
            LearnerStatus::of("in_progress", Some("2026-11-23"), "2026-11-23"),
            LearnerStatus::InProgress
        );
        assert_eq!(
            LearnerStatus::of("completed", Some("2026-01-01"), "2026-11-23"),
            LearnerStatus::Completed
        );
        assert_eq!(
            LearnerStatus::of("not_started", None, "2026-11-23"),
            LearnerStatus::NotStarted
        );
    }

    #[test]
    fn my_learning_keeps_unassigned_progress_as_history() {
        let effective = vec![
            EffectiveCourse {
                course: CourseId(1),
                title: "Zeta".into(),
                sources: vec![Source::Organization],
                due_date: Some("2026-01-01".into()),
                blocked: None,
            },
            EffectiveCourse {
                course: CourseId(3),
                title: "Beta".into(),
                sources: vec![Source::Team("Sales".into())],
                due_date: None,
                blocked: Some(Blocked::CourseRetired),
            },
        ];
        let p = |c: i64, t: &str, s: &str| LessonProgress {
            course: CourseId(c),
            title: t.into(),
            status: s.into(),
            percent: 50,
            lessons_done: 1,
            lesson_count: 2,
            last_activity: None,
        };
        let got = my_courses(
            &effective,
            &[p(1, "Zeta", "in_progress"), p(2, "Alpha", "completed")],
            "2026-11-23",
        );
        let summary: Vec<_> = got.iter().map(|c| (c.title.as_str(), c.open, c.status)).collect();
        assert_eq!(
            summary,
            vec![
                ("Zeta", true, LearnerStatus::Overdue),
                ("Alpha", false, LearnerStatus::Completed),
                ("Beta", false, LearnerStatus::NotStarted),
            ]
        );
        assert_eq!(got[1].history_reason.as_deref(), Some("No longer assigned"));
        assert_eq!(got[2].history_reason.as_deref(), Some("Course retired"));
    }

    #[test]
    fn outcome_messages_count_both_kinds() {
        assert_eq!(
            AssignOutcome { added: 2, updated: 0 }.message(),
            "2 assignments added."
        );
        assert_eq!(
            AssignOutcome { added: 0, updated: 1 }.message(),
            "Already assigned: 1 due date updated."
        );
        assert_eq!(
            AssignOutcome { added: 1, updated: 2 }.message(),
            "1 assignment added, 2 due dates updated."
        );
    }
}

//! Report figures: what every number in the Course Report, the User Report and the rollup
//! means, computed from learner × course facts. These functions are the definition; the summary
//! tables that make reports fast must always agree with them (tested).
//!
//! Definitions (one learner × one course is an **enrolment**):
//! - **Assigned**: enrolments of people who have the course through an assignment or their seat
//!   type (`domain::access`), or who made progress in it before their access ended; counted once
//!   per person and course at every level, however many teams they are in. Invited people count
//!   once they accept. People whose membership was removed count only when "include removed"
//!   is chosen.
//! - **Not started / In progress / Completed**: the enrolment's progress status (no progress row
//!   = not started).
//! - **Overdue**: not completed and the effective due date is before today (UTC). An overdue
//!   enrolment is also counted in its progress status; the statuses add up to Assigned.
//! - **Completion rate**: completed ÷ assigned, as a whole percent rounded down (0 when nothing
//!   is assigned).
//! - **Average score**: mean score of completed enrolments that have a score (none: no figure).
//! - **Average time**: mean time spent, in seconds, over enrolments with any time recorded.

use std::collections::{BTreeMap, BTreeSet};

/// The definitions above, as the Reports tab shows them (keep the two in step).
pub const DEFINITIONS: [(&str, &str); 8] = [
    (
        "Assigned",
        "People who have the course (through an assignment or their seat type) or made progress in it, each person counted once per course at every level, however many teams they are in. Invited people count once they accept.",
    ),
    ("Not started, In progress, Completed", "The learner's progress in the course; the three add up to Assigned."),
    (
        "Overdue",
        "Not completed and the due date (from the most specific assignment) is before today (UTC). Overdue enrolments are also counted in their status.",
    ),
    ("Completion rate", "Completed ÷ Assigned, as a whole percent rounded down."),
    ("Average score", "The mean score of completed enrolments that have a score."),
    ("Average time", "The mean time spent over enrolments with any time recorded."),
    (
        "Removed members",
        "People whose membership ended are left out unless \"Include removed members\" is ticked; their progress is kept.",
    ),
    (
        "Ended access",
        "When an assignment is removed, people who had made progress keep counting with that progress; people who had not started drop out.",
    ),
];

use serde::{Deserialize, Serialize};

use super::ids::{CourseId, DepartmentId, TeamId, UserId};

/// Progress status of one enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Progress {
    /// Nothing recorded.
    NotStarted,
    /// Started.
    InProgress,
    /// Finished.
    Completed,
}

impl Progress {
    /// From the stored status (unknown text counts as not started).
    pub fn parse(raw: &str) -> Progress {
        match raw {
            "completed" => Progress::Completed,
            "in_progress" => Progress::InProgress,
            _ => Progress::NotStarted,
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "Not started",
            Progress::InProgress => "In progress",
            Progress::Completed => "Completed",
        }
    }
}

/// One enrolment as reports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolment {
    /// The person.
    pub user: UserId,
    /// The course.
    pub course: CourseId,
    /// The person's teams in the organization (for the rollup).
    pub teams: Vec<TeamId>,
    /// Progress.
    pub progress: Progress,
    /// Effective due date `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Score 0–100, when recorded.
    pub score: Option<f64>,
    /// Seconds spent.
    pub time_spent: i64,
    /// Whether the membership was removed.
    pub removed: bool,
}

impl Enrolment {
    /// Not completed and past its due date.
    pub fn overdue(&self, today: &str) -> bool {
        self.progress != Progress::Completed
            && self
                .due
                .as_deref()
                .is_some_and(|d| d < today.get(..10).unwrap_or(today))
    }
}

/// The figures of one row of any report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Enrolments.
    pub assigned: i64,
    /// Not started.
    pub not_started: i64,
    /// In progress.
    pub in_progress: i64,
    /// Completed.
    pub completed: i64,
    /// Overdue (also counted in their status).
    pub overdue: i64,
    /// Sum of scores of completed enrolments with a score.
    pub score_sum: f64,
    /// How many scores.
    pub score_count: i64,
    /// Sum of time spent over enrolments with time.
    pub time_sum: i64,
    /// How many enrolments have time.
    pub time_count: i64,
}

impl Figures {
    /// Adds one enrolment.
    pub fn add(&mut self, e: &Enrolment, today: &str) {
        self.assigned += 1;
        match e.progress {
            Progress::NotStarted => self.not_started += 1,
            Progress::InProgress => self.in_progress += 1,
            Progress::Completed => self.completed += 1,
        }
        if e.overdue(today) {
            self.overdue += 1;
        }
        if let (Progress::Completed, Some(s)) = (e.progress, e.score) {
            self.score_sum += s;
            self.score_count += 1;
        }
        if e.time_spent > 0 {
            self.time_sum += e.time_spent;
            self.time_count += 1;
        }
    }

    /// Completed ÷ assigned, whole percent rounded down.
    pub fn completion_rate(&self) -> i64 {
        if self.assigned == 0 {
            0
        } else {
            self.completed * 100 / self.assigned
        }
    }

    /// Mean score of completed enrolments with a score.
    pub fn average_score(&self) -> Option<f64> {
        (self.score_count > 0).then(|| self.score_sum / self.score_count as f64)
    }

    /// Mean seconds over enrolments with time.
    pub fn average_time(&self) -> Option<i64> {
        (self.time_count > 0).then(|| self.time_sum / self.time_count)
    }
}

/// The enrolments a report counts: removed people only when asked for.
fn counted(rows: &[Enrolment], include_removed: bool) -> impl Iterator<Item = &Enrolment> {
    rows.iter().filter(move |e| include_removed || !e.removed)
}

/// Course Report: figures per course.
pub fn by_course(rows: &[Enrolment], include_removed: bool, today: &str) -> BTreeMap<CourseId, Figures> {
    let mut out: BTreeMap<CourseId, Figures> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for e in counted(rows, include_removed) {
        if seen.insert((e.user, e.course)) {
            out.entry(e.course).or_default().add(e, today);
        }
    }
    out
}

/// User Report: figures per person.
pub fn by_user(rows: &[Enrolment], include_removed: bool, today: &str) -> BTreeMap<UserId, Figures> {
    let mut out: BTreeMap<UserId, Figures> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for e in counted(rows, include_removed) {
        if seen.insert((e.user, e.course)) {
            out.entry(e.user).or_default().add(e, today);
        }
    }
    out
}

/// Where a team sits: its department, if any.
pub type TeamPlaces = BTreeMap<TeamId, Option<DepartmentId>>;
/// Department tree: each department's parent.
pub type DepartmentParents = BTreeMap<DepartmentId, Option<DepartmentId>>;

/// The rollup: the whole organization, every department (its subtree) and every team, each
/// counting a person's enrolment once however many of its teams they are in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollup {
    /// Everyone.
    pub organization: Figures,
    /// Per department, including everything below it.
    pub departments: BTreeMap<DepartmentId, Figures>,
    /// Per team.
    pub teams: BTreeMap<TeamId, Figures>,
}

/// Builds the rollup.
pub fn rollup(
    rows: &[Enrolment],
    teams: &TeamPlaces,
    parents: &DepartmentParents,
    include_removed: bool,
    today: &str,
) -> Rollup {
    let mut out = Rollup::default();
    let mut seen_org = BTreeSet::new();
    let mut seen_dept = BTreeSet::new();
    let mut seen_team = BTreeSet::new();
    for e in counted(rows, include_removed) {
        if seen_org.insert((e.user, e.course)) {
            out.organization.add(e, today);
        }
        for t in &e.teams {
            let Some(place) = teams.get(t) else { continue };
            if seen_team.insert((*t, e.user, e.course)) {
                out.teams.entry(*t).or_default().add(e, today);
            }
            let mut next = *place;
            let mut steps = 0;
            while let Some(d) = next {
                if seen_dept.insert((d, e.user, e.course)) {
                    out.departments.entry(d).or_default().add(e, today);
                }
                next = parents.get(&d).copied().flatten();
                steps += 1;
                if steps > parents.len() {
                    break; // a stored cycle: stop rather than loop
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2026-11-23";

    fn e(user: i64, course: i64, teams: &[i64], progress: Progress) -> Enrolment {
        Enrolment {
            user: UserId(user),
            course: CourseId(course),
            teams: teams.iter().map(|t| TeamId(*t)).collect(),
            progress,
            due: None,
            score: None,
            time_spent: 0,
            removed: false,
        }
    }

    fn places() -> (TeamPlaces, DepartmentParents) {
        // Dept 1 (Operations) > Dept 2 (Warehouse) > teams 10, 11; team 12 in dept 3; team 13 nowhere.
        let teams = [(10, Some(2)), (11, Some(2)), (12, Some(3)), (13, None)]
            .into_iter()
            .map(|(t, d)| (TeamId(t), d.map(DepartmentId)))
            .collect();
        let parents = [(1, None), (2, Some(1)), (3, None)]
            .into_iter()
            .map(|(d, p)| (DepartmentId(d), p.map(DepartmentId)))
            .collect();
        (teams, parents)
    }

    #[test]
    fn a_person_in_two_teams_counts_once_at_each_level_above_them() {
        let (teams, parents) = places();
        let rows = vec![
            e(1, 100, &[10, 11], Progress::Completed),
            e(2, 100, &[10], Progress::InProgress),
        ];
        let r = rollup(&rows, &teams, &parents, false, TODAY);
        assert_eq!(r.organization.assigned, 2);
        assert_eq!(
            r.departments[&DepartmentId(2)].assigned,
            2,
            "Warehouse: once each"
        );
        assert_eq!(
            r.departments[&DepartmentId(1)].assigned,
            2,
            "Operations: once each"
        );
        assert_eq!(r.teams[&TeamId(10)].assigned, 2);
        assert_eq!(r.teams[&TeamId(11)].assigned, 1);
        assert!(!r.departments.contains_key(&DepartmentId(3)));
        assert_eq!(r.organization.completion_rate(), 50);
    }

    #[test]
    fn overdue_is_past_due_and_not_completed_and_statuses_add_up() {
        let mut late = e(1, 100, &[], Progress::InProgress);
        late.due = Some("2026-11-22".into());
        let mut today = e(2, 100, &[], Progress::NotStarted);
        today.due = Some(TODAY.into());
        let mut done_late = e(3, 100, &[], Progress::Completed);
        done_late.due = Some("2026-01-01".into());
        let f = &by_course(&[late, today, done_late], false, TODAY)[&CourseId(100)];
        assert_eq!(f.overdue, 1);
        assert_eq!(f.not_started + f.in_progress + f.completed, f.assigned);
    }

    #[test]
    fn removed_people_count_only_when_asked() {
        let mut gone = e(9, 100, &[10], Progress::Completed);
        gone.removed = true;
        let rows = vec![gone, e(1, 100, &[10], Progress::NotStarted)];
        assert_eq!(by_course(&rows, false, TODAY)[&CourseId(100)].assigned, 1);
        assert_eq!(by_course(&rows, true, TODAY)[&CourseId(100)].assigned, 2);
        assert_eq!(by_user(&rows, false, TODAY).len(), 1);
    }

    #[test]
    fn averages_use_only_what_was_recorded() {
        let mut a = e(1, 100, &[], Progress::Completed);
        a.score = Some(80.0);
        a.time_spent = 600;
        let mut b = e(2, 100, &[], Progress::InProgress);
        b.score = Some(10.0); // not completed: not in the average score
        b.time_spent = 300;
        let c = e(3, 100, &[], Progress::NotStarted);
        let f = &by_course(&[a, b, c], false, TODAY)[&CourseId(100)];
        assert_eq!(f.average_score(), Some(80.0));
        assert_eq!(f.average_time(), Some(450));
        assert_eq!(Figures::default().average_score(), None);
        assert_eq!(Figures::default().completion_rate(), 0);
    }
}

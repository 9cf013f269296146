//! The reports as people see them: the filters in the URL, the rows, and one table model that
//! the page renders and the CSV export writes, so a download has exactly the page's columns.
//! What each figure means is defined once, in `domain::rollup`.

use serde::{Deserialize, Serialize};

use super::dates;
use super::ids::{CourseId, DepartmentId, TeamId, UserId};
use super::rollup::Figures;
use super::structure::optional_id;
use crate::error::AppError;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// Per course.
    Courses,
    /// Per member.
    Users,
    /// Organization → departments → teams.
    Rollup,
    /// Completions per week.
    Trend,
}

impl View {
    /// From the URL (`view=`); unknown or empty: the Course Report.
    pub fn parse(raw: &str) -> View {
        match raw {
            "users" => View::Users,
            "rollup" => View::Rollup,
            "trend" => View::Trend,
            _ => View::Courses,
        }
    }

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Courses => "courses",
            View::Users => "users",
            View::Rollup => "rollup",
            View::Trend => "trend",
        }
    }

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            View::Courses => "Course Report",
            View::Users => "User Report",
            View::Rollup => "Rollup",
            View::Trend => "Trend",
        }
    }

    /// All, in tab order.
    pub const ALL: [View; 4] = [View::Courses, View::Users, View::Rollup, View::Trend];
}

/// The status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Not started.
    NotStarted,
    /// In progress.
    InProgress,
    /// Completed.
    Completed,
    /// Overdue.
    Overdue,
}

impl StatusFilter {
    /// Every choice with its URL value and label.
    pub const ALL: [(StatusFilter, &'static str, &'static str); 4] = [
        (StatusFilter::NotStarted, "not_started", "Not started"),
        (StatusFilter::InProgress, "in_progress", "In progress"),
        (StatusFilter::Completed, "completed", "Completed"),
        (StatusFilter::Overdue, "overdue", "Overdue"),
    ];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, ..)| *s == self)
            .map(|(_, v, _)| *v)
            .unwrap_or("")
    }

    /// How many of `f` have this status.
    pub fn count(self, f: &Figures) -> i64 {
        match self {
            StatusFilter::NotStarted => f.not_started,
            StatusFilter::InProgress => f.in_progress,
            StatusFilter::Completed => f.completed,
            StatusFilter::Overdue => f.overdue,
        }
    }
}

/// The report filters as they stand in the URL (all text, so any URL can be read back).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// `courses`, `users`, `rollup` or `trend`.
    pub view: String,
    /// Department id.
    pub department: String,
    /// Team id.
    pub team: String,
    /// Course id.
    pub course: String,
    /// First day `YYYY-MM-DD`.
    pub from: String,
    /// Last day `YYYY-MM-DD`.
    pub to: String,
    /// Status filter value.
    pub status: String,
    /// `1` to include removed members.
    pub removed: String,
    /// Page of the User Report, from 1.
    pub page: String,
    /// Drill-down: a course's learners.
    pub learners: String,
    /// Drill-down: a member's courses.
    pub member: String,
    /// The column to sort by (its key), or empty for the report's own order.
    pub sort: String,
    /// `asc` or `desc`.
    pub dir: String,
}

/// The filters, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    /// Which report.
    pub view: View,
    /// Only this department (and below).
    pub department: Option<DepartmentId>,
    /// Only this team (wins over the department).
    pub team: Option<TeamId>,
    /// Only this course.
    pub course: Option<CourseId>,
    /// Period start, inclusive.
    pub from: Option<String>,
    /// Period end, inclusive.
    pub to: Option<String>,
    /// Only rows with at least one enrolment in this status.
    pub status: Option<StatusFilter>,
    /// Count removed members too.
    pub include_removed: bool,
    /// User Report page, from 1.
    pub page: i64,
    /// A course's learners.
    pub learners: Option<CourseId>,
    /// A member's courses.
    pub member: Option<UserId>,
    /// The sort asked for.
    pub sort: Option<Sort>,
}

/// Rows per page of the User Report and of drill-down lists.
pub const PAGE_SIZE: i64 = 50;

fn date_field(field: &str, raw: &str) -> Result<Option<String>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        d if dates::is_date(d) => Ok(Some(d.to_string())),
        _ => Err(AppError::invalid(
            field,
            "Enter a date as YYYY-MM-DD, or leave it empty.",
        )),
    }
}

impl ReportQuery {
    /// Checks every filter; the message says which one is wrong and how to fix it.
    pub fn validate(&self) -> Result<ReportFilter, AppError> {
        let from = date_field("from", &self.from)?;
        let to = date_field("to", &self.to)?;
        if let (Some(f), Some(t)) = (&from, &to) {
            if f > t {
                return Err(AppError::invalid(
                    "to",
                    "The period ends before it starts: swap the dates.",
                ));
            }
        }
        let status = match self.status.trim() {
            "" => None,
            s => Some(
                StatusFilter::ALL
                    .iter()
                    .find(|(_, v, _)| *v == s)
                    .map(|(f, ..)| *f)
                    .ok_or_else(|| AppError::invalid("status", "Choose a status from the list."))?,
            ),
        };
        let page = match self.page.trim() {
            "" => 1,
            p => p
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or_else(|| AppError::invalid("page", "Pages are numbered from 1."))?,
        };
        let sort = match self.sort.trim() {
            "" => None,
            k if k.len() <= 40
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
            {
                Some(Sort {
                    column: k.to_string(),
                    descending: match self.dir.trim() {
                        "" | "asc" => false,
                        "desc" => true,
                        _ => {
                            return Err(AppError::invalid(
                                "dir",
                                "Sort `asc` (ascending) or `desc` (descending).",
                            ))
                        }
                    },
                })
            }
            _ => {
                return Err(AppError::invalid(
                    "sort",
                    "Name a column of the report to sort by, e.g. `completed`.",
                ))
            }
        };
        Ok(ReportFilter {
            sort,
            view: View::parse(self.view.trim()),
            department: optional_id("department", &self.department)?.map(DepartmentId),
            team: optional_id("team", &self.team)?.map(TeamId),
            course: optional_id("course", &self.course)?.map(CourseId),
            from,
            to,
            status,
            include_removed: matches!(self.removed.trim(), "1" | "true" | "on"),
            page,
            learners: optional_id("learners", &self.learners)?.map(CourseId),
            member: optional_id("member", &self.member)?.map(UserId),
        })
    }

    /// The filters as query pairs (view and drill-downs excluded), for links that keep them.
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("department", self.department.clone()),
            ("team", self.team.clone()),
            ("course", self.course.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("status", self.status.clone()),
            ("removed", self.removed.clone()),
            ("sort", self.sort.clone()),
            ("dir", self.dir.clone()),
        ]
    }

    /// The query string of this report with `extra` pairs replacing or adding to the filters.
    pub fn link(&self, view: View, extra: &[(&'static str, String)]) -> String {
        let mut pairs = vec![("view", view.as_str().to_string())];
        for (k, v) in self.filter_pairs() {
            if !extra.iter().any(|(e, _)| *e == k) {
                pairs.push((k, v));
            }
        }
        pairs.extend(extra.iter().cloned());
        super::format::query(&pairs)
    }
}

/// Where a report looks: the whole organization, a department's subtree or one team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    /// Everyone.
    Organization,
    /// A department and everything below it.
    Department(DepartmentId),
    /// One team.
    Team(TeamId),
}

impl ReportScope {
    /// The scope the filters ask for: the team wins over the department.
    pub fn of(filter: &ReportFilter) -> ReportScope {
        match (filter.team, filter.department) {
            (Some(t), _) => ReportScope::Team(t),
            (None, Some(d)) => ReportScope::Department(d),
            (None, None) => ReportScope::Organization,
        }
    }

    /// The stored scope kind.
    pub fn kind(self) -> &'static str {
        match self {
            ReportScope::Organization => "organization",
            ReportScope::Department(_) => "department",
            ReportScope::Team(_) => "team",
        }
    }
}

/// One cell: text, and a link when it drills down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// What is shown (and exported).
    pub text: String,
    /// Where it leads, if anywhere.
    pub href: Option<String>,
    /// The number it stands for, when it is a figure (what sorting compares).
    #[serde(default)]
    pub value: Option<i64>,
}

impl Cell {
    /// Plain text.
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            href: None,
            value: None,
        }
    }

    /// A link.
    pub fn link(t: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            href: Some(href.into()),
            value: None,
        }
    }

    /// A figure: its text, and the number it sorts by (`None`: shown as a dash, sorted last).
    pub fn figure(t: impl Into<String>, value: Option<i64>) -> Cell {
        Cell {
            text: t.into(),
            href: None,
            value,
        }
    }

    /// Whether the cell holds nothing (a dash or empty), which sorts last either way.
    fn is_blank(&self) -> bool {
        self.value.is_none() && matches!(self.text.trim(), "" | "—")
    }

    /// Orders two cells of one column: figures by their numbers, text without regard to case;
    /// blanks are left to the caller.
    fn order(&self, other: &Cell) -> std::cmp::Ordering {
        match (self.value, other.value) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.text.to_lowercase().cmp(&other.text.to_lowercase()),
        }
    }
}

/// How a report is sorted: a column (by its key, `column_key` of its header) and the direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// The column's key.
    pub column: String,
    /// Largest (or Z) first.
    pub descending: bool,
}

/// The User Report's columns.
pub const USER_COLUMNS: [&str; 10] = [
    "Member",
    "Email",
    "Courses assigned",
    "Completed",
    "In progress",
    "Not started",
    "Overdue",
    "Completion rate",
    "Time spent",
    "Last activity",
];

/// What the User Report sorts by. It is paged, so the database sorts it: one per column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleSort {
    /// Member name.
    Name,
    /// Email.
    Email,
    /// Courses assigned.
    Assigned,
    /// Completed.
    Completed,
    /// In progress.
    InProgress,
    /// Not started.
    NotStarted,
    /// Overdue.
    Overdue,
    /// Completed ÷ assigned.
    CompletionRate,
    /// Time spent.
    TimeSpent,
    /// Last activity.
    LastActivity,
}

impl PeopleSort {
    /// The sort for a column key of `USER_COLUMNS`.
    pub fn of(key: &str) -> Option<PeopleSort> {
        Some(match key {
            "member" => PeopleSort::Name,
            "email" => PeopleSort::Email,
            "courses_assigned" => PeopleSort::Assigned,
            "completed" => PeopleSort::Completed,
            "in_progress" => PeopleSort::InProgress,
            "not_started" => PeopleSort::NotStarted,
            "overdue" => PeopleSort::Overdue,
            "completion_rate" => PeopleSort::CompletionRate,
            "time_spent" => PeopleSort::TimeSpent,
            "last_activity" => PeopleSort::LastActivity,
            _ => return None,
        })
    }
}

/// A column's key in the URL: its header in lower case with `_` for spaces
/// ("Completion rate" → `completion_rate`).
pub fn column_key(header: &str) -> String {
    header
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A report table: what the page shows and the CSV holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Caption (the table's accessible name).
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
    /// Per header, the address that sorts by it (empty: the table does not sort).
    #[serde(default)]
    pub sort_links: Vec<String>,
    /// The column it is sorted by and whether descending.
    #[serde(default)]
    pub sorted: Option<(usize, bool)>,
}

impl Table {
    /// The index of the column whose key is `key`; refused, with what to do, when there is none.
    pub fn column(&self, key: &str) -> Result<usize, AppError> {
        self.headers
            .iter()
            .position(|h| column_key(h) == key)
            .ok_or_else(|| {
                let keys: Vec<String> = self.headers.iter().map(|h| column_key(h)).collect();
                AppError::invalid(
                    "sort",
                    format!(
                        "This report has no column “{key}”. Sort by one of: {}.",
                        keys.join(", ")
                    ),
                )
            })
    }

    /// Sorts the rows by column `i` (stable, so equal rows keep their order); blank cells go
    /// last in both directions.
    pub fn sort_rows(&mut self, i: usize, descending: bool) {
        self.rows.sort_by(|a, b| {
            let (x, y) = (&a[i], &b[i]);
            match (x.is_blank(), y.is_blank()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                (false, false) if descending => y.order(x),
                (false, false) => x.order(y),
            }
        });
        self.sorted = Some((i, descending));
    }

    /// Whether column `i` holds figures (its cells have numbers), so a first click sorts it
    /// largest first.
    pub fn is_figure(&self, i: usize) -> bool {
        self.rows
            .iter()
            .any(|r| r.get(i).is_some_and(|c| c.value.is_some()))
    }

    /// The CSV text: the headers, then every row's cell texts.
    pub fn to_csv(&self) -> String {
        let mut out = super::csv::line(&self.headers);
        for row in &self.rows {
            let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            out.push_str(&super::csv::line(&texts));
        }
        out
    }
}

/// Seconds as people read durations: `1 h 05 min`, `12 min`, `40 s`, or a dash.
pub fn duration(seconds: Option<i64>) -> String {
    match seconds {
        None => "—".into(),
        Some(s) if s < 60 => format!("{s} s"),
        Some(s) if s < 3600 => format!("{} min", s / 60),
        Some(s) => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// A score to one decimal, or a dash.
pub fn score(avg: Option<f64>) -> String {
    avg.map(|a| format!("{a:.1}")).unwrap_or_else(|| "—".into())
}

/// The figure columns every aggregate table ends with.
pub const FIGURE_HEADERS: [&str; 9] = [
    "Assigned",
    "Not started",
    "In progress",
    "Completed",
    "Overdue",
    "Completion rate",
    "Average score",
    "Average time",
    "Time spent",
];

/// A count as a figure cell.
pub fn count(n: i64) -> Cell {
    Cell::figure(n.to_string(), Some(n))
}

/// The figure cells, in [`FIGURE_HEADERS`] order.
pub fn figure_cells(f: &Figures) -> Vec<Cell> {
    vec![
        count(f.assigned),
        count(f.not_started),
        count(f.in_progress),
        count(f.completed),
        count(f.overdue),
        Cell::figure(format!("{}%", f.completion_rate()), Some(f.completion_rate())),
        Cell::figure(
            score(f.average_score()),
            f.average_score().map(|s| (s * 100.0).round() as i64),
        ),
        Cell::figure(duration(f.average_time()), f.average_time()),
        Cell::figure(
            duration((f.time_sum > 0).then_some(f.time_sum)),
            (f.time_sum > 0).then_some(f.time_sum),
        ),
    ]
}

/// One learner × course row of a drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerRow {
    /// The person.
    pub user: UserId,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// The course.
    pub course: CourseId,
    /// Course title.
    pub course_title: String,
    /// Status label.
    pub status: String,
    /// Percent done.
    pub percent: i64,
    /// Score.
    pub score: Option<f64>,
    /// Seconds spent.
    pub time_spent: i64,
    /// Due date.
    pub due_date: Option<String>,
    /// Overdue today.
    pub overdue: bool,
    /// Completed at.
    pub completed_at: Option<String>,
    /// Last activity.
    pub last_activity: Option<String>,
    /// Membership removed.
    pub removed: bool,
}

/// A count per week (the Monday that starts it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    /// Monday `YYYY-MM-DD`.
    pub week: String,
    /// Completions.
    pub completed: i64,
}

/// Every Monday from the week of `from` to the week of `to`, with the counts found (0 elsewhere).
pub fn fill_weeks(from: &str, to: &str, found: &[WeekCount]) -> Vec<WeekCount> {
    let (Some(a), Some(b)) = (dates::day_number(from), dates::day_number(to)) else {
        return Vec::new();
    };
    // Day 0 (1970-01-01) was a Thursday: Monday is 3 days after it, mod 7.
    let monday = |d: i64| d - (d - 4).rem_euclid(7);
    let mut out = Vec::new();
    let mut d = monday(a);
    while d <= b && out.len() < 530 {
        let week = dates::from_day_number(d);
        let completed = found.iter().filter(|w| w.week == week).map(|w| w.completed).sum();
        out.push(WeekCount { week, completed });
        d += 7;
    }
    out
}

/// Members by share of their courses completed, for the User Report's chart.
pub const DISTRIBUTION_BUCKETS: [&str; 5] = ["0%", "1–49%", "50–99%", "100%", "No courses"];

/// The bucket of a person's completion share.
pub fn bucket(assigned: i64, completed: i64) -> usize {
    match (assigned, completed) {
        (0, _) => 4,
        (_, 0) => 0,
        (a, c) if c >= a => 3,
        (a, c) if c * 100 / a >= 50 => 2,
        _ => 1,
    }
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Bars, the series stacked.
    StackedBar,
    /// Bars side by side.
    Bar,
    /// Lines.
    Line,
}

/// A chart: drawn by charming in the browser, its numbers also in [`Chart::table`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Element id.
    pub id: String,
    /// Title (also the accessible name).
    pub title: String,
    /// How it draws.
    pub kind: ChartKind,
    /// Header of the category column.
    pub category_label: String,
    /// Category axis labels.
    pub categories: Vec<String>,
    /// Series name and one value per category.
    pub series: Vec<(String, Vec<i64>)>,
}

impl Chart {
    /// The data table beside the chart: one row per category, one column per series.
    pub fn table(&self) -> Table {
        let mut headers = vec![self.category_label.clone()];
        headers.extend(self.series.iter().map(|(n, _)| n.clone()));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![Cell::text(c.clone())];
                row.extend(
                    self.series
                        .iter()
                        .map(|(_, v)| Cell::text(v.get(i).copied().unwrap_or(0).to_string())),
                );
                row
            })
            .collect();
        Table {
            caption: format!("{} (chart data)", self.title),
            headers,
            rows,
            ..Default::default()
        }
    }
}

/// A select's choices: value and label.
pub type Choices = Vec<(i64, String)>;

/// Everything one report page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    /// Which report.
    pub view: View,
    /// The organization's departments (empty when the viewer sees only their teams).
    pub departments: Choices,
    /// The teams the viewer may report on.
    pub teams: Choices,
    /// The courses in this organization's reports.
    pub courses: Choices,
    /// Whether the viewer sees only some teams (managers, department admins).
    pub limited: bool,
    /// A sentence saying what is shown (scope, period).
    pub summary: String,
    /// The report's table.
    pub table: Table,
    /// Its chart.
    pub chart: Option<Chart>,
    /// A drill-down list (a course's learners, a member's courses), when asked for.
    pub drill: Option<Table>,
    /// Rows in all (User Report: every page).
    pub total: i64,
    /// Current page (User Report).
    pub page: i64,
    /// Pages (User Report).
    pub pages: i64,
}

/// Which table of a report a CSV download holds.
pub fn csv_table<'a>(page: &'a ReportPage, which: &str) -> Option<&'a Table> {
    match which {
        "" | "report" => Some(&page.table),
        "drill" => page.drill.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_user_report_column_sorts_in_the_database() {
        for h in USER_COLUMNS {
            assert!(PeopleSort::of(&column_key(h)).is_some(), "{h}");
        }
        assert_eq!(column_key("Completion rate"), "completion_rate");
        assert_eq!(PeopleSort::of("nope"), None);
    }

    fn table(rows: &[(&str, Option<i64>)]) -> Table {
        Table {
            caption: "T".into(),
            headers: vec!["Name".into(), "Completed".into()],
            rows: rows
                .iter()
                .map(|(n, v)| {
                    let fig = match v {
                        Some(v) => Cell::figure(v.to_string(), Some(*v)),
                        None => Cell::text("—"),
                    };
                    vec![Cell::text(*n), fig]
                })
                .collect(),
            ..Default::default()
        }
    }

    fn names(t: &Table) -> Vec<String> {
        t.rows.iter().map(|r| r[0].text.clone()).collect()
    }

    #[test]
    fn figures_sort_by_number_text_without_case_and_blanks_last() {
        let mut t = table(&[("b", Some(9)), ("A", Some(10)), ("c", None), ("d", Some(2))]);
        let i = t.column("completed").unwrap();
        t.sort_rows(i, true);
        assert_eq!(
            names(&t),
            ["A", "b", "d", "c"],
            "10 > 9 > 2 as numbers, the dash last"
        );
        t.sort_rows(i, false);
        assert_eq!(names(&t), ["d", "b", "A", "c"], "the dash last ascending too");
        t.sort_rows(0, false);
        assert_eq!(names(&t), ["A", "b", "c", "d"]);
        assert_eq!(t.sorted, Some((0, false)));
        assert!(t.is_figure(1) && !t.is_figure(0));
        let e = t.column("score").unwrap_err();
        assert!(
            matches!(e, AppError::Invalid { ref field, .. } if field == "sort"),
            "{e:?}"
        );
    }

    #[test]
    fn the_sort_is_checked() {
        let q = |sort: &str, dir: &str| ReportQuery {
            sort: sort.into(),
            dir: dir.into(),
            ..Default::default()
        };
        let s = q("completed", "desc").validate().unwrap().sort.unwrap();
        assert_eq!((s.column.as_str(), s.descending), ("completed", true));
        assert!(!q("completed", "").validate().unwrap().sort.unwrap().descending);
        assert_eq!(q("", "desc").validate().unwrap().sort, None);
        assert!(q("completed", "down").validate().is_err());
        assert!(q("Completed; DROP", "").validate().is_err());
    }

    #[test]
    fn filters_read_back_from_the_url_or_say_what_is_wrong() {
        let q = ReportQuery {
            view: "users".into(),
            team: "7".into(),
            from: "2026-01-01".into(),
            to: "2026-03-31".into(),
            status: "overdue".into(),
            removed: "1".into(),
            ..Default::default()
        };
        let f = q.validate().unwrap();
        assert_eq!(f.view, View::Users);
        assert_eq!(f.team, Some(TeamId(7)));
        assert_eq!(f.status, Some(StatusFilter::Overdue));
        assert!(f.include_removed);
        assert_eq!(ReportScope::of(&f), ReportScope::Team(TeamId(7)));
        let bad = ReportQuery {
            from: "2026-13-01".into(),
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("YYYY-MM-DD"));
        let swapped = ReportQuery {
            from: "2026-02-01".into(),
            to: "2026-01-01".into(),
            ..Default::default()
        };
        assert!(swapped.validate().is_err());
        assert!(ReportQuery {
            status: "late".into(),
            ..Default::default()
        }
        .validate()
        .is_err());
    }

    #[test]
    fn weeks_start_on_monday_and_gaps_are_zero() {
        let found = vec![WeekCount {
            week: "2026-11-23".into(),
            completed: 4,
        }];
        let weeks = fill_weeks("2026-11-11", "2026-11-30", &found);
        let names: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(names, ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
        assert_eq!(weeks[2].completed, 4);
        assert_eq!(weeks[0].completed, 0);
    }

    #[test]
    fn csv_has_the_table_headers_and_texts() {
        let t = Table {
            caption: "x".into(),
            headers: vec!["Course".into(), "Assigned".into()],
            rows: vec![vec![Cell::link("Safety, basics", "/x"), Cell::text("3")]],
            ..Default::default()
        };
        assert_eq!(t.to_csv(), "Course,Assigned\r\n\"Safety, basics\",3\r\n");
    }

    #[test]
    fn buckets_and_durations() {
        assert_eq!(bucket(0, 0), 4);
        assert_eq!(bucket(4, 0), 0);
        assert_eq!(bucket(4, 1), 1);
        assert_eq!(bucket(4, 2), 2);
        assert_eq!(bucket(4, 4), 3);
        assert_eq!(duration(Some(3900)), "1 h 05 min");
        assert_eq!(duration(None), "—");
    }
}

//! Building report pages: rows, captions, links, sentences and chart data from the figures the
//! report queries found. Pure: `service::reports` loads the figures and calls these, so the
//! Reports tab, its CSV download and Admin > Reports hold the same rows and columns.

use std::collections::HashMap;

use super::dates;
use super::ids::{CourseId, DepartmentId, OrgId, TeamId, UserId};
use super::members::Scope;
use super::reports::{
    column_key, count, duration, figure_cells, fill_weeks, score, Cell, Chart, ChartKind, Choices,
    LearnerRow, ReportFilter, ReportPage, ReportQuery, Table, View, WeekCount, DISTRIBUTION_BUCKETS,
    FIGURE_HEADERS, PAGE_SIZE, USER_COLUMNS,
};
use super::rollup::Figures;
use crate::error::AppError;

/// A department as the rollup reads it: id, parent, name.
pub type DeptName = (DepartmentId, Option<DepartmentId>, String);
/// A team as the rollup reads it: id, department, name.
pub type TeamName = (TeamId, Option<DepartmentId>, String);
/// Names for the rollup: departments and teams.
pub type Structure = (Vec<DeptName>, Vec<TeamName>);
/// One course of the Course Report: id, code, title, figures.
pub type CourseLine = (CourseId, String, String, Figures);
/// One person of the User Report: id, name, email, removed, figures, last activity.
pub type PersonLine = (UserId, String, String, bool, Figures, Option<String>);
/// One place of the rollup: kind (`organization`, `department`, `team`), id, figures.
pub type ScopeLine = (String, i64, Figures);
/// One organization of Admin > Reports: id, slug, name, figures.
pub type OrgLine = (OrgId, String, String, Figures);

/// The department and team choices `allowed` may report on.
pub fn choices(structure: &Structure, allowed: &Scope) -> (Choices, Choices) {
    let (depts, teams) = structure;
    match allowed {
        Scope::Organization => (
            depts.iter().map(|(id, _, n)| (id.0, n.clone())).collect(),
            teams.iter().map(|(id, _, n)| (id.0, n.clone())).collect(),
        ),
        Scope::Teams(mine) => (
            Vec::new(),
            teams
                .iter()
                .filter(|(id, ..)| mine.contains(id))
                .map(|(id, _, n)| (id.0, n.clone()))
                .collect(),
        ),
    }
}

/// Puts the viewer's limits on the filters: people who see only some teams report on one of
/// them (the first when none is chosen); a team or department must belong to the organization.
pub fn limit(
    filter: &mut ReportFilter,
    allowed: &Scope,
    depts: &Choices,
    teams: &Choices,
) -> Result<(), AppError> {
    if let Some(t) = filter.team {
        if !teams.iter().any(|(id, _)| *id == t.0) {
            return Err(AppError::invalid(
                "team",
                "Choose a team of this organization from the list.",
            ));
        }
    }
    if let Some(d) = filter.department {
        if !depts.iter().any(|(id, _)| *id == d.0) {
            return Err(AppError::invalid(
                "department",
                "Choose a department of this organization from the list.",
            ));
        }
    }
    if let Scope::Teams(mine) = allowed {
        filter.department = None;
        match filter.team {
            Some(t) if !mine.contains(&t) => return Err(AppError::Forbidden),
            Some(_) => {}
            None => filter.team = Some(*mine.first().ok_or(AppError::Forbidden)?),
        }
    }
    Ok(())
}

/// What every report page of one organization shares: the query as typed, the checked filter,
/// the choices and the day it is as of.
pub struct Frame<'a> {
    /// The query as it stands in the URL.
    pub query: &'a ReportQuery,
    /// The checked filter, within the viewer's limits.
    pub filter: &'a ReportFilter,
    /// The organization's slug (for links).
    pub slug: &'a str,
    /// Department choices.
    pub departments: Choices,
    /// Team choices.
    pub teams: Choices,
    /// Course choices.
    pub courses: Choices,
    /// Whether the viewer sees only some teams.
    pub limited: bool,
    /// Today, `YYYY-MM-DD`.
    pub today: &'a str,
}

impl Frame<'_> {
    fn href(&self, view: View, extra: &[(&'static str, String)]) -> String {
        format!("/orgs/{}/reports{}", self.slug, self.query.link(view, extra))
    }

    fn name_of(choices: &Choices, id: i64) -> &str {
        choices
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, n)| n.as_str())
            .unwrap_or("?")
    }

    /// The sentence that says what the page shows.
    pub fn summary(&self) -> String {
        let f = self.filter;
        let scope_name = match (f.team, f.department) {
            (Some(t), _) => format!("team {}", Self::name_of(&self.teams, t.0)),
            (None, Some(d)) => format!("department {} and below", Self::name_of(&self.departments, d.0)),
            (None, None) => "the whole organization".to_string(),
        };
        let course = f
            .course
            .and_then(|c| self.courses.iter().find(|(id, _)| *id == c.0))
            .map(|(_, t)| format!(", course {t}"))
            .unwrap_or_default();
        let removed = if f.include_removed { "including" } else { "without" };
        format!(
            "Showing {scope_name}{course}, {removed} removed members, as of {}.",
            self.today
        )
    }

    fn page(&self, total: i64, table: Table, chart: Chart, drill: Option<Table>) -> ReportPage {
        ReportPage {
            view: self.filter.view,
            departments: self.departments.clone(),
            teams: self.teams.clone(),
            courses: self.courses.clone(),
            limited: self.limited,
            summary: self.summary(),
            table,
            chart: Some(chart),
            drill,
            total,
            page: 1,
            pages: 1,
        }
    }
}

fn headers(first: &[&str], rest: &[&str]) -> Vec<String> {
    first.iter().chain(rest.iter()).map(|h| h.to_string()).collect()
}

fn status_series<'a>(figs: impl Iterator<Item = &'a Figures> + Clone) -> Vec<(String, Vec<i64>)> {
    vec![
        (
            "Not started".into(),
            figs.clone().map(|f| f.not_started).collect(),
        ),
        (
            "In progress".into(),
            figs.clone().map(|f| f.in_progress).collect(),
        ),
        ("Completed".into(), figs.map(|f| f.completed).collect()),
    ]
}

fn day(v: &Option<String>) -> String {
    v.as_deref()
        .map(|s| s[..10.min(s.len())].to_string())
        .unwrap_or("—".into())
}

fn learner_table(caption: String, rows: &[LearnerRow], link: impl Fn(&LearnerRow) -> String) -> Table {
    Table {
        caption,
        headers: [
            "Member",
            "Email",
            "Course",
            "Status",
            "Percent",
            "Score",
            "Time spent",
            "Due",
            "Overdue",
            "Completed",
            "Last activity",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let name = if r.removed {
                    format!("{} (removed)", r.name)
                } else {
                    r.name.clone()
                };
                vec![
                    Cell::link(name, link(r)),
                    Cell::text(r.email.clone()),
                    Cell::text(r.course_title.clone()),
                    Cell::text(r.status.clone()),
                    Cell::text(format!("{}%", r.percent)),
                    Cell::text(score(r.score)),
                    Cell::text(duration((r.time_spent > 0).then_some(r.time_spent))),
                    Cell::text(day(&r.due_date)),
                    Cell::text(if r.overdue { "Yes" } else { "No" }),
                    Cell::text(day(&r.completed_at)),
                    Cell::text(day(&r.last_activity)),
                ]
            })
            .collect(),
        ..Default::default()
    }
}

/// The Course Report: one line per course (those with someone of the chosen status when a
/// status is chosen), with the learners of one course when `learners` holds them.
pub fn courses(frame: &Frame, mut rows: Vec<CourseLine>, learners: Option<&[LearnerRow]>) -> ReportPage {
    if let Some(s) = frame.filter.status {
        rows.retain(|(.., f)| s.count(f) > 0);
    }
    let chart = Chart {
        id: "chart-courses".into(),
        title: "Learners by status per course".into(),
        kind: ChartKind::StackedBar,
        category_label: "Course".into(),
        categories: rows.iter().map(|(_, code, ..)| code.clone()).collect(),
        series: status_series(rows.iter().map(|(.., f)| f)),
    };
    let table = Table {
        caption: "Course Report".into(),
        headers: headers(&["Course", "Code"], &FIGURE_HEADERS),
        rows: rows
            .iter()
            .map(|(id, code, title, f)| {
                let mut r = vec![
                    Cell::link(
                        title.clone(),
                        frame.href(View::Courses, &[("learners", id.to_string())]),
                    ),
                    Cell::text(code.clone()),
                ];
                r.extend(figure_cells(f));
                r
            })
            .collect(),
        ..Default::default()
    };
    let drill = match (frame.filter.learners, learners) {
        (Some(course), Some(list)) => {
            let title = rows
                .iter()
                .find(|(id, ..)| *id == course)
                .map(|(_, _, t, _)| t.clone())
                .unwrap_or_else(|| "this course".into());
            Some(learner_table(format!("Learners of {title}"), list, |r| {
                frame.href(View::Users, &[("member", r.user.to_string())])
            }))
        }
        _ => None,
    };
    frame.page(rows.len() as i64, table, chart, drill)
}

/// How many members have completed 0–24%, 25–49%, 50–74% and 75–100% of their courses, from
/// the (bucket, count) pairs the distribution query found.
pub fn distribution_counts(found: &[(i64, i64)]) -> [i64; 4] {
    let mut counts = [0i64; 4];
    for (b, n) in found {
        if let Some(slot) = usize::try_from(*b).ok().and_then(|b| counts.get_mut(b)) {
            *slot += n;
        }
    }
    counts
}

/// The User Report: one page of people (of `total`), the distribution chart, and one member's
/// courses when `courses_of` holds them.
pub fn users(
    frame: &Frame,
    counts: [i64; 4],
    (rows, total): (&[PersonLine], i64),
    courses_of: Option<&[LearnerRow]>,
) -> ReportPage {
    let page_no = frame.filter.page;
    let chart = Chart {
        id: "chart-users".into(),
        title: "Members by share of their courses completed".into(),
        kind: ChartKind::Bar,
        category_label: "Completed".into(),
        categories: DISTRIBUTION_BUCKETS[..4].iter().map(|s| s.to_string()).collect(),
        series: vec![("Members".into(), counts.to_vec())],
    };
    let table = Table {
        caption: "User Report".into(),
        headers: USER_COLUMNS.iter().map(|h| h.to_string()).collect(),
        rows: rows
            .iter()
            .map(|(user, name, email, removed, f, last)| {
                let shown = if *removed {
                    format!("{name} (removed)")
                } else {
                    name.clone()
                };
                vec![
                    Cell::link(
                        shown,
                        frame.href(
                            View::Users,
                            &[("member", user.to_string()), ("page", page_no.to_string())],
                        ),
                    ),
                    Cell::text(email.clone()),
                    count(f.assigned),
                    count(f.completed),
                    count(f.in_progress),
                    count(f.not_started),
                    count(f.overdue),
                    Cell::figure(format!("{}%", f.completion_rate()), Some(f.completion_rate())),
                    Cell::figure(
                        duration((f.time_sum > 0).then_some(f.time_sum)),
                        (f.time_sum > 0).then_some(f.time_sum),
                    ),
                    Cell::text(day(last)),
                ]
            })
            .collect(),
        ..Default::default()
    };
    let drill = match (frame.filter.member, courses_of) {
        (Some(_), Some(list)) => {
            let name = list
                .first()
                .map(|r| r.name.clone())
                .unwrap_or_else(|| "this member".into());
            Some(learner_table(format!("Courses of {name}"), list, |r| {
                frame.href(View::Courses, &[("learners", r.course.to_string())])
            }))
        }
        _ => None,
    };
    let mut page = frame.page(total, table, chart, drill);
    page.page = page_no;
    page.pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    page
}

/// Puts the sort the filters ask for on the page's table (the User Report, which is paged,
/// comes sorted from the database) and gives every header the address that sorts by it: the
/// other way round when it is the sorted column, else largest first for figures and A–Z for
/// text. Links carry no page number, so a new sort starts on page 1.
pub fn sort(frame: &Frame, page: &mut ReportPage) -> Result<(), AppError> {
    let table = &mut page.table;
    if let Some(s) = &frame.filter.sort {
        let i = table.column(&s.column)?;
        if frame.filter.view == View::Users {
            table.sorted = Some((i, s.descending));
        } else {
            table.sort_rows(i, s.descending);
        }
    }
    let links = (0..table.headers.len())
        .map(|i| {
            let descending = match table.sorted {
                Some((j, d)) if j == i => !d,
                _ => table.is_figure(i),
            };
            let dir = if descending { "desc" } else { "asc" };
            frame.href(
                frame.filter.view,
                &[("sort", column_key(&table.headers[i])), ("dir", dir.to_string())],
            )
        })
        .collect();
    table.sort_links = links;
    Ok(())
}

/// One line of the rollup: depth, level, id, name, figures.
type RollupLine = (usize, &'static str, i64, String, Figures);

/// The rollup's lines: the organization, then each department with its teams below it (as
/// deep as the tree goes), then the teams in no department; only what the filter and the
/// viewer's limits leave.
fn rollup_lines(
    frame: &Frame,
    org: OrgId,
    (all_depts, all_teams): &Structure,
    figures: &[ScopeLine],
) -> Vec<RollupLine> {
    let filter = frame.filter;
    let find = |kind: &str, id: i64| -> Figures {
        figures
            .iter()
            .find(|(k, i, _)| k == kind && *i == id)
            .map(|(.., f)| f.clone())
            .unwrap_or_default()
    };
    let mut lines: Vec<RollupLine> = Vec::new();
    let visible_team = |t: TeamId| frame.teams.iter().any(|(id, _)| *id == t.0);
    let in_subtree = |d: Option<DepartmentId>| -> bool {
        let Some(root) = filter.department else {
            return true;
        };
        let mut next = d;
        let mut steps = 0;
        while let Some(cur) = next {
            if cur == root {
                return true;
            }
            next = all_depts
                .iter()
                .find(|(id, ..)| *id == cur)
                .and_then(|(_, p, _)| *p);
            steps += 1;
            if steps > all_depts.len() {
                break;
            }
        }
        false
    };
    if !frame.limited && filter.department.is_none() && filter.team.is_none() {
        lines.push((
            0,
            "Organization",
            org.0,
            "Whole organization".into(),
            find("organization", org.0),
        ));
    }
    if !frame.limited && filter.team.is_none() {
        let mut children: HashMap<Option<DepartmentId>, Vec<&DeptName>> = HashMap::new();
        for d in all_depts {
            children.entry(d.1).or_default().push(d);
        }
        let mut stack: Vec<(usize, DepartmentId)> = children
            .get(&None)
            .map(|v| v.iter().rev().map(|d| (1, d.0)).collect())
            .unwrap_or_default();
        let mut guard = 0;
        while let Some((depth, d)) = stack.pop() {
            guard += 1;
            if guard > all_depts.len() * 2 + 2 {
                break;
            }
            let name = all_depts
                .iter()
                .find(|x| x.0 == d)
                .map(|x| x.2.clone())
                .unwrap_or_default();
            if in_subtree(Some(d)) {
                lines.push((depth, "Department", d.0, name, find("department", d.0)));
                for t in all_teams.iter().filter(|t| t.1 == Some(d)) {
                    lines.push((depth + 1, "Team", t.0 .0, t.2.clone(), find("team", t.0 .0)));
                }
            }
            if let Some(kids) = children.get(&Some(d)) {
                stack.extend(kids.iter().rev().map(|k| (depth + 1, k.0)));
            }
        }
    }
    for t in all_teams {
        let shown_elsewhere = !frame.limited && filter.team.is_none() && t.1.is_some();
        let wanted = match filter.team {
            Some(only) => only == t.0,
            None => filter.department.is_none() || frame.limited,
        };
        if !shown_elsewhere && wanted && visible_team(t.0) {
            lines.push((1, "Team", t.0 .0, t.2.clone(), find("team", t.0 .0)));
        }
    }
    if let Some(s) = filter.status {
        lines.retain(|(depth, .., f)| *depth == 0 || s.count(f) > 0);
    }
    lines
}

/// The Rollup: the organization, its departments and teams with their figures, and a chart
/// comparing the teams' completion rates.
pub fn rollup(frame: &Frame, org: OrgId, structure: &Structure, figures: &[ScopeLine]) -> ReportPage {
    let lines = rollup_lines(frame, org, structure, figures);
    let team_lines: Vec<&RollupLine> = lines.iter().filter(|l| l.1 == "Team").collect();
    let chart = Chart {
        id: "chart-rollup".into(),
        title: "Team comparison: completion rate (%)".into(),
        kind: ChartKind::Bar,
        category_label: "Team".into(),
        categories: team_lines.iter().map(|l| l.3.clone()).collect(),
        series: vec![(
            "Completion rate (%)".into(),
            team_lines.iter().map(|l| l.4.completion_rate()).collect(),
        )],
    };
    let table = Table {
        caption: "Rollup".into(),
        headers: headers(&["Level", "Name"], &FIGURE_HEADERS),
        rows: lines
            .iter()
            .map(|(depth, level, id, name, f)| {
                let key = match *level {
                    "Department" => "department",
                    "Team" => "team",
                    _ => "",
                };
                let extra: Vec<(&'static str, String)> = if key.is_empty() {
                    Vec::new()
                } else {
                    vec![(key, id.to_string())]
                };
                let indent = "— ".repeat(depth.saturating_sub(1));
                let mut r = vec![
                    Cell::text(level.to_string()),
                    Cell::link(format!("{indent}{name}"), frame.href(View::Users, &extra)),
                ];
                r.extend(figure_cells(f));
                r
            })
            .collect(),
        ..Default::default()
    };
    frame.page(lines.len() as i64, table, chart, None)
}

/// The days the Trend covers: the filter's, else the twelve weeks up to today.
pub fn trend_days(filter: &ReportFilter, today: &str) -> (String, String) {
    let to = filter.to.clone().unwrap_or_else(|| today.to_string());
    let from = filter
        .from
        .clone()
        .unwrap_or_else(|| dates::add_days(&to, -77).unwrap_or_else(|| to.clone()));
    (from, to)
}

/// The first and last Monday of the weeks from `from` to `to` (what the trend query reads).
pub fn trend_weeks(from: &str, to: &str) -> (String, String) {
    let weeks = fill_weeks(from, to, &[]);
    match (weeks.first(), weeks.last()) {
        (Some(a), Some(b)) => (a.week.clone(), b.week.clone()),
        _ => (from.to_string(), to.to_string()),
    }
}

/// The Trend: completions per week from `from` to `to` (0 in weeks with none found).
pub fn trend(frame: &Frame, (from, to): (&str, &str), found: &[WeekCount]) -> ReportPage {
    let weeks = fill_weeks(from, to, found);
    let chart = Chart {
        id: "chart-trend".into(),
        title: "Completions per week".into(),
        kind: ChartKind::Line,
        category_label: "Week starting".into(),
        categories: weeks.iter().map(|w| w.week.clone()).collect(),
        series: vec![("Completions".into(), weeks.iter().map(|w| w.completed).collect())],
    };
    let table = Table {
        caption: "Trend".into(),
        headers: vec!["Week starting".into(), "Completions".into()],
        rows: weeks
            .iter()
            .map(|w| vec![Cell::text(w.week.clone()), count(w.completed)])
            .collect(),
        ..Default::default()
    };
    let mut page = frame.page(weeks.len() as i64, table, chart, None);
    page.summary
        .push_str(&format!(" Completions per week from {from} to {to}."));
    page
}

/// Admin > Reports: every organization's figures, with a chart.
pub fn admin(rows: &[OrgLine], include_removed: bool, today: &str) -> ReportPage {
    ReportPage {
        view: View::Courses,
        departments: Vec::new(),
        teams: Vec::new(),
        courses: Vec::new(),
        limited: false,
        summary: format!(
            "Every organization, {} removed members, as of {today}.",
            if include_removed { "including" } else { "without" }
        ),
        chart: Some(Chart {
            id: "chart-orgs".into(),
            title: "Learners by status per organization".into(),
            kind: ChartKind::StackedBar,
            category_label: "Organization".into(),
            categories: rows.iter().map(|(_, _, n, _)| n.clone()).collect(),
            series: status_series(rows.iter().map(|(.., f)| f)),
        }),
        table: Table {
            caption: "Organizations".into(),
            headers: headers(&["Organization"], &FIGURE_HEADERS),
            rows: rows
                .iter()
                .map(|(_, slug, name, f)| {
                    let mut r = vec![Cell::link(name.clone(), format!("/orgs/{slug}/reports"))];
                    r.extend(figure_cells(f));
                    r
                })
                .collect(),
            ..Default::default()
        },
        drill: None,
        total: rows.len() as i64,
        page: 1,
        pages: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(assigned: i64, completed: i64) -> Figures {
        Figures {
            assigned,
            completed,
            not_started: assigned - completed,
            ..Figures::default()
        }
    }

    fn query(pairs: &[(&str, &str)]) -> ReportQuery {
        let mut q = ReportQuery::default();
        for (k, v) in pairs {
            let v = v.to_string();
            match *k {
                "view" => q.view = v,
                "team" => q.team = v,
                "department" => q.department = v,
                "status" => q.status = v,
                "learners" => q.learners = v,
                "page" => q.page = v,
                _ => unreachable!("{k}"),
            }
        }
        q
    }

    fn structure() -> Structure {
        let (ops, warehouse, sales) = (DepartmentId(1), DepartmentId(2), DepartmentId(3));
        (
            vec![
                (ops, None, "Operations".into()),
                (warehouse, Some(ops), "Warehouse".into()),
                (sales, None, "Sales".into()),
            ],
            vec![
                (TeamId(10), Some(warehouse), "North".into()),
                (TeamId(11), Some(sales), "EMEA".into()),
                (TeamId(12), None, "Board".into()),
            ],
        )
    }

    fn frame<'a>(q: &'a ReportQuery, f: &'a ReportFilter, allowed: &Scope) -> Frame<'a> {
        let (departments, teams) = choices(&structure(), allowed);
        Frame {
            query: q,
            filter: f,
            slug: "northwind",
            departments,
            teams,
            courses: vec![(5, "Security".into())],
            limited: matches!(allowed, Scope::Teams(_)),
            today: "2026-12-01",
        }
    }

    #[test]
    fn the_rollup_nests_teams_under_their_departments_and_names_the_whole_first() {
        let q = query(&[("view", "rollup")]);
        let f = q.validate().unwrap();
        let page = rollup(
            &frame(&q, &f, &Scope::Organization),
            OrgId(7),
            &structure(),
            &[
                ("team".into(), 10, figures(4, 1)),
                ("organization".into(), 7, figures(9, 3)),
            ],
        );
        let names: Vec<&str> = page.table.rows.iter().map(|r| r[1].text.as_str()).collect();
        assert_eq!(
            names,
            [
                "Whole organization",
                "Operations",
                "— Warehouse",
                "— — North",
                "Sales",
                "— EMEA",
                "Board"
            ]
        );
        assert_eq!(page.table.rows[0][2].text, "9", "the organization's own figures");
        assert_eq!(
            page.chart.as_ref().unwrap().categories,
            ["North", "EMEA", "Board"]
        );
        assert_eq!(page.chart.as_ref().unwrap().series[0].1, [25, 0, 0]);
        assert!(page.table.rows[3][1].href.as_deref().unwrap().contains("team=10"));
        assert_eq!(
            page.summary,
            "Showing the whole organization, without removed members, as of 2026-12-01."
        );
    }

    #[test]
    fn a_manager_is_limited_to_their_teams() {
        let q = query(&[("view", "rollup")]);
        let mut f = q.validate().unwrap();
        let mine = Scope::Teams(vec![TeamId(11)]);
        let (departments, teams) = choices(&structure(), &mine);
        limit(&mut f, &mine, &departments, &teams).unwrap();
        assert_eq!(
            f.team,
            Some(TeamId(11)),
            "the first of their teams when none is chosen"
        );
        let fr = frame(&q, &f, &mine);
        let page = rollup(&fr, OrgId(7), &structure(), &[]);
        let names: Vec<&str> = page.table.rows.iter().map(|r| r[1].text.as_str()).collect();
        assert_eq!(names, ["EMEA"]);
        assert!(page.limited && page.departments.is_empty());

        let mut other = query(&[("team", "10")]).validate().unwrap();
        assert_eq!(
            limit(&mut other, &mine, &fr.departments, &fr.teams).map_err(|e| e.status_code()),
            Err(422)
        );
        let mut foreign = query(&[("team", "99")]).validate().unwrap();
        let (d, t) = choices(&structure(), &Scope::Organization);
        assert_eq!(
            limit(&mut foreign, &Scope::Organization, &d, &t).map_err(|e| e.status_code()),
            Err(422)
        );
    }

    #[test]
    fn the_course_report_keeps_courses_with_the_chosen_status_and_drills_into_one() {
        let q = query(&[("view", "courses"), ("status", "completed"), ("learners", "5")]);
        let f = q.validate().unwrap();
        let rows = vec![
            (CourseId(5), "SEC-1".into(), "Security".into(), figures(3, 2)),
            (CourseId(6), "GDPR".into(), "Privacy".into(), figures(3, 0)),
        ];
        let learner = LearnerRow {
            user: UserId(3),
            name: "Ana".into(),
            email: "ana@example.com".into(),
            course: CourseId(5),
            course_title: "Security".into(),
            status: "Completed".into(),
            percent: 100,
            score: Some(90.0),
            time_spent: 0,
            due_date: None,
            overdue: false,
            completed_at: Some("2026-11-30T10:00:00Z".into()),
            last_activity: None,
            removed: true,
        };
        let page = courses(&frame(&q, &f, &Scope::Organization), rows, Some(&[learner]));
        assert_eq!(page.total, 1);
        assert_eq!(page.table.rows[0][0].text, "Security");
        let drill = page.drill.unwrap();
        assert_eq!(drill.caption, "Learners of Security");
        assert_eq!(drill.rows[0][0].text, "Ana (removed)");
        assert_eq!(drill.rows[0][9].text, "2026-11-30");
        assert!(drill.rows[0][0]
            .href
            .as_deref()
            .unwrap()
            .starts_with("/orgs/northwind/reports?view=users"));
    }

    #[test]
    fn the_user_report_pages_and_counts_the_distribution() {
        assert_eq!(
            distribution_counts(&[(0, 2), (3, 1), (0, 1), (9, 5), (-1, 4)]),
            [3, 0, 0, 1]
        );
        let q = query(&[("view", "users"), ("page", "2")]);
        let f = q.validate().unwrap();
        let people = vec![(
            UserId(1),
            "Bo".into(),
            "bo@example.com".into(),
            false,
            figures(2, 1),
            None,
        )];
        let page = users(
            &frame(&q, &f, &Scope::Organization),
            [1, 0, 1, 0],
            (&people, 120),
            None,
        );
        assert_eq!((page.page, page.pages, page.total), (2, 3, 120));
        assert_eq!(page.table.rows[0][7].text, "50%");
        assert_eq!(page.table.rows[0][9].text, "—");
        assert!(page.drill.is_none());
    }

    #[test]
    fn the_trend_fills_empty_weeks_and_says_its_days() {
        let q = query(&[("view", "trend")]);
        let f = q.validate().unwrap();
        let (from, to) = trend_days(&f, "2026-12-01");
        assert_eq!((from.as_str(), to.as_str()), ("2026-09-15", "2026-12-01"));
        let (first, last) = trend_weeks(&from, &to);
        assert_eq!((first.as_str(), last.as_str()), ("2026-09-14", "2026-11-30"));
        let found = [WeekCount {
            week: "2026-11-23".into(),
            completed: 4,
        }];
        let page = trend(&frame(&q, &f, &Scope::Organization), (&from, &to), &found);
        assert_eq!(page.total, 12);
        assert_eq!(page.chart.as_ref().unwrap().series[0].1.iter().sum::<i64>(), 4);
        assert!(page
            .summary
            .ends_with("Completions per week from 2026-09-15 to 2026-12-01."));
    }

    #[test]
    fn the_admin_report_links_each_organization() {
        let page = admin(
            &[(OrgId(1), "acme".into(), "Acme".into(), figures(2, 2))],
            true,
            "2026-12-01",
        );
        assert_eq!(page.table.rows[0][0].href.as_deref(), Some("/orgs/acme/reports"));
        assert!(page.summary.contains("including removed members"));
    }
}

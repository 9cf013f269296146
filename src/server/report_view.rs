//! Builds report pages from the report queries: the same `ReportPage` feeds the Reports tab
//! (through a server function) and the CSV download, so both hold the same rows and columns.

use std::collections::HashMap;

use sqlx::SqlitePool;

use super::repo::reports as q;
use crate::domain::dates;
use crate::domain::ids::{DepartmentId, OrgId, TeamId};
use crate::domain::members::Scope;
use crate::domain::reports::{
    duration, figure_cells, fill_weeks, score, Cell, Chart, ChartKind, Choices, LearnerRow, ReportFilter,
    ReportPage, ReportQuery, ReportScope, Table, View, DISTRIBUTION_BUCKETS, FIGURE_HEADERS, PAGE_SIZE,
};
use crate::domain::rollup::Figures;
use crate::error::AppError;

/// A department as the rollup reads it: id, parent, name.
type DeptRow = (DepartmentId, Option<DepartmentId>, String);

fn headers(first: &[&str], rest: &[&str]) -> Vec<String> {
    first.iter().chain(rest.iter()).map(|h| h.to_string()).collect()
}

/// Puts the viewer's limits on the filters: people who see only some teams report on one of
/// them (the first when none is chosen); a team or department must belong to the organization.
fn limit(
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

/// The report `query` asks for, as `allowed` may see it. `paged`: the User Report one page at a
/// time (the page) or whole (the CSV).
pub async fn build(
    db: &SqlitePool,
    org: OrgId,
    slug: &str,
    allowed: &Scope,
    query: &ReportQuery,
    paged: bool,
) -> Result<ReportPage, AppError> {
    super::repo::report_sync::settle(db).await?;
    let mut filter = query.validate()?;
    let mut conn = db.acquire().await?;
    let (all_depts, all_teams) = q::structure(&mut conn, org).await?;
    let (depts, teams): (Choices, Choices) = match allowed {
        Scope::Organization => (
            all_depts.iter().map(|(id, _, n)| (id.0, n.clone())).collect(),
            all_teams.iter().map(|(id, _, n)| (id.0, n.clone())).collect(),
        ),
        Scope::Teams(mine) => (
            Vec::new(),
            all_teams
                .iter()
                .filter(|(id, ..)| mine.contains(id))
                .map(|(id, _, n)| (id.0, n.clone()))
                .collect(),
        ),
    };
    limit(&mut filter, allowed, &depts, &teams)?;
    let courses: Choices = q::courses(&mut *conn, org).await?;
    let today = super::repo::today();
    let scope = ReportScope::of(&filter);
    let base = format!("/orgs/{slug}/reports");
    let href = |view: View, extra: &[(&'static str, String)]| format!("{base}{}", query.link(view, extra));
    let period = (filter.from.as_deref(), filter.to.as_deref());
    let scope_name = match scope {
        ReportScope::Organization => "the whole organization".to_string(),
        ReportScope::Department(d) => format!(
            "department {} and below",
            depts
                .iter()
                .find(|(id, _)| *id == d.0)
                .map(|(_, n)| n.as_str())
                .unwrap_or("?")
        ),
        ReportScope::Team(t) => format!(
            "team {}",
            teams
                .iter()
                .find(|(id, _)| *id == t.0)
                .map(|(_, n)| n.as_str())
                .unwrap_or("?")
        ),
    };
    let mut summary = format!(
        "Showing {scope_name}{}, {} removed members, as of {today}.",
        filter
            .course
            .and_then(|c| courses.iter().find(|(id, _)| *id == c.0))
            .map(|(_, t)| format!(", course {t}"))
            .unwrap_or_default(),
        if filter.include_removed {
            "including"
        } else {
            "without"
        },
    );
    let mut page = ReportPage {
        view: filter.view,
        departments: depts.clone(),
        teams: teams.clone(),
        courses: courses.clone(),
        limited: matches!(allowed, Scope::Teams(_)),
        summary: String::new(),
        table: Table::default(),
        chart: None,
        drill: None,
        total: 0,
        page: 1,
        pages: 1,
    };
    match filter.view {
        View::Courses => {
            let mut rows = q::by_course(
                &mut conn,
                org,
                scope,
                filter.course,
                filter.include_removed,
                &today,
            )
            .await?;
            if let Some(s) = filter.status {
                rows.retain(|(.., f)| s.count(f) > 0);
            }
            page.total = rows.len() as i64;
            page.chart = Some(Chart {
                id: "chart-courses".into(),
                title: "Learners by status per course".into(),
                kind: ChartKind::StackedBar,
                category_label: "Course".into(),
                categories: rows.iter().map(|(_, code, ..)| code.clone()).collect(),
                series: status_series(rows.iter().map(|(.., f)| f)),
            });
            page.table = Table {
                caption: "Course Report".into(),
                headers: headers(&["Course", "Code"], &FIGURE_HEADERS),
                rows: rows
                    .iter()
                    .map(|(id, code, title, f)| {
                        let mut r = vec![
                            Cell::link(
                                title.clone(),
                                href(View::Courses, &[("learners", id.to_string())]),
                            ),
                            Cell::text(code.clone()),
                        ];
                        r.extend(figure_cells(f));
                        r
                    })
                    .collect(),
            };
            if let Some(course) = filter.learners {
                let title = rows
                    .iter()
                    .find(|(id, ..)| *id == course)
                    .map(|(_, _, t, _)| t.clone())
                    .unwrap_or_else(|| "this course".into());
                let ask = q::LearnerQuery {
                    scope,
                    course: Some(course),
                    user: None,
                    status: filter.status,
                    period,
                    include_removed: filter.include_removed,
                    today: &today,
                };
                let list = q::learners(&mut *conn, org, &ask).await?;
                page.drill = Some(learner_table(format!("Learners of {title}"), &list, |r| {
                    href(View::Users, &[("member", r.user.to_string())])
                }));
            }
        }
        View::Users => {
            let dist = q::distribution(&mut *conn, org, scope, filter.include_removed).await?;
            let mut counts = [0i64; 4];
            for (b, n) in dist {
                if let Some(slot) = counts.get_mut(b as usize) {
                    *slot += n;
                }
            }
            let ask = q::PeopleQuery {
                scope,
                course: filter.course,
                status: filter.status,
                include_removed: filter.include_removed,
                today: &today,
                page: paged.then_some(filter.page),
                known_total: Some(counts.iter().sum()),
            };
            let (rows, total) = q::people(&mut conn, org, &ask).await?;
            page.total = total;
            page.page = filter.page;
            page.pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
            page.chart = Some(Chart {
                id: "chart-users".into(),
                title: "Members by share of their courses completed".into(),
                kind: ChartKind::Bar,
                category_label: "Completed".into(),
                categories: DISTRIBUTION_BUCKETS[..4].iter().map(|s| s.to_string()).collect(),
                series: vec![("Members".into(), counts.to_vec())],
            });
            page.table = Table {
                caption: "User Report".into(),
                headers: headers(
                    &["Member", "Email"],
                    &[
                        "Courses assigned",
                        "Completed",
                        "In progress",
                        "Not started",
                        "Overdue",
                        "Completion rate",
                        "Time spent",
                        "Last activity",
                    ],
                ),
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
                                href(
                                    View::Users,
                                    &[("member", user.to_string()), ("page", filter.page.to_string())],
                                ),
                            ),
                            Cell::text(email.clone()),
                            Cell::text(f.assigned.to_string()),
                            Cell::text(f.completed.to_string()),
                            Cell::text(f.in_progress.to_string()),
                            Cell::text(f.not_started.to_string()),
                            Cell::text(f.overdue.to_string()),
                            Cell::text(format!("{}%", f.completion_rate())),
                            Cell::text(duration((f.time_sum > 0).then_some(f.time_sum))),
                            Cell::text(
                                last.as_deref()
                                    .map(|l| l[..10.min(l.len())].to_string())
                                    .unwrap_or("—".into()),
                            ),
                        ]
                    })
                    .collect(),
            };
            if let Some(user) = filter.member {
                let ask = q::LearnerQuery {
                    scope,
                    course: None,
                    user: Some(user),
                    status: filter.status,
                    period,
                    include_removed: filter.include_removed,
                    today: &today,
                };
                let list = q::learners(&mut *conn, org, &ask).await?;
                let name = list
                    .first()
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| "this member".into());
                page.drill = Some(learner_table(format!("Courses of {name}"), &list, |r| {
                    href(View::Courses, &[("learners", r.course.to_string())])
                }));
            }
        }
        View::Rollup => {
            let figures = q::by_scope(&mut conn, org, filter.course, filter.include_removed, &today).await?;
            let find = |kind: &str, id: i64| -> Figures {
                figures
                    .iter()
                    .find(|(k, i, _)| k == kind && *i == id)
                    .map(|(.., f)| f.clone())
                    .unwrap_or_default()
            };
            let mut lines: Vec<(usize, &'static str, i64, String, Figures)> = Vec::new();
            let visible_team = |t: TeamId| teams.iter().any(|(id, _)| *id == t.0);
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
            if !page.limited && filter.department.is_none() && filter.team.is_none() {
                lines.push((
                    0,
                    "Organization",
                    org.0,
                    "Whole organization".into(),
                    find("organization", org.0),
                ));
            }
            if !page.limited && filter.team.is_none() {
                let mut children: HashMap<Option<DepartmentId>, Vec<&DeptRow>> = HashMap::new();
                for d in &all_depts {
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
                    }
                    for t in all_teams.iter().filter(|t| t.1 == Some(d)) {
                        if in_subtree(Some(d)) {
                            lines.push((depth + 1, "Team", t.0 .0, t.2.clone(), find("team", t.0 .0)));
                        }
                    }
                    if let Some(kids) = children.get(&Some(d)) {
                        stack.extend(kids.iter().rev().map(|k| (depth + 1, k.0)));
                    }
                }
            }
            for t in &all_teams {
                let shown_elsewhere = !page.limited && filter.team.is_none() && t.1.is_some();
                let wanted = match filter.team {
                    Some(only) => only == t.0,
                    None => filter.department.is_none() || page.limited,
                };
                if !shown_elsewhere && wanted && visible_team(t.0) {
                    lines.push((1, "Team", t.0 .0, t.2.clone(), find("team", t.0 .0)));
                }
            }
            if let Some(s) = filter.status {
                lines.retain(|(depth, .., f)| *depth == 0 || s.count(f) > 0);
            }
            page.total = lines.len() as i64;
            let team_lines: Vec<&(usize, &str, i64, String, Figures)> =
                lines.iter().filter(|l| l.1 == "Team").collect();
            page.chart = Some(Chart {
                id: "chart-rollup".into(),
                title: "Team comparison: completion rate (%)".into(),
                kind: ChartKind::Bar,
                category_label: "Team".into(),
                categories: team_lines.iter().map(|l| l.3.clone()).collect(),
                series: vec![(
                    "Completion rate (%)".into(),
                    team_lines.iter().map(|l| l.4.completion_rate()).collect(),
                )],
            });
            page.table = Table {
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
                            Cell::link(format!("{indent}{name}"), href(View::Users, &extra)),
                        ];
                        r.extend(figure_cells(f));
                        r
                    })
                    .collect(),
            };
        }
        View::Trend => {
            let to = filter.to.clone().unwrap_or_else(|| today.clone());
            let from = filter
                .from
                .clone()
                .unwrap_or_else(|| dates::add_days(&to, -77).unwrap_or_else(|| to.clone()));
            let weeks = fill_weeks(&from, &to, &[]);
            let (first, last) = match (weeks.first(), weeks.last()) {
                (Some(a), Some(b)) => (a.week.clone(), b.week.clone()),
                _ => (from.clone(), to.clone()),
            };
            let found = q::trend(
                &mut *conn,
                org,
                scope,
                filter.course,
                filter.include_removed,
                &first,
                &last,
            )
            .await?;
            let weeks = fill_weeks(&from, &to, &found);
            summary.push_str(&format!(" Completions per week from {from} to {to}."));
            page.total = weeks.len() as i64;
            page.chart = Some(Chart {
                id: "chart-trend".into(),
                title: "Completions per week".into(),
                kind: ChartKind::Line,
                category_label: "Week starting".into(),
                categories: weeks.iter().map(|w| w.week.clone()).collect(),
                series: vec![("Completions".into(), weeks.iter().map(|w| w.completed).collect())],
            });
            page.table = Table {
                caption: "Trend".into(),
                headers: vec!["Week starting".into(), "Completions".into()],
                rows: weeks
                    .iter()
                    .map(|w| vec![Cell::text(w.week.clone()), Cell::text(w.completed.to_string())])
                    .collect(),
            };
        }
    }
    page.summary = summary;
    Ok(page)
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

fn learner_table(caption: String, rows: &[LearnerRow], link: impl Fn(&LearnerRow) -> String) -> Table {
    let day = |v: &Option<String>| {
        v.as_deref()
            .map(|s| s[..10.min(s.len())].to_string())
            .unwrap_or("—".into())
    };
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
    }
}

/// Admin > Reports: every organization's figures, with a chart.
pub async fn build_admin(db: &SqlitePool, include_removed: bool) -> Result<ReportPage, AppError> {
    super::repo::report_sync::settle(db).await?;
    let today = super::repo::today();
    let mut conn = db.acquire().await?;
    let rows = q::all_orgs(&mut conn, include_removed, &today).await?;
    let figs: Vec<&Figures> = rows.iter().map(|(.., f)| f).collect();
    Ok(ReportPage {
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
            series: status_series(figs.iter().copied()),
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
        },
        drill: None,
        total: rows.len() as i64,
        page: 1,
        pages: 1,
    })
}

/// The organization's slug, once it is known that its plan includes `feature`
/// (`feature_reports` or `feature_csv_export`); platform admins see reports regardless.
pub async fn check_feature(
    db: &SqlitePool,
    org: OrgId,
    access: &super::auth::Access,
    feature: &'static str,
) -> Result<String, AppError> {
    let column = match feature {
        "feature_csv_export" => "feature_csv_export",
        _ => "feature_reports",
    };
    let (slug, on) = super::repo::orgs::slug_and_feature(db, org, column)
        .await?
        .ok_or(AppError::NotFound)?;
    if !on && !access.user.is_platform_admin {
        let what = if column == "feature_csv_export" {
            "CSV export is"
        } else {
            "Reports are"
        };
        return Err(AppError::Conflict(format!(
            "{what} not part of this organization's plan. A platform admin can turn it on in the organization's settings."
        )));
    }
    Ok(slug)
}

//! The Reports tab: Course Report, User Report, Rollup and Trend, with filters kept in the URL,
//! a chart beside its data table, drill-downs and CSV downloads of exactly what is shown.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::reports::get_report;
use crate::components::await_view::Await;
use crate::components::chart::ChartFigure;
use crate::components::pager::Pager;
use crate::components::report_table::ReportTable;
use crate::domain::format;
use crate::domain::members::OrgContext;
use crate::domain::reports::{ReportPage, ReportQuery, StatusFilter, View};
use crate::domain::rollup::DEFINITIONS;

/// The tab body.
pub fn reports_tab(c: OrgContext) -> AnyView {
    view! { <ReportsTab c /> }.into_any()
}

/// The report query in the current URL.
fn query_from_url() -> impl Fn() -> ReportQuery + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        ReportQuery {
            view: get("view"),
            department: get("department"),
            team: get("team"),
            course: get("course"),
            from: get("from"),
            to: get("to"),
            status: get("status"),
            removed: get("removed"),
            page: get("page"),
            learners: get("learners"),
            member: get("member"),
            sort: get("sort"),
            dir: get("dir"),
        }
    }
}

#[component]
fn ReportsTab(c: OrgContext) -> impl IntoView {
    let org = c.id;
    let current = query_from_url();
    let report = Resource::new(current, move |q| get_report(org, q));
    let slug = StoredValue::new(c.slug.clone());
    let csv_on = c.features.feature_csv_export || c.role.is_none();
    let body = move |p: ReportPage| report_body(p, current(), slug.get_value(), csv_on);
    view! {
        <section class="card" aria-labelledby="reports-title">
            <h2 id="reports-title">"Reports"</h2>
            <nav class="report-tabs" aria-label="Reports">
                {move || {
                    let q = current();
                    let active = View::parse(&q.view);
                    View::ALL
                        .iter()
                        .map(|v| {
                            let href = format!("/orgs/{}/reports{}", slug.get_value(), q.link(*v, &[]));
                            let here = (*v == active).then_some("page");
                            view! { <a href=href aria-current=here>{v.label()}</a> }
                        })
                        .collect_view()
                }}
            </nav>
            <Await resource=report view=body />
        </section>
    }
}

fn options(choices: &[(i64, String)], selected: &str) -> impl IntoView {
    choices
        .iter()
        .map(|(id, name)| {
            let v = id.to_string();
            let is = v == selected;
            view! { <option value=v selected=is>{name.clone()}</option> }
        })
        .collect_view()
}

fn report_body(p: ReportPage, q: ReportQuery, slug: String, csv_on: bool) -> AnyView {
    let view = p.view;
    let csv = |table: &str| {
        let mut pairs = vec![("view", view.as_str().to_string())];
        pairs.extend(q.filter_pairs());
        pairs.push(("learners", q.learners.clone()));
        pairs.push(("member", q.member.clone()));
        pairs.push(("table", table.to_string()));
        format!("/orgs/{slug}/reports.csv{}", format::query(&pairs))
    };
    let report_csv = csv("report");
    let drill_csv = csv("drill");
    let statuses = StatusFilter::ALL
        .iter()
        .map(|(_, v, l)| view! { <option value=*v selected=*v == q.status>{*l}</option> })
        .collect_view();
    let departments = (!p.limited).then(|| {
        view! {
            <div class="field">
                <label for="report-department">"Department"</label>
                <select id="report-department" name="department">
                    <option value="">"All departments"</option>
                    {options(&p.departments, &q.department)}
                </select>
            </div>
        }
    });
    let all_teams_label = if p.limited { "My first team" } else { "All teams" };
    let pager = (view == View::Users && p.pages > 1).then(|| {
        let q2 = q.clone();
        let slug2 = slug.clone();
        let member = q.member.clone();
        view! {
            <Pager
                page=p.page
                pages=p.pages
                total=p.total
                href=move |n| format!(
                    "/orgs/{slug2}/reports{}",
                    q2.link(View::Users, &[("page", n.to_string()), ("member", member.clone())])
                )
            />
        }
    });
    let drill = p.drill.clone().map(|t| {
        let caption = t.caption.clone();
        view! {
            <section class="drill" aria-label=caption.clone()>
                <h3>{caption.clone()}</h3>
                {csv_on.then(|| view! {
                    <p>
                        <a href=drill_csv.clone() download rel="external">{format!("Download CSV: {caption}")}</a>
                    </p>
                })}
                <ReportTable table=t />
            </section>
        }
    });
    let chart = p.chart.clone().map(|c| view! { <ChartFigure chart=c /> });
    let removed_checked = matches!(q.removed.as_str(), "1" | "true" | "on");
    view! {
        <div class="report" data-report=view.as_str()>
            <h3>{view.label()}</h3>
            <Form method="GET" action="" attr:class="filters report-filters">
                <input type="hidden" name="view" value=view.as_str() />
                // The sort stays when the filters change.
                <input type="hidden" name="sort" value=q.sort.clone() />
                <input type="hidden" name="dir" value=q.dir.clone() />
                {departments}
                <div class="field">
                    <label for="report-team">"Team"</label>
                    <select id="report-team" name="team">
                        <option value="">{all_teams_label}</option>
                        {options(&p.teams, &q.team)}
                    </select>
                </div>
                <div class="field">
                    <label for="report-course">"Course"</label>
                    <select id="report-course" name="course">
                        <option value="">"All courses"</option>
                        {options(&p.courses, &q.course)}
                    </select>
                </div>
                <div class="field">
                    <label for="report-status">"Status"</label>
                    <select id="report-status" name="status">
                        <option value="">"Any status"</option>
                        {statuses}
                    </select>
                </div>
                <div class="field">
                    <label for="report-from">"From"</label>
                    <input id="report-from" type="date" name="from" value=q.from.clone() />
                </div>
                <div class="field">
                    <label for="report-to">"To"</label>
                    <input id="report-to" type="date" name="to" value=q.to.clone() />
                </div>
                <div class="field checkbox">
                    <input id="report-removed" type="checkbox" name="removed" value="1" checked=removed_checked />
                    <label for="report-removed">"Include removed members"</label>
                </div>
                <button type="submit" class="button">"Apply filters"</button>
                <a href=format!("/orgs/{slug}/reports?view={}", view.as_str())>"Clear filters"</a>
            </Form>
            <p class="muted report-summary">{p.summary.clone()}</p>
            <p class="muted">
                "The period (From, To) sets the Trend's weeks and limits the learner lists to activity in it; the other figures count every enrolment."
            </p>
            <details class="definitions">
                <summary>"What the figures mean"</summary>
                <dl>
                    {DEFINITIONS
                        .iter()
                        .map(|(term, meaning)| view! { <dt>{*term}</dt><dd>{*meaning}</dd> })
                        .collect_view()}
                </dl>
            </details>
            {if csv_on {
                view! {
                    <p>
                        <a href=report_csv download rel="external">{format!("Download CSV: {}", view.label())}</a>
                    </p>
                }
                .into_any()
            } else {
                view! { <p class="muted">{crate::domain::features::Feature::CsvExport.missing_message()}</p> }.into_any()
            }}
            {chart}
            <ReportTable table=p.table.clone() />
            {pager}
            {drill}
        </div>
    }
    .into_any()
}

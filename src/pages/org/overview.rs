//! The Overview tab: the organization's front page. Each figure links to the list behind it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::members::get_overview;
use crate::components::await_view::Await;
use crate::domain::members::OrgContext;
use crate::domain::overview::{links, Overview};

/// The tab body.
pub fn overview_tab(c: OrgContext) -> AnyView {
    if !c.whole_org {
        // People who see only some teams have no organization figures: their first tab is Members.
        return super::members::members_tab(c);
    }
    view! { <OverviewTab c /> }.into_any()
}

#[component]
fn OverviewTab(c: OrgContext) -> impl IntoView {
    let org = c.id;
    let slug = StoredValue::new(c.slug.clone());
    let data = Resource::new(|| (), move |_| get_overview(org));
    let view = move |o: Overview| view! { <OverviewView slug=slug.get_value() o /> };
    view! { <Await resource=data view /> }
}

/// A figure that links to its list.
#[component]
fn Figure(label: String, value: String, href: String) -> impl IntoView {
    let name = format!("{label}: {value}");
    view! {
        <div class="stat-card">
            <dt>{label.clone()}</dt>
            <dd><A href=href attr:class="stat-link" attr:aria-label=name>{value}</A></dd>
        </div>
    }
}

#[component]
fn OverviewView(slug: String, o: Overview) -> impl IntoView {
    let u = o.usage;
    let seats = format!(
        "{} of {} seats in use ({} held by pending invitations), {} free",
        u.in_use(),
        u.total,
        u.pending,
        u.free()
    );
    let bar = format!("width: {}%", u.percent());
    let active = o
        .active
        .iter()
        .map(|a| {
            view! {
                <Figure label=format!("Active in the last {} days", a.days) value=a.members.to_string()
                    href=links::active(&slug, a.days) />
            }
        })
        .collect_view();
    let completion = match o.figures.clone() {
        Some(f) => view! {
            <dl class="stat-grid">
                <Figure label="Completion rate".into() value=format!("{}%", f.completion_rate())
                    href=links::completion(&slug) />
                <Figure label="Completed enrolments".into() value=format!("{} of {}", f.completed, f.assigned)
                    href=links::completion(&slug) />
                <Figure label="Overdue enrolments".into() value=f.overdue.to_string() href=links::overdue(&slug) />
            </dl>
            <OverdueCourses slug=slug.clone() o=o.clone() />
        }
        .into_any(),
        None => view! {
            <p class="muted">{crate::domain::features::Feature::Reports.missing_message()}</p>
        }
        .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="overview-seats-title">
            <h2 id="overview-seats-title">"Seats"</h2>
            <dl class="stat-grid">
                <Figure label="Seats used".into() value=u.members.to_string() href=links::members(&slug) />
                <Figure label="Seats pending".into() value=u.pending.to_string() href=links::seats(&slug) />
                <Figure label="Seats free".into() value=u.free().to_string() href=links::seats(&slug) />
            </dl>
            <div class="seat-bar" role="progressbar" aria-label="Seats in use" aria-valuemin="0"
                aria-valuemax=u.total aria-valuenow=u.in_use() aria-valuetext=seats.clone()>
                <div class="seat-bar-fill" style=bar></div>
            </div>
            <p class="muted">{seats}</p>
        </section>
        <section class="card" aria-labelledby="overview-activity-title">
            <h2 id="overview-activity-title">"Activity"</h2>
            <dl class="stat-grid">
                <Figure label="Members".into() value=o.members.to_string() href=links::members(&slug) />
                {active}
                <Figure label="Join requests waiting".into() value=o.join_requests.to_string()
                    href=links::join_requests(&slug) />
            </dl>
        </section>
        <section class="card" aria-labelledby="overview-completion-title">
            <h2 id="overview-completion-title">"Completion"</h2>
            {completion}
        </section>
        <section class="card" aria-labelledby="overview-expiry-title">
            <h2 id="overview-expiry-title">"Expiry"</h2>
            <p>{o.expiry.clone()}</p>
        </section>
    }
}

#[component]
fn OverdueCourses(slug: String, o: Overview) -> impl IntoView {
    if o.top_overdue.is_empty() {
        return view! { <p class="muted">"No course has overdue learners."</p> }.into_any();
    }
    let rows = o
        .top_overdue
        .into_iter()
        .map(|c| {
            let href = links::course_overdue(&slug, c.id);
            view! {
                <tr>
                    <th scope="row">{c.title.clone()}</th>
                    <td class="num"><A href=href attr:aria-label=format!("Overdue learners of {}: {}", c.title, c.overdue)>{c.overdue}</A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption>"Courses with the most overdue learners"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Course"</th>
                        <th scope="col" class="num">"Overdue learners"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

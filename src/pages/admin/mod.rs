//! The platform admin area.

pub mod api;
pub mod audit;
pub mod courses;
pub mod organizations;
pub mod outbox;
pub mod reports;
pub mod seat_requests;
pub mod seat_types;
pub mod types;
pub mod users;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::admin::get_platform_overview;
use crate::components::await_view::Await;
use crate::components::guard::Protected;
use crate::components::stat_card::StatCard;
use crate::domain::format;
use crate::domain::nav::Area;
use crate::domain::org::{OrgSummary, PlatformOverview};

/// The sections of the admin area, in navigation order: (path, label).
pub const SECTIONS: [(&str, &str); 11] = [
    ("/admin", "Overview"),
    ("/admin/organizations", "Organizations"),
    ("/admin/types", "Organization Types"),
    ("/admin/seat-types", "Seat Types"),
    ("/admin/seat-requests", "Seat requests"),
    ("/admin/users", "Users"),
    ("/admin/courses", "Courses"),
    ("/admin/reports", "Reports"),
    ("/admin/outbox", "Outbox"),
    ("/admin/api", "API"),
    ("/admin/audit", "Audit"),
];

/// Every admin page: platform admins only, with the admin section navigation.
#[component]
pub fn AdminPage(title: &'static str, children: ChildrenFn) -> impl IntoView {
    view! {
        <Title text=title />
        <Protected area=Area::Admin>
            <AdminNav />
            {children()}
        </Protected>
    }
}

#[component]
fn AdminNav() -> impl IntoView {
    let links = SECTIONS
        .iter()
        .map(|(href, label)| view! { <A href=*href exact=true>{*label}</A> })
        .collect_view();
    view! { <nav class="subnav" aria-label="Admin">{links}</nav> }
}

/// `/admin`: platform totals and every organization at a glance.
#[component]
pub fn AdminHomePage() -> impl IntoView {
    view! {
        <AdminPage title="Admin">
            <AdminOverview />
        </AdminPage>
    }
}

#[component]
fn AdminOverview() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_platform_overview());
    view! {
        <div class="page-head">
            <h1>"Admin"</h1>
            <p class="muted">"Every organization, type, team and course on the platform."</p>
        </div>
        <Await resource=overview view=overview_view />
    }
}

fn overview_view(o: PlatformOverview) -> impl IntoView {
    view! {
            <dl class="stat-grid">
                <StatCard label="Organizations" value=o.organizations.to_string() />
                <StatCard label="Users" value=o.users.to_string() />
                <StatCard label="Courses" value=o.courses.to_string() />
                <StatCard label="Organization types" value=o.organization_types.to_string() />
            </dl>
            <h2>"Organizations"</h2>
            <OrgTable orgs=o.recent show_role=false />
    }
}

/// A table of organizations; also used by the dashboard.
#[component]
pub fn OrgTable(orgs: Vec<OrgSummary>, show_role: bool) -> impl IntoView {
    if orgs.is_empty() {
        return view! { <p class="empty">"No organizations yet."</p> }.into_any();
    }
    let rows = orgs
        .into_iter()
        .map(|o| {
            let status_class = format!("badge badge-{}", o.status.label().to_lowercase());
            view! {
                <tr>
                    <th scope="row">{o.name}</th>
                    {show_role.then(|| view! { <td>{o.my_role.map(|r| r.label()).unwrap_or("—")}</td> })}
                    <td>{o.type_name.unwrap_or_else(|| "—".into())}</td>
                    <td>{o.owner_email}</td>
                    <td class="num">{format!("{} / {}", o.seats_used, o.seat_count)}</td>
                    <td><span class=status_class>{o.status.label()}</span></td>
                    <td>{format::expiry(o.expires_at.as_deref())}</td>
                    {show_role.then(|| view! { <td><A href=format!("/orgs/{}", o.slug)>"View"</A></td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Organization"</th>
                        {show_role.then(|| view! { <th scope="col">"Your role"</th> })}
                        <th scope="col">"Type"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col" class="num">"Seats used"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Expires"</th>
                        {show_role.then(|| view! { <th scope="col">"Open"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

//! The group dashboard of owners and managers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::orgs::list_managed_orgs;
use crate::components::await_view::Await;
use crate::components::guard::Protected;
use crate::domain::nav::Area;
use crate::domain::org::OrgSummary;
use crate::pages::admin::OrgTable;

/// `/dashboard`: the organizations this person manages.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text="Dashboard" />
        <Protected area=Area::Dashboard>
            <ManagedOrgs />
        </Protected>
    }
}

#[component]
fn ManagedOrgs() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| list_managed_orgs());
    view! {
        <div class="page-head">
            <h1>"Dashboard"</h1>
            <p class="muted">"The organizations you manage, with their seats and renewal dates."</p>
        </div>
        <Await resource=orgs view=managed_table />
    }
}

fn managed_table(orgs: Vec<OrgSummary>) -> impl IntoView {
    view! { <OrgTable orgs show_role=true /> }
}

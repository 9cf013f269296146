//! The learner's own area.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::orgs::list_my_orgs;
use crate::components::await_view::Await;
use crate::components::guard::Protected;
use crate::domain::nav::Area;
use crate::domain::org::OrgSummary;

/// `/me`: the person's organizations (their courses arrive with course access).
#[component]
pub fn MyLearningPage() -> impl IntoView {
    view! {
        <Title text="My learning" />
        <Protected area=Area::MyLearning>
            <MyOrgs />
        </Protected>
    }
}

#[component]
fn MyOrgs() -> impl IntoView {
    let orgs = Resource::new(|| (), |_| list_my_orgs());
    view! {
        <div class="page-head">
            <h1>"My learning"</h1>
            <p class="muted">"Your organizations. Courses assigned to you will be listed here."</p>
        </div>
        <Await resource=orgs view=org_cards />
    }
}

fn org_cards(orgs: Vec<OrgSummary>) -> AnyView {
    if orgs.is_empty() {
        return view! { <p class="empty">"You are not a member of any organization yet."</p> }.into_any();
    }
    let items = orgs
        .into_iter()
        .map(|o| {
            view! {
                <li class="card org-card">
                    <h2>{o.name}</h2>
                    <p class="muted">
                        {o.my_role.map(|r| r.label()).unwrap_or("Member")} " · " {o.status.label()}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="card-list">{items}</ul> }.into_any()
}

//! `/organizations`: the public organizations, for anyone, each with how to join it. Hidden and
//! private organizations are never listed (see `domain::join`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::join::{list_public_orgs, ListedOrg};
use crate::components::await_view::Await;
use crate::domain::join::JoinKind;

/// The public list of organizations.
#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_public_orgs());
    view! {
        <Title text="Organizations" />
        <h1>"Organizations"</h1>
        <p class="muted">"Organizations that train their people on Orgboard and welcome new members."</p>
        <Await resource=list view=org_table />
    }
}

fn org_table(orgs: Vec<ListedOrg>) -> AnyView {
    if orgs.is_empty() {
        return view! { <p class="empty">"No organization is listed yet."</p> }.into_any();
    }
    let rows = orgs
        .into_iter()
        .map(|o| {
            let (how, link) = match &o.join {
                Some(JoinKind::Open(domains)) if domains.is_empty() => ("Open to anyone".to_string(), true),
                Some(JoinKind::Open(domains)) => (format!("Open to addresses at {}", domains.join(" or ")), true),
                Some(JoinKind::Approval) => ("Ask to join; an administrator decides".to_string(), true),
                None => ("By invitation only".to_string(), false),
            };
            let join = link.then(|| {
                view! { <a class="button button-small" href=format!("/join/{}", o.slug)>{format!("Join {}", o.name)}</a> }
            });
            view! {
                <tr>
                    <th scope="row">{o.name.clone()}</th>
                    <td>{o.description.clone()}</td>
                    <td>{how}</td>
                    <td>{join}</td>
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
                        <th scope="col">"About"</th>
                        <th scope="col">"Joining"</th>
                        <th scope="col"><span class="visually-hidden">"Join"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

//! The audit log viewer, shared by Settings > Audit (one organization) and Admin > Audit
//! (everything): filters in the address, a table of entries, older pages, a CSV download.

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

use crate::api::audit::list_audit;
use crate::components::await_view::Await;
use crate::domain::audit::{details_text, AuditAction, AuditPage, AuditQuery};
use crate::domain::format;
use crate::domain::ids::OrgId;

/// The viewer: `org` is `None` for the whole platform; `base` is the page's own address and
/// `csv` the download's.
#[component]
pub fn AuditLog(org: Option<OrgId>, base: String, csv: String) -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        let p = params.read();
        let get = |k: &str| p.get(k).unwrap_or_default();
        AuditQuery {
            actor: get("actor"),
            action: get("action"),
            target: get("target"),
            from: get("from"),
            to: get("to"),
            before: get("before").parse().unwrap_or(0),
        }
    };
    let entries = Resource::new(query, move |q| list_audit(org, q));
    let show_org = org.is_none();
    let csv_href = move || format!("{csv}{}", format::query(&query().to_query()));
    let view_page = {
        let base = base.clone();
        move |p: AuditPage| view! { <AuditTable page=p show_org base=base.clone() query=query() /> }
    };
    view! {
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Filter the audit log">
            <div class="field">
                <label for="audit-actor">"Actor"</label>
                <input id="audit-actor" name="actor" type="search" prop:value=move || query().actor placeholder="Email or token name" />
            </div>
            <div class="field">
                <label for="audit-action">"Action"</label>
                <input id="audit-action" name="action" type="search" list="audit-actions" prop:value=move || query().action placeholder="member.added or member." />
                <datalist id="audit-actions">
                    {AuditAction::ALL
                        .iter()
                        .map(|a| view! { <option value=a.as_str()>{format!("{}: {}", a.category_label(), a.label())}</option> })
                        .collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="audit-target">"Target"</label>
                <input id="audit-target" name="target" type="search" prop:value=move || query().target placeholder="team:12, team or 12" />
            </div>
            <div class="field">
                <label for="audit-from">"From"</label>
                <input id="audit-from" name="from" type="date" prop:value=move || query().from />
            </div>
            <div class="field">
                <label for="audit-to">"To"</label>
                <input id="audit-to" name="to" type="date" prop:value=move || query().to />
            </div>
            <button type="submit" class="button">"Filter"</button>
            <a class="button button-ghost" href=csv_href rel="external" download="">"Download CSV"</a>
        </Form>
        <Await resource=entries view=view_page />
    }
}

#[component]
fn AuditTable(page: AuditPage, show_org: bool, base: String, query: AuditQuery) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">"No audit entries match these filters."</p> }.into_any();
    }
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let target = if r.target_id.is_empty() {
                r.target_type.clone()
            } else {
                format!("{}:{}", r.target_type, r.target_id)
            };
            let org = show_org.then(|| {
                let name = if r.organization.is_empty() { "—".to_string() } else { r.organization.clone() };
                view! { <td>{name}</td> }
            });
            view! {
                <tr>
                    <td><time datetime=r.at.clone()>{r.at.replace('T', " ").trim_end_matches('Z').to_string()}</time></td>
                    <td>{r.actor}</td>
                    {org}
                    <td><code>{r.action}</code></td>
                    <td>{target}</td>
                    <td class="wrap">{details_text(&r.details)}</td>
                </tr>
            }
        })
        .collect_view();
    let filters = query.to_query();
    let newest = (query.before > 0).then(|| {
        let href = format!("{base}{}", format::query(&filters));
        view! { <A href=href>"Newest entries"</A> }
    });
    let older = page.older.map(|before| {
        let mut pairs = filters.clone();
        pairs.push(("before", before.to_string()));
        let href = format!("{base}{}", format::query(&pairs));
        view! { <A href=href>"Older entries"</A> }
    });
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">"Audit log, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When (UTC)"</th>
                        <th scope="col">"Actor"</th>
                        {show_org.then(|| view! { <th scope="col">"Organization"</th> })}
                        <th scope="col">"Action"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Changes"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Audit pages">{newest}{older}</nav>
    }
    .into_any()
}

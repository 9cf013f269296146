//! Admin > Outbox: every message Orgboard wrote, with its links, newest first.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::AdminPage;
use crate::api::outbox::{list_outbox, OutboxMail};
use crate::components::await_view::Await;
use crate::components::pager::Pager;
use crate::domain::format;
use crate::domain::user_admin::Page;

/// `/admin/outbox`.
#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    view! {
        <AdminPage title="Outbox">
            <OutboxList />
        </AdminPage>
    }
}

#[component]
fn OutboxList() -> impl IntoView {
    let query = use_query_map();
    let to = move || query.read().get("to").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let mail = Resource::new(move || (to(), page()), |(t, p)| list_outbox(t, p));
    let table = move |p: Page<OutboxMail>| outbox_table(p, to());
    view! {
        <div class="page-head">
            <h1>"Outbox"</h1>
            <p class="muted">"Invitations and set-password links, with their delivery status. Without SMTP_URL configured, this is where they are delivered."</p>
        </div>
        <Form method="GET" action="" attr:class="filters">
            <div class="field">
                <label for="outbox-to">"Recipient"</label>
                <input id="outbox-to" type="search" name="to" prop:value=to placeholder="Email contains" />
            </div>
            <button type="submit" class="button">"Filter"</button>
        </Form>
        <Await resource=mail view=table />
    }
}

fn outbox_table(p: Page<OutboxMail>, to: String) -> AnyView {
    if p.items.is_empty() {
        return view! { <p class="empty">"No messages."</p> }.into_any();
    }
    let (n, pages, total) = (p.page, p.pages(), p.total);
    let rows = p
        .items
        .into_iter()
        .map(|m| {
            view! {
                <article class="card mail" aria-label=format!("Message to {}", m.to_email)>
                    <h2 class="mail-subject">{m.subject}</h2>
                    <p class="muted">{format!("To {} · {} · {}", m.to_email, format::date(&m.created_at), m.status)}</p>
                    <pre class="mail-body">{m.body}</pre>
                </article>
            }
        })
        .collect_view();
    let href = move |page: i64| {
        format!(
            "/admin/outbox{}",
            format::query(&[("to", to.clone()), ("page", page.to_string())])
        )
    };
    view! {
        {rows}
        <Pager page=n pages total href />
    }
    .into_any()
}

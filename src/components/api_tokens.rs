//! API tokens of an organization (Settings > API) or of the platform (Admin > API): create one
//! (its secret shown once), see the list with last use, revoke.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::tokens::{list_api_tokens, CreateApiToken, RevokeApiToken};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, Field, FormAlert, Reload, Select};
use crate::domain::api_tokens::{expiry_options, TokenAccess, TokenRow};
use crate::domain::format;
use crate::domain::ids::OrgId;

/// The token section: `org` for an organization's tokens, `None` for platform tokens.
#[component]
pub fn ApiTokens(org: Option<OrgId>) -> impl IntoView {
    let reload = Reload::provide();
    let tokens = Resource::new(move || reload.track(), move |_| list_api_tokens(org));
    let reach = if org.is_some() {
        "An organization token reaches this organization only, and acts as an organization admin: members, seats, structure, course assignments, progress, reports and the audit log."
    } else {
        "A platform token reaches every organization, like a platform admin: organizations, their teams, the catalog and everything inside each organization."
    };
    let table = move |list: Vec<TokenRow>| token_table(org, list);
    view! {
        <section class="card" aria-labelledby="api-title">
            <h2 id="api-title">"API tokens"</h2>
            <p class="muted">{reach}</p>
            <p>
                "Send a token as "<code>"Authorization: Bearer <token>"</code>" to "<code>"/api/v1"</code>". "
                <A href="/docs/api">"API reference"</A>" · "
                <a href="/api/v1/openapi.json" rel="external">"OpenAPI document"</a>
            </p>
            <CreateTokenForm org />
        </section>
        <section class="card" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"Tokens"</h2>
            <Await resource=tokens view=table />
        </section>
    }
}

#[component]
fn CreateTokenForm(org: Option<OrgId>) -> impl IntoView {
    let action = reloading::<CreateApiToken>();
    let error = form_error(action);
    let created = move || action.value().get().and_then(Result::ok);
    view! {
        <ActionForm action attr:class="form">
            {org.map(|o| view! { <input type="hidden" name="org" value=o.0 /> })}
            <div class="form-grid">
                <Field label="Token name" name="name" error hint="What it is for, like \"HR sync\" or \"LMS progress\"." required=true />
                <Select label="Access" name="access" options=TokenAccess::options() selected="read" error />
                <Select label="Expires" name="expires" options=expiry_options() selected="90" error />
            </div>
            <FormAlert error />
            <button type="submit" class="button button-primary">"Create token"</button>
        </ActionForm>
        {move || created().map(|c| view! {
            <div class="notice" role="status">
                <p><strong>{format!("Token \u{201c}{}\u{201d} created.", c.row.name)}</strong>" Copy it now: it is not shown again."</p>
                <div class="field">
                    <label for="new-token">"New token"</label>
                    <input id="new-token" type="text" readonly=true value=c.token.clone() class="token-secret" />
                </div>
            </div>
        })}
    }
}

fn token_table(org: Option<OrgId>, list: Vec<TokenRow>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="empty">"No tokens yet."</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|t| {
            let active = t.state == "Active";
            let label = format!("Revoke {}", t.name);
            view! {
                <tr>
                    <th scope="row">{t.name.clone()}</th>
                    <td><code>{format!("{}…", t.prefix)}</code></td>
                    <td>{t.access.label()}</td>
                    <td>{t.created_by.clone()}</td>
                    <td>{format::date(&t.created_at)}</td>
                    <td>{t.expires_at.as_deref().map(format::date).unwrap_or_else(|| "Never".into())}</td>
                    <td>{t.last_used_at.as_deref().map(format::date).unwrap_or_else(|| "Not yet".into())}</td>
                    <td>{t.state.clone()}</td>
                    <td>{active.then(|| view! { <RevokeButton org id=t.id label=label.clone() /> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">"API tokens"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Token"</th>
                        <th scope="col">"Access"</th>
                        <th scope="col">"Created by"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RevokeButton(org: Option<OrgId>, id: i64, label: String) -> impl IntoView {
    let action = reloading::<RevokeApiToken>();
    let error = form_error(action);
    view! {
        <ActionForm action attr:class="inline-form">
            {org.map(|o| view! { <input type="hidden" name="org" value=o.0 /> })}
            <input type="hidden" name="id" value=id />
            <button type="submit" class="button button-small button-danger" aria-label=label>"Revoke"</button>
            <FormAlert error />
        </ActionForm>
    }
}

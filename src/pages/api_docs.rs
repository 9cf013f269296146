//! `/docs/api`: the REST API reference, readable by people; generated from the same OpenAPI
//! document integrators download, so it cannot drift from the code.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::tokens::get_api_reference;
use crate::components::await_view::Await;
use crate::domain::api_tokens::ApiEndpoint;

/// The page.
#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let endpoints = Resource::new(|| (), |_| get_api_reference());
    view! {
        <Title text="API reference" />
        <div class="page-head">
            <h1>"API reference"</h1>
            <p class="muted">"Orgboard's REST API, version 1, for integrations: an LMS pushing progress, an HR system syncing people, a BI tool reading reports."</p>
        </div>
        <section class="card prose" aria-labelledby="basics-title">
            <h2 id="basics-title">"Basics"</h2>
            <ul>
                <li>"Base address: "<code>"/api/v1"</code>". JSON in and out; timestamps are RFC 3339 in UTC ("<code>"2026-11-30T09:15:00Z"</code>"); ids never change."</li>
                <li>"Authentication: "<code>"Authorization: Bearer <token>"</code>". Owners and organization admins create organization tokens in Settings > API; platform admins create platform tokens in Admin > API. A token is shown once; only its SHA-256 is stored."</li>
                <li>"Scopes: GET needs "<code>"read"</code>"; POST, PUT, PATCH and DELETE need "<code>"write"</code>". An organization token sees its own organization only: any other organization's ids answer 404."</li>
                <li>"Errors: "<code>"{\"error\": {\"code\", \"message\", \"field\"}}"</code>" with 400 (unreadable request), 401 (no, unknown, revoked or expired token), 403 (missing scope or not allowed), 404, 409 (conflict, such as no seat left), 422 (a field is wrong; "<code>"field"</code>" names it) or 429."</li>
                <li>"Lists take "<code>"limit"</code>" (1–500, default 50) and "<code>"cursor"</code>", and return "<code>"next_cursor"</code>" until the last page."</li>
                <li>"Rate limit: each token has a budget of requests per minute (600 unless the operator changed it); over it, 429 with "<code>"Retry-After"</code>" in seconds."</li>
                <li>"Progress: "<code>"POST /orgs/{org}/progress/bulk"</code>" takes up to 10,000 rows in one transaction: all written, or none with every refused row named. Send an "<code>"Idempotency-Key"</code>" header to make retries safe."</li>
            </ul>
            <p><a href="/api/v1/openapi.json" rel="external">"Download the OpenAPI 3.1 document"</a></p>
        </section>
        <Await resource=endpoints view=endpoint_table />
    }
}

fn endpoint_table(list: Vec<ApiEndpoint>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.tag}</td>
                    <td><code>{e.method}</code></td>
                    <th scope="row"><code>{e.path}</code></th>
                    <td>{e.scope}</td>
                    <td class="wrap">{e.summary}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="endpoints-title">
            <h2 id="endpoints-title">"Endpoints"</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Group"</th>
                            <th scope="col">"Method"</th>
                            <th scope="col">"Path"</th>
                            <th scope="col">"Scope"</th>
                            <th scope="col">"What it does"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

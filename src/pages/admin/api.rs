//! Admin > API: platform tokens.

use leptos::prelude::*;

use super::AdminPage;
use crate::components::api_tokens::ApiTokens;

/// `/admin/api`.
#[component]
pub fn AdminApiPage() -> impl IntoView {
    view! {
        <AdminPage title="API">
            <div class="page-head">
                <h1>"API"</h1>
                <p class="muted">"Platform tokens for integrations that work across organizations."</p>
            </div>
            <ApiTokens org=None />
        </AdminPage>
    }
}

//! Admin > Audit: the whole platform's audit log, including sign-ins and refused requests.

use leptos::prelude::*;

use super::AdminPage;
use crate::components::audit_log::AuditLog;

/// `/admin/audit`.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! {
        <AdminPage title="Audit">
            <div class="page-head">
                <h1>"Audit"</h1>
                <p class="muted">"Every change on the platform, sign-ins and failed sign-ins, and refused requests (action access.denied). Entries cannot be edited or deleted."</p>
            </div>
            <AuditLog org=None base="/admin/audit".to_string() csv="/admin/audit.csv".to_string() />
        </AdminPage>
    }
}

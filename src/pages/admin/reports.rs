//! Admin > Reports: every organization's figures side by side, with a chart and a CSV download;
//! each organization leads to its own Reports tab.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::AdminPage;
use crate::api::reports::get_admin_report;
use crate::components::await_view::Await;
use crate::components::chart::ChartFigure;
use crate::components::report_table::ReportTable;
use crate::domain::reports::ReportPage;

/// `/admin/reports`.
#[component]
pub fn AdminReportsPage() -> impl IntoView {
    view! {
        <AdminPage title="Reports">
            <AdminReports />
        </AdminPage>
    }
}

#[component]
fn AdminReports() -> impl IntoView {
    let query = use_query_map();
    let removed = move || matches!(query.read().get("removed").as_deref(), Some("1" | "true" | "on"));
    let report = Resource::new(removed, get_admin_report);
    let body = move |p: ReportPage| {
        let csv = if removed() {
            "/admin/reports.csv?removed=1"
        } else {
            "/admin/reports.csv"
        };
        let chart = p.chart.clone().map(|c| view! { <ChartFigure chart=c /> });
        view! {
            <p class="muted">{p.summary.clone()}</p>
            <p>
                <a href=csv download rel="external">"Download CSV: Organizations"</a>
            </p>
            {chart}
            <ReportTable table=p.table.clone() />
        }
    };
    view! {
        <div class="page-head">
            <h1>"Reports"</h1>
            <p class="muted">"Every organization's learners by status. Open an organization for its Course Report, User Report, Rollup and Trend."</p>
        </div>
        <Form method="GET" action="" attr:class="filters">
            <div class="field checkbox">
                <input id="admin-report-removed" type="checkbox" name="removed" value="1" prop:checked=removed />
                <label for="admin-report-removed">"Include removed members"</label>
            </div>
            <button type="submit" class="button">"Apply filters"</button>
        </Form>
        <Await resource=report view=body />
    }
}

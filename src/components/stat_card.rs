//! A headline figure with its label.

use leptos::prelude::*;

/// One figure on an overview page.
#[component]
pub fn StatCard(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="stat-card">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

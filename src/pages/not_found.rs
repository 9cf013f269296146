//! Any unknown address.

use leptos::prelude::*;

use crate::components::status::NotFoundView;

/// The 404 page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFoundView /> }
}

//! `/`: sends each person to their most useful area, and visitors to sign-in.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::layout::UserResource;
use crate::components::status::ErrorView;
use crate::domain::nav;

/// The start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let user = expect_context::<UserResource>();
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => view! { <Redirect path=nav::home_for(&u) /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/signin" /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! Page guards: signed-out visitors go to sign-in (and come back), others see 403.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::layout::UserResource;
use super::status::{ErrorView, ForbiddenView};
use crate::domain::format;
use crate::domain::nav::Area;

/// Shows `children` only to people admitted to `area`.
///
/// The check runs once per page (the signed-in person does not change without a page load:
/// sign-in and sign-out redirect). It is deliberately not reactive: a reactive guard was re-run
/// on the server when the person loaded, so the page's own resources were created two or three
/// times there but once in the browser, their serialized ids no longer matched, and hydration
/// failed at random.
#[component]
pub fn Protected(area: Area, children: ChildrenFn) -> impl IntoView {
    let user = expect_context::<UserResource>();
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {
                let children = children.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) if area.admits(&u) => children().into_any(),
                        Ok(Some(_)) => view! { <ForbiddenView /> }.into_any(),
                        Ok(None) => {
                            let search = location.search.get_untracked();
                            let here = if search.is_empty() {
                                location.pathname.get_untracked()
                            } else if search.starts_with('?') {
                                format!("{}{search}", location.pathname.get_untracked())
                            } else {
                                format!("{}?{search}", location.pathname.get_untracked())
                            };
                            let path = format!("/signin?next={}", format::query_value(&here));
                            view! { <Redirect path /> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}

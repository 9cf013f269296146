//! One way to show loaded data: a loading state, the data, or the error — never a blank page.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::status::ErrorView;
use crate::error::AppError;

/// Renders `resource` with `view` once loaded; keeps showing old data while it reloads. With
/// `error_action` (a path and a label), an error is followed by that link (a dead link's page
/// offers to ask for a new one).
#[component]
pub fn Await<T, F, V>(
    resource: Resource<Result<T, AppError>>,
    view: F,
    #[prop(optional)] error_action: Option<(&'static str, &'static str)>,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => view(data).into_any(),
                        Err(error) => view! {
                            <ErrorView error />
                            {error_action.map(|(href, label)| view! { <a class="button button-primary" href=href>{label}</a> })}
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
    }
}

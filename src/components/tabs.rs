//! Tabs (WAI-ARIA tab pattern). Panels stay in the DOM when hidden, so one form can span tabs
//! and every field is submitted whichever tab is open.

use leptos::prelude::*;

use super::form::FormError;
use crate::error::AppError;

#[derive(Clone, Copy)]
struct TabState {
    group: &'static str,
    selected: RwSignal<usize>,
}

/// A tab list over `labels`; put one `TabPanel` per label after it, inside the same parent.
#[component]
pub fn Tabs(
    /// A unique prefix for element ids.
    group: &'static str,
    /// Tab names, in order.
    labels: Vec<&'static str>,
    /// The panels.
    children: Children,
) -> impl IntoView {
    let state = TabState {
        group,
        selected: RwSignal::new(0),
    };
    provide_context(state);
    let count = labels.len();
    let tabs = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                let next = match ev.key().as_str() {
                    "ArrowRight" => (i + 1) % count,
                    "ArrowLeft" => (i + count - 1) % count,
                    _ => return,
                };
                state.selected.set(next);
            };
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("{group}-tab-{i}")
                    aria-controls=format!("{group}-panel-{i}")
                    aria-selected=move || (state.selected.get() == i).to_string()
                    tabindex=move || if state.selected.get() == i { "0" } else { "-1" }
                    on:click=move |_| state.selected.set(i)
                    on:keydown=on_key
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="tabs" role="tablist">{tabs}</div>
        {children()}
    }
}

/// The panel of tab number `index`. When the form's last error names one of `fields`, this
/// panel opens, so the message beside the field is seen.
#[component]
pub fn TabPanel(
    index: usize,
    #[prop(optional)] fields: &'static [&'static str],
    #[prop(optional)] error: Option<FormError>,
    children: Children,
) -> impl IntoView {
    let state = expect_context::<TabState>();
    if let Some(error) = error {
        Effect::new(move |_| {
            if let Some(AppError::Invalid { field, .. }) = error.get() {
                if fields.contains(&field.as_str()) {
                    state.selected.set(index);
                }
            }
        });
    }
    view! {
        <div
            role="tabpanel"
            id=format!("{}-panel-{index}", state.group)
            aria-labelledby=format!("{}-tab-{index}", state.group)
            hidden=move || state.selected.get() != index
        >
            {children()}
        </div>
    }
}

//! A form in a native `<dialog>`, opened by a button beside the list it changes.

use leptos::html::Dialog;
use leptos::prelude::*;

/// A button (`opener`, e.g. "Add member…") that opens `children` in a modal `<dialog>` named
/// `title`, with a Close button; Escape closes it too (the browser's own behaviour).
#[component]
pub fn FormDialog(opener: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    view! {
        <button type="button" class="button" aria-haspopup="dialog" on:click=open>{opener}</button>
        <dialog node_ref=dialog class="form-dialog" aria-label=title>
            <div class="form-dialog-bar">
                <button type="button" class="button" on:click=close>"Close"</button>
            </div>
            {children()}
        </dialog>
    }
}

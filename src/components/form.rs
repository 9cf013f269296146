//! Form pieces: a labelled field with its server-side message beside it, and the form's alert
//! for errors that belong to no single field.

use leptos::prelude::*;

use crate::error::AppError;

/// The last error of a form's action, shared by its fields.
pub type FormError = Signal<Option<AppError>>;

/// The error of `action`'s last submission, if it failed.
pub fn form_error<S>(action: ServerAction<S>) -> FormError
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A counter that lists and sections depend on; a successful `reloading` action bumps it.
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u64>);

impl Reload {
    /// A new counter, provided as context to everything below.
    pub fn provide() -> Reload {
        let reload = Reload(RwSignal::new(0));
        provide_context(reload);
        reload
    }

    /// Tracks the counter (call inside a resource's source).
    pub fn track(self) -> u64 {
        self.0.get()
    }
}

/// An action whose success bumps the `Reload` counter in context, so what shows its effect
/// loads again. Each form gets its own action, so its message shows beside it.
pub fn reloading<S>() -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.0.update(|n| *n += 1);
        }
    });
    action
}

/// The error key of an input name: `form[name]` → `name` (struct arguments), `name` → `name`.
pub fn field_key(name: &str) -> &str {
    match (name.rfind('['), name.strip_suffix(']')) {
        (Some(open), Some(inner)) => &inner[open + 1..],
        _ => name,
    }
}

fn message_for(error: FormError, name: &'static str) -> Option<String> {
    match error.get() {
        Some(AppError::Invalid { field, message }) if field == field_key(name) => Some(message),
        _ => None,
    }
}

/// A labelled input. `kind` is the input type; `value` its initial value.
#[component]
pub fn Field(
    /// Shown in the `<label>`.
    #[prop(into)]
    label: String,
    /// The input's element id when one form is repeated on a page; `field-{name}` otherwise.
    #[prop(optional, into)]
    id: Option<String>,
    /// Form field name (and the `field` of matching validation errors).
    name: &'static str,
    /// The form's error signal.
    error: FormError,
    /// Initial value.
    #[prop(optional, into)]
    value: String,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// Whether the browser should insist on a value too (the server always checks).
    #[prop(optional)]
    required: bool,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Extra input attributes such as `min`.
    #[prop(optional)]
    min: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{}", field_key(name)));
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message_for(error, name).is_some() {
                ids.push(err_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                min=min
                aria-invalid=move || message_for(error, name).is_some().to_string()
                aria-describedby=described
            />
            <FieldMessage error name id=err_id />
        </div>
    }
}

/// A labelled multi-line text field.
#[component]
pub fn TextArea(
    /// Shown in the `<label>`.
    label: &'static str,
    /// Form field name.
    name: &'static str,
    /// The form's error signal.
    error: FormError,
    /// Initial value.
    #[prop(optional, into)]
    value: String,
) -> impl IntoView {
    let id = format!("field-{}", field_key(name));
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            // The text goes in as escaped inner HTML: an empty text child would leave hydration
            // looking for a text node the server never wrote.
            <textarea
                id=id
                name=name
                rows="4"
                aria-invalid=move || message_for(error, name).is_some().to_string()
                inner_html=(!value.is_empty()).then(|| escape_text(&value))
            ></textarea>
            <FieldMessage error name id=err_id />
        </div>
    }
}

/// `raw` as HTML text: `&`, `<` and `>` escaped.
pub fn escape_text(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A labelled select; `options` are (value, label) pairs.
#[component]
pub fn Select(
    /// Shown in the `<label>`.
    #[prop(into)]
    label: String,
    /// The select's element id when one form is repeated on a page; `field-{name}` otherwise.
    #[prop(optional, into)]
    id: Option<String>,
    /// Form field name.
    name: &'static str,
    /// The form's error signal.
    error: FormError,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    /// The selected value.
    #[prop(optional, into)]
    selected: String,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{}", field_key(name)));
    let err_id = format!("{id}-error");
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is = value == selected;
            view! { <option value=value selected=is>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-invalid=move || message_for(error, name).is_some().to_string()>
                {options}
            </select>
            <FieldMessage error name id=err_id />
        </div>
    }
}

/// The message for one field, if the last submission failed on it.
#[component]
fn FieldMessage(error: FormError, name: &'static str, id: String) -> impl IntoView {
    move || {
        message_for(error, name).map(|m| {
            view! {
                <p class="field-error" role="alert" id=id.clone()>
                    {m}
                </p>
            }
        })
    }
}

/// The message for one field of a hand-built control (`name` is the error key).
#[component]
pub fn FieldError(error: FormError, name: &'static str) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Invalid { field, message }) if field == name => {
            Some(view! { <p class="field-error" role="alert">{message}</p> })
        }
        _ => None,
    }
}

/// Errors that belong to no field (conflicts, permissions, failures), as an alert.
#[component]
pub fn FormAlert(error: FormError) -> impl IntoView {
    move || match error.get() {
        None | Some(AppError::Invalid { .. }) => None,
        Some(other) => Some(view! {
            <p class="form-error" role="alert">
                {other.to_string()}
            </p>
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::field_key;

    #[test]
    fn text_is_escaped_for_inner_html() {
        assert_eq!(
            super::escape_text("a < b && c > d</textarea>"),
            "a &lt; b &amp;&amp; c &gt; d&lt;/textarea&gt;"
        );
    }

    #[test]
    fn struct_argument_names_map_to_their_field() {
        assert_eq!(field_key("form[name]"), "name");
        assert_eq!(field_key("name"), "name");
        assert_eq!(field_key("form[expiry_days]"), "expiry_days");
    }
}

/// A labelled checkbox that submits `true` when ticked (and nothing when not).
#[component]
pub fn Checkbox(
    /// Shown in the `<label>`.
    label: &'static str,
    /// Form field name.
    name: &'static str,
    /// Initially ticked.
    #[prop(optional)]
    checked: bool,
) -> impl IntoView {
    let id = format!("field-{}", field_key(name));
    view! {
        <div class="field field-check">
            <input id=id.clone() type="checkbox" name=name value="true" checked=checked />
            <label for=id>{label}</label>
        </div>
    }
}

/// A read-only field holding `value` (a link to hand out) with a button that copies it to the
/// clipboard; the field stays selectable where the clipboard is not available.
#[component]
pub fn CopyField(
    /// The field's label.
    label: &'static str,
    /// Its id.
    id: &'static str,
    /// The text to copy.
    value: String,
    /// The button's text.
    button: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = value.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <div class="field copy-field">
            <label for=id>{label}</label>
            <div class="copy-row">
                <input id=id type="text" readonly=true value=value />
                <button type="button" class="button" on:click=copy>{button}</button>
            </div>
            {move || copied.get().then(|| view! { <p class="notice" role="status">"Copied."</p> })}
        </div>
    }
}

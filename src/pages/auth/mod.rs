//! Sign-in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{check_set_password_link, SetPassword, SignIn};
use crate::components::await_view::Await;
use crate::components::form::{form_error, Field, FormAlert};

/// `/signin`: email and password; returns to the page that asked (`?next=`).
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || action.value().get().and_then(|r| r.err()).map(|e| e.to_string());
    view! {
        <Title text="Sign in" />
        <section class="auth-page">
            <div class="card auth-card">
                <h1>"Sign in to Orgboard"</h1>
                <p class="muted">"Use the email address your organization invited."</p>
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="next" prop:value=next />
                    <div class="field">
                        <label for="signin-email">"Email"</label>
                        <input
                            id="signin-email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            required
                            autofocus
                        />
                    </div>
                    <div class="field">
                        <label for="signin-password">"Password"</label>
                        <input
                            id="signin-password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                        />
                    </div>
                    {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                        "Sign in"
                    </button>
                </ActionForm>
            </div>
        </section>
    }
}

/// `/set-password?token=…`: a new account chooses its password from the link it was sent.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_set_password_link);
    view! {
        <Title text="Set your password" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await resource=link view=move |email: String| view! { <SetPasswordForm email token=token() /> } />
            </div>
        </section>
    }
}

#[component]
fn SetPasswordForm(email: String, token: String) -> impl IntoView {
    let action = ServerAction::<SetPassword>::new();
    let error = form_error(action);
    view! {
        <h1>"Set your password"</h1>
        <p class="muted">{format!("For {email}. Use at least 12 characters; a short sentence works well.")}</p>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token />
            <FormAlert error />
            <Field label="New password" name="password" kind="password" error required=true />
            <Field label="Repeat the password" name="confirm" kind="password" error required=true />
            <button type="submit" class="button button-primary">"Set password and sign in"</button>
        </ActionForm>
    }
}

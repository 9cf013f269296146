//! Sign-in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{
    check_reset_link, check_set_password_link, check_verify_link, ConfirmEmail, RequestPasswordReset,
    ResetPassword, SetPassword, SignIn, VerifySignInCode,
};
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
                <p class="muted"><a href="/forgot-password">"Forgot password?"</a></p>
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
                <Await
                    resource=link
                    view=move |email: String| view! { <SetPasswordForm email token=token() /> }
                    error_action=("/forgot-password", "Ask for a new link")
                />
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

/// `/invitations/accept?token=…`: join an organization from an invitation link.
#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let invitation = Resource::new(token, crate::api::invitations::get_invitation);
    view! {
        <Title text="Accept invitation" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await
                    resource=invitation
                    view=move |i: crate::domain::members::InvitationView| view! { <AcceptInvitationForm i token=token() /> }
                />
            </div>
        </section>
    }
}

#[component]
fn AcceptInvitationForm(i: crate::domain::members::InvitationView, token: String) -> impl IntoView {
    use crate::api::invitations::AcceptInvitation;
    let action = ServerAction::<AcceptInvitation>::new();
    let error = form_error(action);
    let heading = format!("Join {}", i.org_name);
    let role = i.role.label().to_lowercase();
    let intro = format!("You are invited as {role}, with {}.", i.email);
    let next = format!("/invitations/accept?token={token}");
    let body = match (i.has_account, i.signed_in_as.as_deref()) {
        (false, _) => view! {
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token.clone() />
                <FormAlert error />
                <Field label="Your name" name="name" error required=true />
                <Field label="Choose a password" name="password" kind="password" error required=true
                    hint="At least 12 characters; a short sentence works well." />
                <Field label="Repeat the password" name="confirm" kind="password" error required=true />
                <button type="submit" class="button button-primary">"Accept invitation"</button>
            </ActionForm>
        }
        .into_any(),
        (true, Some(me)) if me == i.email => view! {
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token.clone() />
                <input type="hidden" name="name" value="" />
                <input type="hidden" name="password" value="" />
                <input type="hidden" name="confirm" value="" />
                <FormAlert error />
                <button type="submit" class="button button-primary">"Accept invitation"</button>
            </ActionForm>
        }
        .into_any(),
        (true, Some(other)) => view! {
            <p class="form-error" role="alert">
                {format!("You are signed in as {other}, but this invitation is for {}. Sign out, then open the link again.", i.email)}
            </p>
        }
        .into_any(),
        (true, None) => view! {
            <p>{format!("{} already has an account.", i.email)}</p>
            <a class="button button-primary" href=format!("/signin?next={}", crate::domain::format::query_value(&next))>
                "Sign in to accept"
            </a>
        }
        .into_any(),
    };
    view! {
        <h1>{heading}</h1>
        <p class="muted">{intro}</p>
        {body}
    }
}

/// `/join/{slug}`: join a public or hidden organization (open: at once; approval: ask).
#[component]
pub fn JoinPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, crate::api::join::get_join_page);
    view! {
        <Title text="Join" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await resource=page view=move |j: crate::api::join::JoinView| view! { <JoinForm j slug=slug() /> } />
            </div>
        </section>
    }
}

#[component]
fn JoinForm(j: crate::api::join::JoinView, slug: String) -> impl IntoView {
    use crate::api::join::JoinOrg;
    let action = ServerAction::<JoinOrg>::new();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    let button = if j.needs_approval {
        "Request to join"
    } else {
        "Join organization"
    };
    let who = match (j.needs_approval, j.domains.is_empty()) {
        (true, _) => "Anyone can ask to join; an administrator of the organization decides.".to_string(),
        (false, true) => "Anyone with a confirmed email address can join.".to_string(),
        (false, false) => format!("People with an address at {} can join.", j.domains.join(" or ")),
    };
    let fields = match j.signed_in_as.clone() {
        Some(me) => view! {
            <p>{format!("You are signed in as {me}.")}</p>
            <input type="hidden" name="name" value="" />
            <input type="hidden" name="email" value="" />
            <input type="hidden" name="password" value="" />
            <input type="hidden" name="confirm" value="" />
        }
        .into_any(),
        None => view! {
            <Field label="Your name" name="name" error required=true />
            <Field label="Work email" name="email" kind="email" error required=true />
            <Field label="Choose a password" name="password" kind="password" error required=true
                hint="At least 12 characters; a short sentence works well." />
            <Field label="Repeat the password" name="confirm" kind="password" error required=true />
        }
        .into_any(),
    };
    view! {
        <h1>{format!("Join {}", j.org_name)}</h1>
        <p class="muted">{who}</p>
        {move || match done() {
            Some(message) => view! { <p class="notice" role="status">{message}</p> }.into_any(),
            None => ().into_any(),
        }}
        <ActionForm action attr:class="form">
            <input type="hidden" name="slug" value=slug.clone() />
            <FormAlert error />
            {fields}
            <button type="submit" class="button button-primary">{button}</button>
        </ActionForm>
    }
}

/// `/forgot-password`: asks for a reset link. The answer is the same whether or not the address
/// has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    view! {
        <Title text="Forgot password" />
        <section class="auth-page">
            <div class="card auth-card">
                <h1>"Forgot password"</h1>
                <p class="muted">"Type the email you sign in with. We mail a link to choose a new password; it works once, for 1 hour."</p>
                {move || done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
                <ActionForm action attr:class="form">
                    <FormAlert error />
                    <Field label="Email" name="email" kind="email" error required=true />
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                        "Send reset link"
                    </button>
                </ActionForm>
                <p class="muted"><a href="/signin">"Back to sign in"</a></p>
            </div>
        </section>
    }
}

/// `/reset-password?token=…`: choose a new password from a reset link.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_reset_link);
    view! {
        <Title text="Choose a new password" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await
                    resource=link
                    view=move |email: String| view! { <ResetPasswordForm email token=token() /> }
                    error_action=("/forgot-password", "Ask for a new link")
                />
            </div>
        </section>
    }
}

#[component]
fn ResetPasswordForm(email: String, token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = form_error(action);
    view! {
        <h1>"Choose a new password"</h1>
        <p class="muted">{format!("For {email}. Every other session of this account ends when you save it.")}</p>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token />
            <FormAlert error />
            <Field label="New password" name="password" kind="password" error required=true
                hint="At least 12 characters; a short sentence works well." />
            <Field label="Repeat the password" name="confirm" kind="password" error required=true />
            <button type="submit" class="button button-primary">"Set new password"</button>
        </ActionForm>
    }
}

/// `/verify-email?token=…`: confirm the address of a sign-up (a button, so mail scanners that
/// open links do not use it up).
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_verify_link);
    view! {
        <Title text="Confirm your address" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await
                    resource=link
                    view=move |email: String| view! { <VerifyEmailForm email token=token() /> }
                    error_action=("/signin", "Go to sign in")
                />
            </div>
        </section>
    }
}

#[component]
fn VerifyEmailForm(email: String, token: String) -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    // Confirming signs the person in: the header learns it at once.
    let user = expect_context::<crate::components::layout::UserResource>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            user.refetch();
        }
    });
    view! {
        <h1>"Confirm your address"</h1>
        {move || match done() {
            Some(message) => view! {
                <p class="notice" role="status">{message}</p>
                <a class="button button-primary" href="/">"Continue"</a>
            }
            .into_any(),
            None => {
                let (email, token) = (email.clone(), token.clone());
                view! {
                <p class="muted">{format!("Confirm that {email} is yours to start using your account.")}</p>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="token" value=token />
                    <FormAlert error />
                    <button type="submit" class="button button-primary">"Confirm my address"</button>
                </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

/// `/signin/code`: the second step of a sign-in with two-factor.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let action = ServerAction::<VerifySignInCode>::new();
    let error = form_error(action);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <Title text="Two-factor sign-in" />
        <section class="auth-page">
            <div class="card auth-card">
                <h1>"Two-factor sign-in"</h1>
                <p class="muted">"Open your authenticator app and type the 6-digit code it shows for Orgboard. Lost your phone? Type one of your recovery codes instead."</p>
                <ActionForm action attr:class="form">
                    <input type="hidden" name="next" prop:value=next />
                    <FormAlert error />
                    <Field label="Code" name="code" error required=true />
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                        "Verify"
                    </button>
                </ActionForm>
                <p class="muted"><a href="/signin">"Start again"</a></p>
            </div>
        </section>
    }
}

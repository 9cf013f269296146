//! `/me/account`: the signed-in person's name, password, sessions and recent sign-ins.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::account::{
    get_my_account, BeginTwoFactor, ChangeMyEmail, ChangeMyPassword, DisableTwoFactor, EnableTwoFactor,
    EndMyOtherSessions, EndMySession, MyAccount, RenameMe, TwoFactorSetup,
};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, Field, FormAlert, Reload};
use crate::components::guard::Protected;
use crate::domain::nav::Area;
use crate::domain::two_factor::TwoFactorState;

/// `/me/account`.
#[component]
pub fn MyAccountPage() -> impl IntoView {
    view! {
        <Title text="My account" />
        <Protected area=Area::MyLearning>
            <AccountSections />
        </Protected>
    }
}

#[component]
fn AccountSections() -> impl IntoView {
    let reload = Reload::provide();
    let account = Resource::new(move || reload.track(), |_| get_my_account());
    // Made here, above the data they reload, so their messages outlive the reload.
    let actions = Actions {
        rename: reloading::<RenameMe>(),
        password: reloading::<ChangeMyPassword>(),
        end_others: reloading::<EndMyOtherSessions>(),
    };
    // The header shows the name too: it learns the new one at once.
    let user = expect_context::<crate::components::layout::UserResource>();
    Effect::new(move |_| {
        if matches!(actions.rename.value().get(), Some(Ok(()))) {
            user.refetch();
        }
    });
    view! {
        <div class="page-head">
            <h1>"My account"</h1>
            <p class="muted">"Your name, your password and where you are signed in."</p>
            <p><a href="/me">"Back to My learning"</a></p>
        </div>
        <Await resource=account view=move |a: MyAccount| view! { <Sections a actions /> } />
    }
}

/// The actions of the page whose messages must survive the reload they cause.
#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameMe>,
    password: ServerAction<ChangeMyPassword>,
    end_others: ServerAction<EndMyOtherSessions>,
}

#[component]
fn Sections(a: MyAccount, actions: Actions) -> impl IntoView {
    let rename = actions.rename;
    let rename_error = form_error(rename);
    let password = actions.password;
    let password_error = form_error(password);
    let password_done = move || matches!(password.value().get(), Some(Ok(())));
    let end_others = actions.end_others;
    let end_others_done = move || end_others.value().get().and_then(Result::ok);
    let sessions = a
        .sessions
        .into_iter()
        .map(|s| {
            let end = reloading::<EndMySession>();
            let label = format!("Sign out {} ({})", s.device, s.ip);
            view! {
                <tr>
                    <td>{s.device.clone()}{s.current.then(|| view! { " " <span class="badge">"This browser"</span> })}</td>
                    <td>{s.ip.clone()}</td>
                    <td>{s.started_at.replace('T', " ").replace('Z', "")}</td>
                    <td>{s.last_seen_at.replace('T', " ").replace('Z', "")}</td>
                    <td>
                        {(!s.current).then(|| view! {
                            <ActionForm action=end>
                                <input type="hidden" name="id" value=s.id.clone() />
                                <button type="submit" class="button button-ghost" aria-label=label.clone()>"Sign out"</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let sign_ins = a
        .sign_ins
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.at}</td>
                    <td>{if s.succeeded { "Signed in" } else { "Failed attempt" }}</td>
                    <td>{s.device}</td>
                    <td>{s.ip}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="account-profile">
            <h2 id="account-profile">"Your name"</h2>
            <p class="muted">{format!("You sign in as {}.", a.email)}</p>
            <ActionForm action=rename attr:class="form">
                <FormAlert error=rename_error />
                <Field label="Name" name="name" value=a.name.clone() error=rename_error required=true />
                <button type="submit" class="button button-primary">"Save name"</button>
            </ActionForm>
        </section>
        <EmailSection email=a.email.clone() />
        <section class="card" aria-labelledby="account-password">
            <h2 id="account-password">"Password"</h2>
            <p class="muted">"Changing it signs you out everywhere else."</p>
            {move || password_done().then(|| view! { <p class="notice" role="status">"Your password was changed. Your other sessions were signed out."</p> })}
            <ActionForm action=password attr:class="form">
                <FormAlert error=password_error />
                <Field label="Current password" name="current" kind="password" error=password_error required=true />
                <Field label="New password" name="password" kind="password" error=password_error required=true
                    hint="At least 12 characters; a short sentence works well." />
                <Field label="Repeat the new password" name="confirm" kind="password" error=password_error required=true />
                <button type="submit" class="button button-primary">"Change password"</button>
            </ActionForm>
        </section>
        <TwoFactorSection state=a.two_factor.clone() />
        <section class="card" aria-labelledby="account-sessions">
            <h2 id="account-sessions">"Where you are signed in"</h2>
            {move || end_others_done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Active sessions">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Device"</th>
                            <th scope="col">"Address"</th>
                            <th scope="col">"Signed in"</th>
                            <th scope="col">"Last seen"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{sessions}</tbody>
                </table>
            </div>
            <ActionForm action=end_others>
                <button type="submit" class="button">"Sign out everywhere else"</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="account-sign-ins">
            <h2 id="account-sign-ins">"Recent sign-ins"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Recent sign-ins">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"When (UTC)"</th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Device"</th>
                            <th scope="col">"Address"</th>
                        </tr>
                    </thead>
                    <tbody>{sign_ins}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn TwoFactorSection(state: TwoFactorState) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let asked = move || query.read().get("two_factor").as_deref() == Some("required");
    let begin = ServerAction::<BeginTwoFactor>::new();
    let begin_error = form_error(begin);
    let enable = ServerAction::<EnableTwoFactor>::new();
    let enable_error = form_error(enable);
    let disable = reloading::<DisableTwoFactor>();
    let disable_error = form_error(disable);
    let setup = move || begin.value().get().and_then(Result::ok);
    let codes = move || enable.value().get().and_then(Result::ok);
    let required = state.required;
    let body = if state.enabled {
        let left = state.recovery_codes_left;
        view! {
            <p>{format!("Two-factor sign-in is on: every sign-in asks for a code from your app. {left} recovery codes left.")}</p>
            {if required {
                view! { <p class="muted">"Your role requires it, so it stays on."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=disable attr:class="form">
                        <FormAlert error=disable_error />
                        <Field label="Current password" id="two-factor-current" name="current" kind="password" error=disable_error required=true />
                        <button type="submit" class="button">"Turn off two-factor"</button>
                    </ActionForm>
                }
                .into_any()
            }}
        }
        .into_any()
    } else {
        view! {
            {move || (required || asked()).then(|| view! {
                <p class="notice notice-warn" role="status">
                    "Two-factor sign-in is required for your role. Set it up now: it takes a minute with an authenticator app."
                </p>
            })}
            {move || match (codes(), setup()) {
                (Some(codes), _) => view! {
                    <p class="notice" role="status">"Two-factor sign-in is on."</p>
                    <p>"Save these recovery codes somewhere safe. Each works once, in place of a code, if you lose your phone. They are not shown again."</p>
                    <ol class="recovery-codes" aria-label="Recovery codes">
                        {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ol>
                    <a class="button button-primary" href="/me/account">"Done"</a>
                }
                .into_any(),
                (None, Some(s)) => view! { <SetupSteps s enable enable_error /> }.into_any(),
                (None, None) => view! {
                    <p class="muted">"Sign-in will ask for a code from an authenticator app on your phone, as well as your password."</p>
                    <ActionForm action=begin attr:class="form">
                        <FormAlert error=begin_error />
                        <button type="submit" class="button button-primary">"Set up two-factor"</button>
                    </ActionForm>
                }
                .into_any(),
            }}
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="account-two-factor" id="two-factor">
            <h2 id="account-two-factor">"Two-factor sign-in"</h2>
            {body}
        </section>
    }
}

#[component]
fn SetupSteps(
    s: TwoFactorSetup,
    enable: ServerAction<EnableTwoFactor>,
    enable_error: crate::components::form::FormError,
) -> impl IntoView {
    view! {
        <ol class="steps">
            <li>"Scan this code with your authenticator app (or type the secret below)."</li>
            <li>"Type the 6-digit code the app shows, to confirm."</li>
        </ol>
        <div class="qr" role="img" aria-label="QR code of the two-factor secret" inner_html=s.qr_svg></div>
        <p>"Secret: " <code class="two-factor-secret">{s.secret.clone()}</code></p>
        <p class="muted">"Link for apps on this device: " <code class="otpauth-link">{s.otpauth_url.clone()}</code></p>
        <ActionForm action=enable attr:class="form">
            <FormAlert error=enable_error />
            <Field label="Code from your app" id="two-factor-code" name="code" error=enable_error required=true />
            <button type="submit" class="button button-primary">"Turn on two-factor"</button>
        </ActionForm>
    }
}

#[component]
fn EmailSection(email: String) -> impl IntoView {
    let action = ServerAction::<ChangeMyEmail>::new();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    view! {
        <section class="card" aria-labelledby="account-email">
            <h2 id="account-email">"Sign-in address"</h2>
            <p class="muted">{format!("Now {email}. A new address works once you open the link we send to it; your current address is told.")}</p>
            {move || done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <ActionForm action attr:class="form">
                <FormAlert error />
                <Field label="New email" id="account-new-email" name="email" kind="email" error required=true />
                <Field label="Current password" id="account-email-current" name="current" kind="password" error required=true />
                <button type="submit" class="button">"Change email"</button>
            </ActionForm>
        </section>
    }
}

/// `/confirm-email?token=…`: make a new address the sign-in address (a button, so mail
/// scanners that open links do not use it up).
#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let link = Resource::new(token, crate::api::account::check_email_change_link);
    view! {
        <Title text="Confirm your new address" />
        <section class="auth-page">
            <div class="card auth-card">
                <Await
                    resource=link
                    view=move |email: String| view! { <ConfirmEmailChangeForm email token=token() /> }
                    error_action=("/me/account", "Go to My account")
                />
            </div>
        </section>
    }
}

#[component]
fn ConfirmEmailChangeForm(email: String, token: String) -> impl IntoView {
    let action = ServerAction::<crate::api::account::ConfirmEmailChange>::new();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    view! {
        <h1>"Confirm your new address"</h1>
        {move || match done() {
            Some(message) => view! {
                <p class="notice" role="status">{message}</p>
                <a class="button button-primary" href="/me/account">"Go to My account"</a>
            }
            .into_any(),
            None => {
                let (email, token) = (email.clone(), token.clone());
                view! {
                    <p class="muted">{format!("Sign in with {email} from now on.")}</p>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="token" value=token />
                        <FormAlert error />
                        <button type="submit" class="button button-primary">"Confirm new address"</button>
                    </ActionForm>
                }
                .into_any()
            }
        }}
    }
}

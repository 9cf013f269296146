//! The header: brand, the navigation this person may use, who is signed in, sign-out.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::auth::SignOut;
use crate::domain::nav;
use crate::domain::session::CurrentUser;
use crate::error::AppError;

/// The signed-in person, loaded once per page by `App` and shared through the context.
pub type UserResource = Resource<Result<Option<CurrentUser>, AppError>>;

/// The site header.
#[component]
pub fn Header() -> impl IntoView {
    let user = expect_context::<UserResource>();
    let sign_out = ServerAction::<SignOut>::new();
    let notice = Resource::new(|| (), |_| crate::api::auth::get_site_notice());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                notice
                    .await
                    .ok()
                    .flatten()
                    .map(|text| view! { <p class="demo-banner" role="note">{text}</p> })
            })}
        </Transition>
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true"></span>
                "Orgboard"
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => {
                            let links = nav::items_for(&u)
                                .into_iter()
                                .map(|area| view! { <A href=area.href()>{area.label()}</A> })
                                .collect_view();
                            view! {
                                <nav class="mainnav" aria-label="Main">{links}</nav>
                                <div class="whoami">
                                    <A href="/me/account" attr:class="button button-ghost">"My account"</A>
                                    <span class="whoami-text">
                                        "Signed in as "
                                        <strong class="whoami-name">{u.name.clone()}</strong>
                                        <span class="whoami-email">{u.email.clone()}</span>
                                    </span>
                                    <ActionForm action=sign_out>
                                        <button type="submit" class="button button-ghost">
                                            "Sign out"
                                        </button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <div class="whoami">
                                    <a class="button button-ghost" href="/organizations">"Organizations"</a>
                                    <a class="button" href="/signin">"Sign in"</a>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </header>
    }
}

//! Error, forbidden and not-found views, each with the matching HTTP status on the server.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;

/// Sets the response status during server rendering (a no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(code) {
            response.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// "You may not open this page" (HTTP 403).
#[component]
pub fn ForbiddenView() -> impl IntoView {
    set_status(403);
    view! {
        <Title text="Access denied" />
        <section class="status-page" aria-labelledby="status-title">
            <p class="status-code">"403"</p>
            <h1 id="status-title">"Access denied"</h1>
            <p>
                "Your account does not have access to this page. If you think it should, ask an administrator of your organization."
            </p>
            <a class="button" href="/">"Go to your start page"</a>
        </section>
    }
}

/// "This page does not exist" (HTTP 404).
#[component]
pub fn NotFoundView() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found" />
        <section class="status-page" aria-labelledby="status-title">
            <p class="status-code">"404"</p>
            <h1 id="status-title">"Page not found"</h1>
            <p>"There is no page at this address. Check the link, or start again from your start page."</p>
            <a class="button" href="/">"Go to your start page"</a>
        </section>
    }
}

/// Any `AppError`, worded for people, with the status it stands for.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    match error {
        AppError::Forbidden => view! { <ForbiddenView /> }.into_any(),
        AppError::NotFound => view! { <NotFoundView /> }.into_any(),
        AppError::Unauthorized => view! {
            <div class="alert" role="alert">
                <p>{AppError::Unauthorized.to_string()}</p>
                <a class="button" href="/signin">"Sign in"</a>
            </div>
        }
        .into_any(),
        other => {
            set_status(other.status_code());
            view! {
                <div class="alert" role="alert">
                    <p>{other.to_string()}</p>
                </div>
            }
            .into_any()
        }
    }
}

//! Orgboard: the organization dashboard for B2B training.
//!
//! Layers, one direction (docs/architecture.md): `pages -> components + api`;
//! `api, rest -> service -> server::repo -> domain`.

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod service;

/// Browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Server functions that redirect (sign-in, sign-out) load the target page in full, so the
    // header and every resource reflect the new session. Set before the router sets its own.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href(location);
        }
    });
    leptos::mount::hydrate_body(app::App);
}

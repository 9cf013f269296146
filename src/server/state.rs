//! Shared application state, handed to every server function through the Leptos context.

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;

use crate::error::AppError;

/// What every request handler may use.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The one connection pool (never a connection per request).
    pub db: SqlitePool,
    /// Site configuration from cargo-leptos / the environment.
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state provided by the router, or `Internal` when called outside a request.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

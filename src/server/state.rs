//! Shared application state, handed to every server function through the Leptos context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;

use super::guard::Guard;
use crate::error::AppError;

/// What every request handler may use.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The one connection pool (never a connection per request).
    pub db: SqlitePool,
    /// Site configuration from cargo-leptos / the environment.
    pub leptos_options: LeptosOptions,
    /// Limits against abuse and the session policy, with their live counters.
    pub guard: Arc<Guard>,
}

impl AppState {
    /// State with the limits from the environment.
    pub fn new(db: SqlitePool, leptos_options: LeptosOptions) -> Self {
        Self::with_guard(db, leptos_options, Guard::new())
    }

    /// State with given counters (tests).
    pub fn with_guard(db: SqlitePool, leptos_options: LeptosOptions, guard: Guard) -> Self {
        AppState {
            db,
            leptos_options,
            guard: Arc::new(guard),
        }
    }
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

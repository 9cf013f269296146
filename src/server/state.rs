//! Shared application state, handed to every server function through the Leptos context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;

use super::config::Config;
use super::guard::Guard;
use crate::error::AppError;

/// What every request handler may use.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The one connection pool (never a connection per request).
    pub db: SqlitePool,
    /// Site configuration from cargo-leptos / the environment.
    pub leptos_options: LeptosOptions,
    /// Limits against abuse, with their live counters.
    pub guard: Arc<Guard>,
    /// The settings read at start.
    pub config: Arc<Config>,
    /// The key signing device cookies, read from the database at first use.
    device_key: Arc<tokio::sync::OnceCell<super::device::DeviceKey>>,
}

impl AppState {
    /// State with `config` and counters with its limits.
    pub fn new(db: SqlitePool, leptos_options: LeptosOptions, config: Config) -> Self {
        let guard = Guard::new(&config.policy);
        Self::with_guard(db, leptos_options, config, guard)
    }

    /// State with given counters (tests).
    pub fn with_guard(db: SqlitePool, leptos_options: LeptosOptions, config: Config, guard: Guard) -> Self {
        AppState {
            db,
            leptos_options,
            guard: Arc::new(guard),
            config: Arc::new(config),
            device_key: Arc::new(tokio::sync::OnceCell::new()),
        }
    }
}

impl AppState {
    /// The installation's device-cookie key (made and stored the first time).
    pub async fn device_key(&self) -> Result<&super::device::DeviceKey, AppError> {
        use super::device::DeviceKey;
        self.device_key
            .get_or_try_init(|| async {
                let stored =
                    super::repo::sessions::secret(&self.db, "device_cookie_key", &DeviceKey::fresh_hex())
                        .await?;
                DeviceKey::from_hex(&stored).ok_or_else(|| {
                    tracing::error!("the stored device cookie key is not usable");
                    AppError::Internal
                })
            })
            .await
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

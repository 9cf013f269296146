//! The REST API under `/api/v1`, for integrators. Bearer tokens (`server::tokens`) instead of
//! sessions; JSON in and out; errors as `{"error": {"code", "message", "field"}}`.
//!
//! Handlers do not hold rules of their own: they read the token as a `service::Caller`, turn the
//! JSON into typed input and call the same service operations as the pages, so seat caps,
//! scopes, validation and tenant limits are checked once, in `service`. The OpenAPI 3.1 document is
//! generated from the handlers by `utoipa` and served at `/api/v1/openapi.json`.

mod audit_log;
mod courses;
mod error;
mod members;
mod orgs;
mod progress;
mod reports;
mod structure;

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa::{Modify, OpenApi as _, ToSchema};
use utoipa_axum::router::OpenApiRouter;

pub use error::{ApiError, ErrorBody};

use crate::domain::api_tokens::Scope;
use crate::error::AppError;
use crate::server::auth::ApiCaller;
use crate::server::state::AppState;
use crate::server::tokens;

/// Where the API lives.
pub const BASE: &str = "/api/v1";

/// The message of a 404 for a path that is no endpoint at all (not a missing record).
pub const NO_SUCH_ROUTE: &str = "There is no such endpoint. The list is at /api/v1/openapi.json.";

/// Limits of the REST API.
#[derive(Debug, Clone, Copy)]
pub struct RestConfig {
    /// Requests per token per minute (a burst of this many, refilled evenly).
    pub requests_per_minute: u32,
}

impl RestConfig {
    /// The limits of `config` (`ORGBOARD_API_RATE_PER_MINUTE`).
    pub fn of(config: &crate::server::config::Config) -> Self {
        RestConfig {
            requests_per_minute: config.api_requests_per_minute,
        }
    }
}

type Limiter = crate::server::guard::Limiter<i64>;

/// What every REST handler receives: the application state and the token's caller.
#[derive(Clone)]
pub struct Ctx {
    /// Database and site options.
    pub state: AppState,
    /// The token making the request.
    pub caller: ApiCaller,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| {
            tracing::error!("REST handler reached without the authentication layer");
            ApiError::from(AppError::Internal)
        })
    }
}

impl Ctx {
    /// The token as the services' caller.
    pub fn caller(&self) -> crate::service::Caller {
        crate::service::Caller::Token(self.caller.clone())
    }

    /// The settings read at start.
    pub fn config(&self) -> &crate::server::config::Config {
        &self.state.config
    }

    /// The pool.
    pub fn db(&self) -> &sqlx::SqlitePool {
        &self.state.db
    }
}

/// One page of a list: the items and the cursor of the next page (`null` on the last page).
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage<T: ToSchema> {
    /// The items.
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` when there is none.
    pub next_cursor: Option<String>,
}

/// `limit` and `cursor` of a list request.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page; leave out for the first page.
    pub cursor: Option<String>,
}

impl PageParams {
    /// The checked limit.
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(50),
            Some(n) if (1..=500).contains(&n) => Ok(n),
            Some(_) => Err(AppError::invalid("limit", "Use a limit from 1 to 500.").into()),
        }
    }

    /// The position the cursor stands for (0 for the first page). Cursors are opaque to
    /// clients; they are checked, never trusted.
    pub fn position(&self) -> Result<i64, ApiError> {
        match self.cursor.as_deref().map(str::trim) {
            None | Some("") => Ok(0),
            Some(c) => c
                .strip_prefix("c")
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    AppError::invalid(
                        "cursor",
                        "This cursor is not valid: pass the next_cursor of the previous page.",
                    )
                    .into()
                }),
        }
    }

    /// The cursor standing for `position`.
    pub fn cursor_at(position: i64) -> String {
        format!("c{position}")
    }
}

/// A JSON body; a body that cannot be read is a 400 in the API's error format.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(v) = Json::<T>::from_request(req, state).await?;
        Ok(JsonBody(v))
    }
}

/// Query parameters; unreadable ones are a 400 in the API's error format.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(v) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(QueryParams(v))
    }
}

/// Path parameters; unreadable ones (a word where an id goes) are a 400.
pub struct PathParams<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(v) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(PathParams(v))
    }
}

/// The bearer token, from `Authorization: Bearer <token>`.
fn bearer(parts: &axum::http::HeaderMap) -> Option<&str> {
    let value = parts.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// Authenticates the token, checks its scope against the method and its rate, and hands the
/// caller to the handler. The OpenAPI document needs no token.
async fn authenticate(
    State((state, limiter)): State<(AppState, Arc<Limiter>)>,
    mut req: Request,
    next: Next,
) -> Response {
    // Nested under BASE, the path may or may not still carry it.
    if req.uri().path().ends_with("/openapi.json") {
        return next.run(req).await;
    }
    let Some(token) = bearer(req.headers()) else {
        return ApiError::unauthorized(
            "Send an API token: Authorization: Bearer <token>. Create one in Settings > API.",
        )
        .into_response();
    };
    let caller = match tokens::authenticate(&state.db, token).await {
        Ok(Ok(caller)) => caller,
        Ok(Err(tokens::Refusal::ApiAccessOff)) => {
            return ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "feature_off",
                tokens::Refusal::ApiAccessOff.message(),
                None,
            )
            .into_response()
        }
        Ok(Err(refusal)) => return ApiError::unauthorized(&refusal.message()).into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if let Err(seconds) = limiter.take(&caller.token_id) {
        return ApiError::rate_limited(seconds).into_response();
    }
    let needed = Scope::for_method(req.method().as_str());
    if !caller.access.allows(needed) {
        return ApiError::missing_scope(needed).into_response();
    }
    req.extensions_mut().insert(Ctx { state, caller });
    next.run(req).await
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from Settings > API (organization) or Admin > API (platform). \
                         GET needs the read scope; every other method needs write.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Orgboard API",
        version = "1.0.0",
        description = "Organizations, structure, members, seats, course assignments, progress, reports and the audit log. \
JSON in and out; errors are {\"error\": {\"code\", \"message\", \"field\"}}; lists take `limit` and `cursor` and return `next_cursor`; \
timestamps are RFC 3339 UTC."
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

/// The routes and the OpenAPI document they make, before state is attached.
pub fn routes() -> (Router<AppState>, OpenApi) {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(orgs::routes())
        .merge(structure::routes())
        .merge(members::routes())
        .merge(courses::routes())
        .merge(progress::routes())
        .merge(reports::routes())
        .merge(audit_log::routes());
    router.split_for_parts()
}

/// The OpenAPI document.
pub fn openapi() -> OpenApi {
    routes().1
}

/// The `/api/v1` router, ready to nest into the site.
pub fn router<S: Clone + Send + Sync + 'static>(state: AppState, config: RestConfig) -> Router<S> {
    let (routes, doc) = routes();
    let doc = Arc::new(doc);
    let limiter = Arc::new(Limiter::per_minute(config.requests_per_minute));
    let api = routes
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { Json((*doc).clone()) }
            }),
        )
        .fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "not_found",
                NO_SUCH_ROUTE,
                None,
            )
        })
        // A bulk progress request of 10,000 rows is a few MB of JSON.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), limiter),
            authenticate,
        ))
        .with_state::<S>(state);
    Router::new().nest(BASE, api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_bad_ones_are_refused() {
        let p = PageParams {
            limit: Some(10),
            cursor: Some(PageParams::cursor_at(40)),
        };
        assert_eq!(p.position().unwrap(), 40);
        assert_eq!(p.limit().unwrap(), 10);
        let bad = PageParams {
            limit: Some(0),
            cursor: Some("x9".into()),
        };
        assert!(bad.position().is_err());
        assert!(bad.limit().is_err());
    }
}

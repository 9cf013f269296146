//! The web server: router, sessions, static files.

use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use super::state::AppState;
use super::{db, seed};
use crate::app::{shell, App};

/// Sessions end after this long without a request.
const SESSION_IDLE_HOURS: i64 = 12;

/// Headers every response carries: no framing by other sites, no MIME sniffing, no full URLs in
/// Referer to other origins, and HSTS when served over HTTPS (`ORGBOARD_SECURE_COOKIES`).
/// (A script-limiting Content-Security-Policy needs the hydration script's nonce: not yet.)
pub async fn security_headers(mut res: axum::response::Response, https: bool) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Opens the database (refusing to start if migrations fail), seeds the demo into an empty
/// database when asked, and serves until Ctrl-C.
pub async fn serve(database_url: &str, demo: bool) -> Result<(), String> {
    let pool = db::open(database_url).await?;
    if demo && seed::is_empty(&pool).await.map_err(|e| e.to_string())? {
        seed::seed_demo(&pool).await.map_err(|e| e.to_string())?;
        super::cli::print_demo_logins();
    }
    // Changes noted before this start (a new migration, the demo) reach the report tables now.
    super::reports::settle(&pool)
        .await
        .map_err(|e| format!("cannot bring the report tables up to date: {e}"))?;
    // Changes to assignments and structure are also settled in the background, so the next
    // report read rarely has anything left to do.
    {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
            loop {
                tick.tick().await;
                if let Err(e) = super::reports::settle(&pool).await {
                    tracing::warn!("settling the report tables failed: {e}");
                }
            }
        });
    }

    let store = SqliteStore::new(pool.clone());
    store
        .migrate()
        .await
        .map_err(|e| format!("cannot create the session table: {e}"))?;
    // Expired sessions are swept hourly so the table does not grow without bound.
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    let secure = std::env::var("ORGBOARD_SECURE_COOKIES").is_ok_and(|v| v == "1" || v == "true");
    let sessions = SessionManagerLayer::new(store)
        .with_name("orgboard_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(SESSION_IDLE_HOURS)));

    super::mail::start_delivery(pool.clone())?;

    let conf = get_configuration(None).map_err(|e| format!("invalid Leptos configuration: {e}"))?;
    let leptos_options = conf.leptos_options;
    let addr = leptos_options.site_addr;
    let state = AppState {
        db: pool,
        leptos_options,
    };
    let routes = generate_route_list(App);

    let app = Router::new()
        .route(
            "/orgs/{slug}/members.csv",
            axum::routing::get(super::export::members_csv),
        )
        .route(
            "/orgs/{slug}/reports.csv",
            axum::routing::get(super::export::report_csv),
        )
        .route(
            "/admin/reports.csv",
            axum::routing::get(super::export::admin_report_csv),
        )
        .merge(super::rest::router(
            state.clone(),
            super::rest::RestConfig::from_env(),
        ))
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(sessions)
        .layer(axum::middleware::map_response(move |res| {
            security_headers(res, secure)
        }))
        .with_state(state);

    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("Orgboard is listening on http://{addr}");
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("server error: {e}"))
}

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
use crate::app::{shell, App, OnPageRender};

/// The Content-Security-Policy of a page: scripts only from our origin or inline with this
/// response's nonce (the hydration scripts and resource data Leptos writes carry it),
/// WebAssembly allowed to compile, no plugins, no framing by other sites. Without a nonce (an
/// error page rendered outside Leptos) only our own script files may run.
pub fn page_csp(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy for everything that is not a page (API answers, CSV, files): nothing may run.
const PLAIN_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Gives every page render the server's hooks (`OnPageRender`: the page's CSP).
fn provide_page_hooks() {
    provide_context(OnPageRender(set_page_csp));
}

/// Called while a page renders: sets its CSP with the nonce of this response.
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) = axum::http::HeaderValue::from_str(&page_csp(Some(&nonce))) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

/// Headers every response carries: a CSP (the page's own, or one that allows nothing), no
/// framing by other sites, no MIME sniffing, no full URLs in Referer to other origins, and HSTS
/// when served over HTTPS (`ORGBOARD_SECURE_COOKIES`).
pub async fn security_headers(mut res: axum::response::Response, https: bool) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let html = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let csp = if html {
            HeaderValue::from_str(&page_csp(None)).unwrap_or(HeaderValue::from_static(PLAIN_CSP))
        } else {
            HeaderValue::from_static(PLAIN_CSP)
        };
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
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

/// Whether `path` is under the bearer-token REST API (`rest::BASE`).
fn is_rest_api(path: &str) -> bool {
    path.strip_prefix(crate::rest::BASE)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a request is a cross-site attempt to change something: any method but GET, HEAD and
/// OPTIONS, outside the bearer-token API, whose `Sec-Fetch-Site` is not `same-origin` / `none`,
/// or (browsers without it) whose `Origin` is not this host. Requests with neither header do not
/// come from a browser page, so no cookie was sent on someone else's behalf.
pub fn is_cross_site(method: &axum::http::Method, path: &str, headers: &axum::http::HeaderMap) -> bool {
    use axum::http::Method;
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || is_rest_api(path) {
        return false;
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (header("origin"), header("host")) {
        (None, _) => false,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            !origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
    }
}

/// Server function errors leave with the status their `AppError` stands for (401, 403, 404,
/// 422, 409, 429) instead of the generic 500 the framework gives every error, so logs, proxies
/// and integrators see what happened. Bodies stay as they are.
pub async fn server_fn_status(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_server_fn = {
        let path = req.uri().path();
        path.starts_with("/api/") && !is_rest_api(path)
    };
    let res = next.run(req).await;
    if !is_server_fn || res.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status_code()) {
            parts.status = status;
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A panic in a handler: logged on the server, answered with the generic message only.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let what = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    tracing::error!(panic = %what, "a request handler panicked");
    let body = serde_json::to_string(&crate::error::AppError::Internal).unwrap_or_default();
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Refuses cross-site state changes (CSRF) with 403 and a message.
pub async fn refuse_cross_site(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if is_cross_site(req.method(), req.uri().path(), req.headers()) {
        let error = crate::error::AppError::Request(
            "This request came from another site, so it was refused. Open Orgboard itself and try again."
                .into(),
        );
        let body = serde_json::to_string(&error).unwrap_or_default();
        return (
            axum::http::StatusCode::FORBIDDEN,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}

/// The whole site on `state`: pages, server functions, CSV downloads and the REST API, with
/// sessions, the CSRF check and the security headers. Tests and the load test serve this too.
pub async fn app(state: AppState) -> Result<Router, String> {
    let store = SqliteStore::new(state.db.clone());
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
    let policy = state.config.policy.clone();
    let secure = policy.secure_cookies;
    let sessions = SessionManagerLayer::new(store)
        .with_name("orgboard_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            policy.session_idle_minutes,
        )));

    let routes = generate_route_list(App);

    let app = Router::new()
        .route(
            "/orgs/{slug}/members.csv",
            axum::routing::get(super::export::members_csv),
        )
        .route(
            "/orgs/{slug}/logo",
            axum::routing::get(super::logo::serve)
                .post(super::logo::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::domain::settings::LOGO_MAX_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/orgs/{slug}/logo/remove",
            axum::routing::post(super::logo::remove),
        )
        .route(
            "/orgs/{slug}/reports.csv",
            axum::routing::get(super::export::report_csv),
        )
        .route(
            "/orgs/{slug}/audit.csv",
            axum::routing::get(super::export::org_audit_csv),
        )
        .route(
            "/admin/audit.csv",
            axum::routing::get(super::export::admin_audit_csv),
        )
        .route(
            "/admin/reports.csv",
            axum::routing::get(super::export::admin_report_csv),
        )
        .merge(crate::rest::router(
            state.clone(),
            crate::rest::RestConfig::of(&state.config),
        ))
        .leptos_routes_with_context(&state, routes, provide_page_hooks, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            provide_page_hooks,
            shell,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn(refuse_cross_site))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::map_response(move |res| {
            security_headers(res, secure)
        }))
        .with_state(state);
    Ok(app)
}

/// Settles pending report changes every 10 seconds in the background (what `serve` runs; the
/// load test runs it too).
pub fn spawn_settling(pool: sqlx::SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
        loop {
            tick.tick().await;
            if let Err(e) = super::repo::report_sync::settle(&pool).await {
                tracing::warn!("settling the report tables failed: {e}");
            }
        }
    });
}

/// Every minute, replaces the links that expired in stored mail bodies by a note, so neither the
/// outbox nor a backup keeps a token that once worked.
pub fn spawn_link_sweep(pool: sqlx::SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = super::repo::outbox::retire_expired(&pool, &super::repo::now()).await {
                tracing::warn!("sweeping expired links from the outbox failed: {e}");
            }
        }
    });
}

/// Opens the database (refusing to start if migrations fail), seeds the demo into an empty
/// database when asked, and serves until Ctrl-C.
pub async fn serve(database_url: &str, demo: bool) -> Result<(), String> {
    let config = super::config::Config::from_env().map_err(|e| format!("cannot start: {e}"))?;
    let pool = db::open(database_url).await?;
    super::password::set_hashes_at_once(config.policy.hashes_at_once);
    if demo && seed::is_empty(&pool).await.map_err(|e| e.to_string())? {
        seed::seed_demo(&pool).await.map_err(|e| e.to_string())?;
        super::cli::print_demo_logins();
    }
    // Changes noted before this start (a new migration, the demo) reach the report tables now.
    super::repo::report_sync::settle(&pool)
        .await
        .map_err(|e| format!("cannot bring the report tables up to date: {e}"))?;
    // Changes to assignments and structure are also settled in the background, so the next
    // report read rarely has anything left to do.
    spawn_settling(pool.clone());
    spawn_link_sweep(pool.clone());

    super::mail::start_delivery(pool.clone(), config.smtp.as_ref())?;
    let conf = get_configuration(None).map_err(|e| format!("invalid Leptos configuration: {e}"))?;
    let leptos_options = conf.leptos_options;
    let addr = leptos_options.site_addr;
    let state = AppState::new(pool, leptos_options, config);
    let app = app(state).await?;

    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("Orgboard is listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("server error: {e}"))
}

//! Test harness: a fresh migrated SQLite file per test, and server functions called as a given
//! person (the same session and context the router provides in production).
#![expect(dead_code, reason = "each test binary uses a different part of the harness")]

use std::sync::Arc;

use leptos::prelude::{provide_context, LeptosOptions, Owner};
use orgboard::server::state::AppState;
use orgboard::server::{auth, db, seed};
use sqlx::SqlitePool;
use tempfile::TempDir;
use tower_sessions::Session;
use tower_sessions_sqlx_store::SqliteStore;

/// A test database; the directory lives as long as this value.
pub struct TestDb {
    _dir: TempDir,
    /// The pool.
    pub pool: SqlitePool,
    store: Arc<SqliteStore>,
}

impl TestDb {
    /// A fresh, migrated database.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let pool = db::open(&url).await.expect("database opens and migrates");
        let store = SqliteStore::new(pool.clone());
        store.migrate().await.expect("session table");
        TestDb {
            _dir: dir,
            pool,
            store: Arc::new(store),
        }
    }

    /// A fresh database with the demo written into it.
    pub async fn with_demo() -> Self {
        let db = Self::new().await;
        seed::seed_demo(&db.pool).await.expect("demo");
        db
    }

    /// Makes the next server function calls run as nobody (signed out).
    pub fn as_anonymous(&self) -> Owner {
        self.context(Session::new(None, self.store.clone(), None))
    }

    /// Signs `email` in and makes the next server function calls run as them.
    pub async fn as_user(&self, email: &str, password: &str) -> Owner {
        let session = Session::new(None, self.store.clone(), None);
        auth::sign_in(&self.pool, &session, email, password)
            .await
            .expect("test sign-in");
        self.context(session)
    }

    /// Signs a demo account in (password `orgboard-demo`).
    pub async fn as_demo(&self, email: &str) -> Owner {
        self.as_user(email, seed::DEMO_PASSWORD).await
    }

    fn context(&self, session: Session) -> Owner {
        let owner = Owner::new();
        owner.set();
        let mut request = http::Request::builder().uri("/api/test").body(()).unwrap();
        request.extensions_mut().insert(session);
        let (parts, ()) = request.into_parts();
        provide_context(parts);
        provide_context(self.state());
        owner
    }

    /// The application state over this database, with the default settings.
    pub fn state(&self) -> AppState {
        AppState::new(
            self.pool.clone(),
            LeptosOptions::builder().output_name("orgboard").build(),
            orgboard::server::config::Config::default(),
        )
    }

    /// One number from SQL.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

/// The id of the organization with `slug`.
pub async fn org_id(db: &TestDb, slug: &str) -> orgboard::domain::ids::OrgId {
    orgboard::domain::ids::OrgId(
        sqlx::query_scalar("SELECT id FROM organizations WHERE slug = ?1")
            .bind(slug)
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    )
}

/// The id of the account with `email`.
pub async fn user_id(db: &TestDb, email: &str) -> orgboard::domain::ids::UserId {
    orgboard::domain::ids::UserId(
        sqlx::query_scalar("SELECT id FROM users WHERE email = ?1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    )
}

/// The id of the team called `name`.
pub async fn team_id(db: &TestDb, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM teams WHERE name = ?1")
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Opens Acme Health Clinics to sign-ups from `acmehealth.example` (public, open policy).
pub async fn open_acme_to_joins(db: &TestDb) {
    sqlx::query(
        "UPDATE organizations SET visibility = 'public', membership_policy = 'open', auto_join_domains = 'acmehealth.example'
         WHERE slug = 'acme-health-clinics'",
    )
    .execute(&db.pool)
    .await
    .unwrap();
}

/// The demo accounts.
pub mod demo {
    pub const ADMIN: &str = "admin@orgboard.example";
    pub const OWNER: &str = "olivia.owens@northwind.example";
    pub const MANAGER: &str = "mark.mensah@northwind.example";
    pub const MEMBER: &str = "lena.fischer@northwind.example";
}

/// The whole site (pages, server functions, CSV, REST API, sessions, CSRF check, headers)
/// served on a loopback port, as `orgboard serve` serves it.
pub struct Site {
    /// The database behind it.
    pub db: TestDb,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client that does not follow redirects and keeps no cookies (tests pass them).
    pub http: reqwest::Client,
}

/// A response as tests read it.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body text.
    pub body: String,
}

impl Site {
    /// Serves `db` with generous sign-in limits.
    pub async fn start(db: TestDb) -> Site {
        Self::start_with(db, orgboard::server::guard::Guard::with_limits(100_000, 100_000)).await
    }

    /// Serves `db` with the given sign-in counters.
    pub async fn start_with(db: TestDb, guard: orgboard::server::guard::Guard) -> Site {
        Self::start_configured(db, orgboard::server::config::Config::default(), guard).await
    }

    /// Serves `db` with the given settings and sign-in counters.
    pub async fn start_configured(
        db: TestDb,
        config: orgboard::server::config::Config,
        guard: orgboard::server::guard::Guard,
    ) -> Site {
        let options = LeptosOptions::builder()
            .output_name("orgboard")
            .site_root("target/site")
            .build();
        let state = AppState::with_guard(db.pool.clone(), options, config, guard);
        let app = orgboard::server::serve::app(state).await.expect("site builds");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap()
        });
        Site {
            db,
            base: format!("http://{addr}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    /// The `Origin` this site's own pages send.
    pub fn origin(&self) -> String {
        self.base.clone()
    }

    async fn answer(res: reqwest::Response) -> Answer {
        Answer {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            body: res.text().await.unwrap_or_default(),
        }
    }

    /// Signs in through the sign-in server function; the session cookie, or the answer.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<String, Answer> {
        self.sign_in_from(email, password, None)
            .await
            .map(|(session, _)| session)
    }

    /// Signs in from a browser holding `device` (an `orgboard_device=…` cookie, or none): the
    /// session cookie and the device cookie the answer sets, or the answer.
    pub async fn sign_in_from(
        &self,
        email: &str,
        password: &str,
        device: Option<&str>,
    ) -> Result<(String, Option<String>), Answer> {
        use leptos::server_fn::ServerFn;
        let mut req = self
            .http
            .post(format!("{}{}", self.base, orgboard::api::auth::SignIn::PATH))
            .header("origin", self.origin())
            .form(&[("email", email), ("password", password), ("next", "")]);
        if let Some(d) = device {
            req = req.header(reqwest::header::COOKIE, d);
        }
        let res = req.send().await.unwrap();
        let cookies: Vec<String> = res
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_string)
            .collect();
        let device = cookies
            .iter()
            .find(|c| c.starts_with("orgboard_device="))
            .cloned();
        let session = cookies.into_iter().find(|c| !c.starts_with("orgboard_device="));
        let ok = res.status().is_success() || res.status().is_redirection();
        match session {
            Some(c) if ok => Ok((c, device)),
            _ => Err(Self::answer(res).await),
        }
    }

    /// A demo account's session cookie.
    pub async fn demo_cookie(&self, email: &str) -> String {
        self.sign_in(email, seed::DEMO_PASSWORD)
            .await
            .unwrap_or_else(|a| panic!("{email} signs in: {} {}", a.status, a.body))
    }

    /// POSTs a form to `path` as a page of this site would (same origin), with `cookie`.
    pub async fn post_form(&self, path: &str, cookie: Option<&str>, form: &[(String, String)]) -> Answer {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", self.origin())
            .form(form);
        if let Some(c) = cookie {
            req = req.header(reqwest::header::COOKIE, c);
        }
        Self::answer(req.send().await.unwrap()).await
    }

    /// Sends any request; `build` adds what the test needs.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        Self::answer(req.send().await.unwrap()).await
    }

    /// GETs `path` with `cookie`.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header(reqwest::header::COOKIE, c);
        }
        Self::answer(req.send().await.unwrap()).await
    }
}

//! Test harness: a fresh migrated SQLite file per test, and server functions called as a given
//! person (the same session and context the router provides in production).
#![allow(dead_code)] // each test binary uses a different part of the harness

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
        provide_context(AppState::new(
            self.pool.clone(),
            LeptosOptions::builder().output_name("orgboard").build(),
        ));
        owner
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

/// The demo accounts.
pub mod demo {
    pub const ADMIN: &str = "admin@orgboard.example";
    pub const OWNER: &str = "olivia.owens@northwind.example";
    pub const MANAGER: &str = "mark.mensah@northwind.example";
    pub const MEMBER: &str = "lena.fischer@northwind.example";
}

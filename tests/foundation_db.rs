//! The foundation on a real SQLite file: migrations, create-admin, sign-in, sign-out, disabling.
#![cfg(feature = "ssr")]

use std::sync::Arc;

use orgboard::error::AppError;
use orgboard::server::guard::Policy;
use orgboard::server::repo::users;
use orgboard::server::{auth, db, seed};
use orgboard::service::accounts::{create_or_promote_admin, AdminOutcome};
use sqlx::SqlitePool;
use tempfile::TempDir;
use tower_sessions::session::Id;
use tower_sessions::{Session, SessionStore};
use tower_sessions_sqlx_store::SqliteStore;

const PASSWORD: &str = "correct horse battery";

/// A fresh, migrated database file in its own directory (kept alive by the returned guard).
async fn fresh_db() -> (TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("nested/dir/test.db").display());
    let pool = db::open(&url).await.expect("database opens and migrates");
    (dir, pool)
}

async fn store(pool: &SqlitePool) -> Arc<SqliteStore> {
    let store = SqliteStore::new(pool.clone());
    store.migrate().await.expect("session table");
    Arc::new(store)
}

async fn admin(pool: &SqlitePool) -> orgboard::domain::ids::UserId {
    match create_or_promote_admin(pool, "Ada@Example.com", "Ada Admin", PASSWORD)
        .await
        .unwrap()
    {
        AdminOutcome::Created(id) => id,
        other => panic!("expected a new admin, got {other:?}"),
    }
}

#[tokio::test]
async fn migrations_apply_on_an_empty_file_and_the_connection_is_set_up() {
    let (dir, pool) = fresh_db().await;
    assert!(
        dir.path().join("nested/dir/test.db").exists(),
        "file and directories are created"
    );

    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    let files = std::fs::read_dir("migrations").unwrap().count() as i64;
    assert_eq!(applied, files, "every migration file is applied");

    for table in [
        "users",
        "organization_types",
        "organizations",
        "departments",
        "teams",
        "memberships",
        "team_members",
        "courses",
        "audit_log",
    ] {
        let found: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
                .bind(table)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(found, 1, "table {table} exists");
    }

    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(journal, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sync, 1, "synchronous = NORMAL");

    // Running the migrator again on the same file is a no-op, not an error.
    db::migrate(&pool).await.expect("idempotent");
}

#[tokio::test]
async fn emails_are_unique_regardless_of_case() {
    let (_dir, pool) = fresh_db().await;
    admin(&pool).await;
    let dup =
        sqlx::query("INSERT INTO users (email, name, created_at) VALUES ('ADA@example.COM', 'x', 'now')")
            .execute(&pool)
            .await;
    assert!(
        dup.is_err(),
        "a second account with the same email in other case is rejected"
    );
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let (_dir, pool) = fresh_db().await;
    admin(&pool).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1, "create-admin writes its audit row");
    assert!(sqlx::query("UPDATE audit_log SET action = 'x'")
        .execute(&pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log").execute(&pool).await.is_err());
}

#[tokio::test]
async fn create_admin_creates_then_promotes_and_validates() {
    let (_dir, pool) = fresh_db().await;
    let id = admin(&pool).await;
    let row = users::find(&pool, id).await.unwrap().unwrap();
    assert_eq!(row.email, "ada@example.com", "stored normalised");
    assert!(row.is_platform_admin);

    // A plain user, then promoted through the same command.
    let plain = users::insert(&pool, "bob@example.com", "Bob", None, false, false)
        .await
        .unwrap();
    let outcome = create_or_promote_admin(&pool, "BOB@example.com", "Bob Builder", PASSWORD)
        .await
        .unwrap();
    assert_eq!(outcome, AdminOutcome::Promoted(plain));
    let bob = users::find(&pool, plain).await.unwrap().unwrap();
    assert!(bob.is_platform_admin);
    assert_eq!(bob.name, "Bob Builder");

    let short = create_or_promote_admin(&pool, "carl@example.com", "Carl", "short").await;
    assert!(
        matches!(short, Err(AppError::Invalid { ref field, .. }) if field == "password"),
        "{short:?}"
    );
    let bad_email = create_or_promote_admin(&pool, "not-an-email", "Carl", PASSWORD).await;
    assert!(
        matches!(bad_email, Err(AppError::Invalid { ref field, .. }) if field == "email"),
        "{bad_email:?}"
    );
    assert_eq!(
        users::count(&pool).await.unwrap(),
        2,
        "nothing written for invalid input"
    );
}

#[tokio::test]
async fn sign_in_succeeds_with_the_right_password_and_rotates_the_session_id() {
    let (_dir, pool) = fresh_db().await;
    let id = admin(&pool).await;
    let store = store(&pool).await;

    let session = Session::new(None, store.clone(), None);
    session.insert("planted", 1).await.unwrap();
    session.save().await.unwrap();
    let planted_id = session.id().expect("saved session has an id");

    let user = auth::sign_in(&pool, &session, " ADA@example.com ", PASSWORD)
        .await
        .expect("signed in");
    assert_eq!(user.id, id);
    assert!(user.is_platform_admin);
    session.save().await.unwrap();
    let new_id = session.id().expect("id after sign-in");
    assert_ne!(new_id, planted_id, "the session id changes at sign-in");
    assert!(
        store.load(&planted_id).await.unwrap().is_none(),
        "the old id is dead"
    );

    // A later request with the same cookie sees the same person.
    let again = Session::new(Some(new_id), store.clone(), None);
    let me = auth::current_user(&pool, &Policy::default(), &again)
        .await
        .unwrap()
        .expect("still signed in");
    assert_eq!(me.email, "ada@example.com");
}

#[tokio::test]
async fn sign_in_fails_with_one_generic_error_and_is_audited() {
    let (_dir, pool) = fresh_db().await;
    admin(&pool).await;
    let store = store(&pool).await;

    for (email, password) in [
        ("ada@example.com", "wrong password here"),
        ("nobody@example.com", PASSWORD),
        ("", ""),
    ] {
        let session = Session::new(None, store.clone(), None);
        let result = auth::sign_in(&pool, &session, email, password).await;
        assert!(
            matches!(result, Err(AppError::BadCredentials)),
            "{email}: {result:?}"
        );
        assert_eq!(AppError::BadCredentials.to_string(), "Wrong email or password.");
        assert!(auth::current_user(&pool, &Policy::default(), &session)
            .await
            .unwrap()
            .is_none());
    }
    let failures: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'user.sign_in_failed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(failures, 3);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let (_dir, pool) = fresh_db().await;
    admin(&pool).await;
    let store = store(&pool).await;

    let session = Session::new(None, store.clone(), None);
    auth::sign_in(&pool, &session, "ada@example.com", PASSWORD)
        .await
        .unwrap();
    session.save().await.unwrap();
    let id: Id = session.id().unwrap();
    assert!(store.load(&id).await.unwrap().is_some());

    auth::sign_out(&pool, &session).await.unwrap();
    assert!(
        store.load(&id).await.unwrap().is_none(),
        "the stored record is deleted"
    );
    // Replaying the old cookie gives nobody.
    let replay = Session::new(Some(id), store.clone(), None);
    assert!(auth::current_user(&pool, &Policy::default(), &replay)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_blocks_sign_in() {
    let (_dir, pool) = fresh_db().await;
    let id = admin(&pool).await;
    let store = store(&pool).await;

    let session = Session::new(None, store.clone(), None);
    auth::sign_in(&pool, &session, "ada@example.com", PASSWORD)
        .await
        .unwrap();
    session.save().await.unwrap();
    let sid = session.id().unwrap();

    users::set_disabled(&pool, id, true).await.unwrap();
    let replay = Session::new(Some(sid), store.clone(), None);
    assert!(auth::current_user(&pool, &Policy::default(), &replay)
        .await
        .unwrap()
        .is_none());
    assert!(
        store.load(&sid).await.unwrap().is_none(),
        "the stale session is destroyed"
    );

    let fresh = Session::new(None, store.clone(), None);
    let result = auth::sign_in(&pool, &fresh, "ada@example.com", PASSWORD).await;
    assert!(matches!(result, Err(AppError::BadCredentials)));

    // Re-enabling lets them in again, but the old session stays dead.
    users::set_disabled(&pool, id, false).await.unwrap();
    let back = Session::new(None, store.clone(), None);
    auth::sign_in(&pool, &back, "ada@example.com", PASSWORD)
        .await
        .expect("re-enabled");
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_and_refuses_a_second_time() {
    let (_dir, pool) = fresh_db().await;
    assert!(seed::is_empty(&pool).await.unwrap());
    seed::seed_demo(&pool).await.expect("demo written");

    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) FROM organizations").await, 4);
    assert_eq!(count("SELECT COUNT(*) FROM organization_types").await, 2);
    assert!(count("SELECT COUNT(*) FROM courses").await >= 12);
    assert!(count("SELECT COUNT(*) FROM departments").await >= 2);
    assert!(count("SELECT COUNT(*) FROM teams").await >= 2);
    assert!(count("SELECT COUNT(*) FROM progress").await > 0);
    assert!(count("SELECT COUNT(*) FROM users WHERE is_platform_admin = 1").await >= 1);

    // Every demo login works with the documented password.
    let store = store(&pool).await;
    for (_, email) in seed::DEMO_LOGINS {
        let session = Session::new(None, store.clone(), None);
        auth::sign_in(&pool, &session, email, seed::DEMO_PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{email}: {e}"));
    }

    let before = count("SELECT COUNT(*) FROM users").await;
    let again = seed::seed_demo(&pool).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    assert_eq!(count("SELECT COUNT(*) FROM users").await, before, "nothing added");
}

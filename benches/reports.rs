//! `make bench`: report speed at 100,000 learners, on a release build.
//!
//! Generates (once, cached in target/bench/) a deterministic dataset: 10 organizations with 9
//! departments and 20 teams each, 100,000 members (a tenth of them in two teams), 50 courses,
//! assignments at organization, department and team level, and over 1,000,000 progress rows.
//! Then prints, per figure, `bench <name>: p50=<ms> p95=<ms> p99=<ms> floor_p95=<ms>`:
//! the server's time to build the organization rollup, the course report and one page of the
//! user report (settle check, queries, tables, chart data — everything but HTTP), the same
//! reports' queries alone (structure, course list, figures) straight against SQLite as the floor, and one progress write
//! (a lesson completed, in its own `BEGIN IMMEDIATE` transaction, with every summary trigger),
//! and settling an organization-wide change (an assignment to 10,000 members added or removed).
//! Last, the REST API over loopback HTTP: the rollup through `/api/v1` next to the same report
//! through its server function (both over HTTP), and bulk progress upserts (rows per second).

use std::time::Instant;

use orgboard::domain::ids::{CourseId, OrgId, UserId};
use orgboard::domain::members::Scope;
use orgboard::domain::reports::{ReportQuery, ReportScope, View};
use orgboard::server::repo::report_sync as reports;
use orgboard::server::repo::{access, reports as q};
use sqlx::SqlitePool;

mod common;

use common::*;

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn line(name: &str, mut times: Vec<f64>, floor: Option<Vec<f64>>) {
    times.sort_by(|a, b| a.total_cmp(b));
    let mut out = format!(
        "bench {name}: p50={:.3} p95={:.3} p99={:.3}",
        pct(&times, 0.50),
        pct(&times, 0.95),
        pct(&times, 0.99)
    );
    if let Some(mut f) = floor {
        f.sort_by(|a, b| a.total_cmp(b));
        out.push_str(&format!(" floor_p95={:.3}", pct(&f, 0.95)));
    }
    println!("{out}");
}

#[tokio::main]
async fn main() {
    let pool = open().await;
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    println!(
        "dataset: {} organizations, {} memberships, {} courses, {} progress rows, {} team memberships",
        count("SELECT count(*) FROM organizations").await,
        count("SELECT count(*) FROM memberships").await,
        count("SELECT count(*) FROM courses").await,
        count("SELECT count(*) FROM progress").await,
        count("SELECT count(*) FROM team_members").await,
    );
    let orgs: Vec<(OrgId, String)> = sqlx::query_as("SELECT id, slug FROM organizations ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let today = orgboard::server::repo::today();
    let whole = Scope::Organization;
    let query = |view: View, page: &str| ReportQuery {
        view: view.as_str().into(),
        page: page.into(),
        ..Default::default()
    };

    // `BENCH_ONLY=api make bench` runs only the REST API figures.
    if std::env::var("BENCH_ONLY").as_deref() == Ok("api") {
        api(&pool, &orgs).await;
        return;
    }

    // Warm the page cache once.
    for (org, slug) in &orgs {
        orgboard::service::reports::load(&pool, *org, slug, &whole, &query(View::Rollup, ""), true)
            .await
            .unwrap();
    }

    for (name, view, page) in [
        ("org_rollup", View::Rollup, ""),
        ("course_report", View::Courses, ""),
        ("user_report_page", View::Users, "3"),
    ] {
        let mut server = Vec::with_capacity(RUNS);
        let mut floor = Vec::with_capacity(RUNS);
        for i in 0..RUNS {
            let (org, slug) = &orgs[i % orgs.len()];
            let t = Instant::now();
            let built = orgboard::service::reports::load(&pool, *org, slug, &whole, &query(view, page), true)
                .await
                .unwrap();
            server.push(ms(t.elapsed()));
            assert!(!built.table.rows.is_empty(), "{name} has rows");
            // The floor: the same report's queries, straight against SQLite, nothing around them.
            let mut conn = pool.acquire().await.unwrap();
            let t = Instant::now();
            q::structure(&mut conn, *org).await.unwrap();
            q::courses(&mut *conn, *org).await.unwrap();
            match view {
                View::Rollup => {
                    q::by_scope(&mut conn, *org, None, false, &today).await.unwrap();
                }
                View::Courses => {
                    q::by_course(&mut conn, *org, ReportScope::Organization, None, false, &today)
                        .await
                        .unwrap();
                }
                _ => {
                    let n: i64 = q::distribution(&mut *conn, *org, ReportScope::Organization, false)
                        .await
                        .unwrap()
                        .iter()
                        .map(|(_, n)| n)
                        .sum();
                    let ask = q::PeopleQuery {
                        scope: ReportScope::Organization,
                        course: None,
                        status: None,
                        include_removed: false,
                        today: &today,
                        page: Some(3),
                        known_total: Some(n),
                        sort: None,
                    };
                    q::people(&mut conn, *org, &ask).await.unwrap();
                }
            }
            floor.push(ms(t.elapsed()));
        }
        line(name, server, Some(floor));
    }

    // One progress write: a lesson completed (lesson_completions, progress, every summary).
    let targets: Vec<(OrgId, UserId, CourseId)> = sqlx::query_as(
        "SELECT organization_id, user_id, course_id FROM progress p WHERE status <> 'completed'
           AND NOT EXISTS (SELECT 1 FROM lesson_completions l WHERE l.organization_id = p.organization_id
                           AND l.user_id = p.user_id AND l.course_id = p.course_id)
         ORDER BY (user_id * 2654435761 + course_id * 7) % 1000003 LIMIT ?1",
    )
    .bind(RUNS as i64)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut writes = Vec::with_capacity(RUNS);
    for (i, (org, user, course)) in targets.iter().enumerate() {
        let lesson = 3 + (i as i64 % 3);
        let t = Instant::now();
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
        access::complete_lesson(&mut tx, *org, *user, *course, lesson, 5)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        writes.push(ms(t.elapsed()));
    }
    line("progress_write", writes, None);

    // A whole-organization change: assign a course to an organization of 10,000 members, then
    // take it away; each time the change is settled (every member's access recomputed, their
    // enrolments and summaries written) in one transaction. Few runs: each takes seconds.
    let (org, _) = &orgs[0];
    let spare: CourseId = sqlx::query_scalar(
        "SELECT id FROM courses WHERE id NOT IN (SELECT course_id FROM assignments WHERE organization_id = ?1)
         ORDER BY id LIMIT 1",
    )
    .bind(org)
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut settles = Vec::new();
    for _ in 0..3 {
        for sql in [
            "INSERT INTO assignments (organization_id, course_id, level) VALUES (?1, ?2, 'organization')",
            "DELETE FROM assignments WHERE organization_id = ?1 AND course_id = ?2 AND level = 'organization'",
        ] {
            sqlx::query(sql).bind(org).bind(spare).execute(&pool).await.unwrap();
            let t = Instant::now();
            reports::settle(&pool).await.unwrap();
            settles.push(ms(t.elapsed()));
        }
    }
    line("settle_org_assignment", settles, None);

    api(&pool, &orgs).await;
}

/// The REST API over loopback HTTP: the rollup read through `/api/v1` against the same report
/// through its server function (also over HTTP, signed in with a session), and bulk progress
/// upserts of 10,000 rows.
async fn api(pool: &SqlitePool, orgs: &[(OrgId, String)]) {
    use leptos::prelude::{provide_context, LeptosOptions};
    use leptos::server_fn::ServerFn;
    use orgboard::domain::api_tokens::check_new_token;
    use orgboard::domain::session::CurrentUser;
    use orgboard::rest::{self, RestConfig};
    use orgboard::server::state::AppState;
    use orgboard::server::{audit, password, tokens};
    use tower_sessions::SessionManagerLayer;
    use tower_sessions_sqlx_store::SqliteStore;

    let state = AppState::new(
        pool.clone(),
        LeptosOptions::builder().output_name("orgboard").build(),
        orgboard::server::config::Config::default(),
    );
    let store = SqliteStore::new(pool.clone());
    store.migrate().await.unwrap();
    let server_fns = {
        let state = state.clone();
        move |req: axum::extract::Request| {
            let state = state.clone();
            leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), req)
        }
    };
    let app: axum::Router = axum::Router::new()
        .route("/api/{*fn_name}", axum::routing::post(server_fns))
        .merge(rest::router(
            state,
            RestConfig {
                requests_per_minute: 1_000_000,
            },
        ))
        .layer(SessionManagerLayer::new(store).with_secure(false));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // The owner signs in (a session) and has a token per organization.
    let owner = orgboard::server::repo::users::find_by_email(pool, "owner@bench.example")
        .await
        .unwrap()
        .unwrap();
    sqlx::query("UPDATE users SET password_hash = ?1 WHERE id = ?2")
        .bind(password::hash("bench-password".into()).await.unwrap())
        .bind(owner.id)
        .execute(pool)
        .await
        .unwrap();
    let me = CurrentUser {
        id: owner.id,
        email: owner.email.clone(),
        name: owner.name.clone(),
        is_platform_admin: false,
        manages_any: true,
    };
    let mut org_tokens = Vec::new();
    for (org, _) in orgs {
        let new = check_new_token("bench", "read_write", "never").unwrap();
        let made = tokens::create(pool, Some(*org), &me, &audit::Actor::of(&me), &new)
            .await
            .unwrap();
        org_tokens.push(made.token);
    }
    let signed_in = http
        .post(format!("{base}{}", orgboard::api::auth::SignIn::PATH))
        .form(&[
            ("email", "owner@bench.example"),
            ("password", "bench-password"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    let status = signed_in.status();
    let headers = signed_in.headers().clone();
    assert!(
        status.is_success() || status.is_redirection(),
        "bench sign-in: {status} {}",
        signed_in.text().await.unwrap()
    );
    let cookie = headers[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();

    let mut via_fn = Vec::with_capacity(RUNS);
    let mut via_api = Vec::with_capacity(RUNS);
    for i in 0..RUNS + 10 {
        let (org, _) = &orgs[i % orgs.len()];
        let t = Instant::now();
        let res = http
            .post(format!("{base}{}", orgboard::api::reports::GetReport::PATH))
            .header(reqwest::header::COOKIE, &cookie)
            .form(&[("org", org.0.to_string()), ("query[view]", "rollup".into())])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "server function: {}", res.status());
        res.bytes().await.unwrap();
        let fn_ms = ms(t.elapsed());
        let t = Instant::now();
        let res = http
            .get(format!("{base}/api/v1/orgs/{}/reports/rollup", org.0))
            .bearer_auth(&org_tokens[i % orgs.len()])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "api: {}", res.status());
        res.bytes().await.unwrap();
        // The first runs only warm up connections and caches.
        if i >= 10 {
            via_fn.push(fn_ms);
            via_api.push(ms(t.elapsed()));
        }
    }
    line("server_fn_rollup", via_fn, None);
    line("api_rollup", via_api, None);

    // Bulk upserts: 10,000 rows a request (10,000 members of one organization, one course each),
    // alternating in progress and completed so every run changes every row.
    let (org, _) = &orgs[1];
    let people: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND status = 'active' ORDER BY user_id LIMIT 10000",
    )
    .bind(org)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut rows_total = 0usize;
    let mut seconds = 0.0;
    let mut per_request = Vec::new();
    for run in 0..6 {
        let rows: Vec<serde_json::Value> = people
            .iter()
            .enumerate()
            .map(|(n, u)| {
                let course = 1 + (n as i64 + run) % COURSES;
                if run % 2 == 0 {
                    serde_json::json!({ "user_id": u, "course_id": course, "status": "in_progress", "lessons_done": 2, "time_spent_seconds": 300 })
                } else {
                    serde_json::json!({ "user_id": u, "course_id": course, "status": "completed", "score": 80, "time_spent_seconds": 900 })
                }
            })
            .collect();
        let body = serde_json::json!({ "rows": rows });
        let t = Instant::now();
        let res = http
            .post(format!("{base}/api/v1/orgs/{}/progress/bulk", org.0))
            .bearer_auth(&org_tokens[1])
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "bulk upsert: {status} {text}");
        let elapsed = t.elapsed();
        seconds += elapsed.as_secs_f64();
        rows_total += people.len();
        per_request.push(ms(elapsed));
    }
    line("bulk_upsert_request_10000_rows", per_request, None);
    println!("bench bulk_upsert: rows_per_s={:.0}", rows_total as f64 / seconds);
}

//! `make loadtest`: the whole site under a fixed rate of mixed requests, over loopback HTTP, on a
//! release build and a copy of the 100,000-learner benchmark dataset.
//!
//! Ten owners (one per organization, each signed in with a session) read their dashboards
//! (member list, seats) and reports (rollup, course report, user report) while others add
//! members (the owners, through the page's server function) and write progress (integrators,
//! through the REST API with organization tokens). Requests are sent open-loop at
//! `LOADTEST_RATE` per second (default 200) for `LOADTEST_SECONDS` (default 30), at most 256 in
//! flight; then it stops by itself. It prints p50/p95/p99 per request type and ends with
//! `loadtest: rate=<n>/s p50=<ms> p95=<ms> p99=<ms> errors=<n> locked=<n>`, where `locked`
//! counts "database is locked" errors seen by the server (its log, not the answers: answers
//! never carry database messages).

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use leptos::prelude::LeptosOptions;
use leptos::server_fn::ServerFn;
use orgboard::domain::api_tokens::check_new_token;
use orgboard::domain::ids::OrgId;
use orgboard::domain::session::CurrentUser;
use orgboard::server::guard::Guard;
use orgboard::server::state::AppState;
use orgboard::server::{audit, db, password, tokens};
use sqlx::SqlitePool;

/// "database is locked" errors the server logged.
static LOCKED: AtomicU64 = AtomicU64::new(0);

/// A tracing layer that counts logged errors mentioning a locked database.
struct LockCounter;

struct FindLocked(bool);

impl tracing::field::Visit for FindLocked {
    fn record_debug(&mut self, _field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}").to_lowercase();
        if text.contains("database is locked") || text.contains("database table is locked") {
            self.0 = true;
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for LockCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut find = FindLocked(false);
        event.record(&mut find);
        if find.0 {
            LOCKED.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A fresh copy of the cached benchmark dataset (the run's writes never reach the cache).
async fn copy_of_dataset() -> SqlitePool {
    let cache = common::open().await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&cache)
        .await
        .unwrap();
    cache.close().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let dir = root.join("loadtest");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("load.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    std::fs::copy(root.join("bench/reports.db"), &copy).unwrap();
    db::open(&format!("sqlite://{}", copy.display())).await.unwrap()
}

#[derive(Clone)]
struct Org {
    id: OrgId,
    slug: String,
    cookie: String,
    token: String,
    members: Arc<Vec<i64>>,
}

/// One owner per organization (signed in), an organization token, and member ids to write
/// progress for.
async fn prepare(pool: &SqlitePool, base: &str, http: &reqwest::Client) -> Vec<Org> {
    let hash = password::hash("load-password".into()).await.unwrap();
    let orgs: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM organizations ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut out = Vec::new();
    for (n, (org, slug)) in orgs.into_iter().enumerate() {
        let email = format!("owner-{n:02}@load.example");
        let user: i64 = sqlx::query_scalar(
            // A confirmed address: accounts that never proved theirs cannot sign in.
            "INSERT INTO users (email, name, password_hash, email_verified_at)
             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) RETURNING id",
        )
        .bind(&email)
        .bind(format!("Load Owner {n:02}"))
        .bind(&hash)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO memberships (organization_id, user_id, role, status, holds_seat) VALUES (?1, ?2, 'owner', 'active', 0)")
            .bind(org)
            .bind(user)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE organizations SET owner_user_id = ?2 WHERE id = ?1")
            .bind(org)
            .bind(user)
            .execute(pool)
            .await
            .unwrap();
        let me = CurrentUser {
            id: orgboard::domain::ids::UserId(user),
            email: email.clone(),
            name: format!("Load Owner {n:02}"),
            is_platform_admin: false,
            manages_any: true,
        };
        let new = check_new_token("load", "read_write", "never").unwrap();
        let token = tokens::create(pool, Some(OrgId(org)), &me, &audit::Actor::of(&me), &new)
            .await
            .unwrap()
            .token;
        let members: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' AND status = 'active' LIMIT 2000",
        )
        .bind(org)
        .fetch_all(pool)
        .await
        .unwrap();
        let res = http
            .post(format!("{base}{}", orgboard::api::auth::SignIn::PATH))
            .form(&[
                ("email", email.as_str()),
                ("password", "load-password"),
                ("next", ""),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().as_u16() < 400,
            "owner {email} signs in: {}",
            res.status()
        );
        // The session cookie (sign-in also sets the browser's device cookie).
        let cookie = res
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|c| !c.starts_with("orgboard_device="))
            .expect("a session cookie")
            .to_string();
        out.push(Org {
            id: OrgId(org),
            slug,
            cookie,
            token,
            members: Arc::new(members),
        });
    }
    out
}

/// The request types, in the proportions of the mix (out of 20).
const MIX: [(&str, usize); 7] = [
    ("org_context", 1),
    ("members_page", 3),
    ("seats", 2),
    ("report_rollup", 2),
    ("report_courses", 2),
    ("report_users", 2),
    ("progress_write", 4),
];
// The remaining 4 of 20 add members.
const ADD_MEMBER: &str = "add_member";

fn kind_of(i: u64) -> &'static str {
    let mut slot = (i % 20) as usize;
    for (name, share) in MIX {
        if slot < share {
            return name;
        }
        slot -= share;
    }
    ADD_MEMBER
}

/// Sends request number `i` of type `kind` for `org`; whether it succeeded, with the body
/// of a failure.
async fn send(http: &reqwest::Client, base: &str, org: &Org, kind: &str, i: u64) -> Result<(), String> {
    let form = |pairs: Vec<(String, String)>, path: &str| {
        http.post(format!("{base}{path}"))
            .header(reqwest::header::COOKIE, &org.cookie)
            .form(&pairs)
    };
    let o = org.id.to_string();
    let req = match kind {
        "members_page" => form(
            vec![
                ("org".into(), o),
                ("query[page]".into(), ((i % 5) + 1).to_string()),
            ],
            orgboard::api::members::ListMembers::PATH,
        ),
        "seats" => form(vec![("org".into(), o)], orgboard::api::members::GetSeats::PATH),
        "org_context" => form(
            vec![("slug".into(), org.slug.clone())],
            orgboard::api::members::GetOrgContext::PATH,
        ),
        "report_rollup" | "report_courses" | "report_users" => {
            let view = kind.trim_start_matches("report_");
            form(
                vec![("org".into(), o), ("query[view]".into(), view.into())],
                orgboard::api::reports::GetReport::PATH,
            )
        }
        "progress_write" => {
            let user = org.members[(i as usize * 7919) % org.members.len()];
            let course = 1 + (i % 50);
            http.post(format!("{base}/api/v1/orgs/{}/progress", org.id))
                .bearer_auth(&org.token)
                .json(&serde_json::json!({
                    "user_id": user,
                    "course_id": course,
                    "status": "in_progress",
                    "percent": 1 + (i % 98),
                }))
        }
        _ => form(
            vec![
                ("org".into(), o),
                ("form[name]".into(), format!("Load Member {i}")),
                ("form[email]".into(), format!("added-{i}@load.example")),
                ("form[role]".into(), "member".into()),
            ],
            orgboard::api::members::AddMember::PATH,
        ),
    };
    let res = req.send().await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = res.text().await.map_err(|e| e.to_string())?;
    if status < 400 {
        Ok(())
    } else {
        Err(format!(
            "{kind}: {status} {}",
            body.chars().take(200).collect::<String>()
        ))
    }
}

#[tokio::main]
async fn main() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::Layer;
    // Server logs at WARN and above only, so the figures stay readable.
    let subscriber = tracing_subscriber::registry()
        .with(LockCounter)
        .with(tracing_subscriber::fmt::layer().with_filter(tracing_subscriber::filter::LevelFilter::WARN));
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let rate = env_or("LOADTEST_RATE", 200);
    let seconds = env_or("LOADTEST_SECONDS", 30);
    let total = rate * seconds;

    let pool = copy_of_dataset().await;
    println!(
        "loadtest dataset: {} organizations, {} memberships, {} progress rows",
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM organizations")
            .fetch_one(&pool)
            .await
            .unwrap(),
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM memberships")
            .fetch_one(&pool)
            .await
            .unwrap(),
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM progress")
            .fetch_one(&pool)
            .await
            .unwrap(),
    );
    // The site as `orgboard serve` builds it, with its background settling of report tables.
    let options = LeptosOptions::builder()
        .output_name("orgboard")
        .site_root("target/site")
        .build();
    let state = AppState::with_guard(
        pool.clone(),
        options,
        orgboard::server::config::Config::default(),
        Guard::with_limits(10_000, 10_000),
    );
    let app = orgboard::server::serve::app(state).await.unwrap();
    orgboard::server::serve::spawn_settling(pool.clone());
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
    let base = format!("http://{addr}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let orgs = prepare(&pool, &base, &http).await;

    // Every request type works once (and the page cache is warm) before the clock starts.
    for (n, org) in orgs.iter().enumerate() {
        for kind in MIX.iter().map(|(k, _)| *k).chain([ADD_MEMBER]) {
            if let Err(e) = send(&http, &base, org, kind, 1_000_000 + n as u64).await {
                panic!("warm-up request failed: {e}");
            }
        }
    }
    LOCKED.store(0, Ordering::Relaxed);

    println!("loadtest: {rate} requests/s for {seconds} s ({total} requests), loopback {base}");
    let times: Arc<Mutex<BTreeMap<&'static str, Vec<f64>>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let in_flight = Arc::new(tokio::sync::Semaphore::new(256));
    // `LOADTEST_ONLY=report_rollup,seats` sends only those types (at their share of the rate).
    let only: Option<Vec<String>> = std::env::var("LOADTEST_ONLY")
        .ok()
        .map(|v| v.split(',').map(|k| k.trim().to_string()).collect());
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = started + Duration::from_secs_f64(i as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        let Ok(permit) = in_flight.clone().try_acquire_owned() else {
            errors
                .lock()
                .unwrap()
                .push("dropped: 256 requests already in flight".into());
            continue;
        };
        let (http, base, times, errors) = (http.clone(), base.clone(), times.clone(), errors.clone());
        let org = orgs[(i as usize) % orgs.len()].clone();
        let kind = kind_of(i);
        if let Some(only) = &only {
            if !only.iter().any(|k| k == kind) {
                continue;
            }
        }
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let result = send(&http, &base, &org, kind, i).await;
            let ms = sent.elapsed().as_secs_f64() * 1000.0;
            drop(permit);
            times.lock().unwrap().entry(kind).or_default().push(ms);
            if let Err(e) = result {
                errors.lock().unwrap().push(e);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed().as_secs_f64();

    let times = times.lock().unwrap();
    let mut all = Vec::new();
    for (kind, list) in times.iter() {
        let mut sorted = list.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        println!(
            "loadtest {kind}: n={} p50={:.2} p95={:.2} p99={:.2} max={:.2}",
            sorted.len(),
            pct(&sorted, 0.50),
            pct(&sorted, 0.95),
            pct(&sorted, 0.99),
            sorted.last().copied().unwrap_or(0.0)
        );
        all.extend(sorted);
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let errors = errors.lock().unwrap();
    for e in errors.iter().take(5) {
        println!("loadtest error: {e}");
    }
    println!(
        "loadtest: rate={:.0}/s p50={:.2} p95={:.2} p99={:.2} errors={} locked={}",
        all.len() as f64 / elapsed,
        pct(&all, 0.50),
        pct(&all, 0.95),
        pct(&all, 0.99),
        errors.len(),
        LOCKED.load(Ordering::Relaxed)
    );
}

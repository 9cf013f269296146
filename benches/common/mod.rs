//! The benchmark dataset, shared by `make bench` and `make loadtest`: 10 organizations with 9
//! departments and 20 teams each, 100,000 members, 50 courses, assignments at every level and
//! over 1,000,000 progress rows, generated once and cached in target/bench/.
#![allow(dead_code)] // each bench uses a different part

use std::time::Instant;

use orgboard::domain::ids::CourseId;
use orgboard::server::db;
use orgboard::server::repo::report_sync as reports;
use sqlx::SqlitePool;

pub const ORGS: i64 = 10;
pub const MEMBERS_PER_ORG: i64 = 10_000;
pub const TEAMS_PER_ORG: i64 = 20;
pub const COURSES: i64 = 50;
/// Bump when the generator changes, so a cached dataset is made again.
pub const DATASET_VERSION: &str = "reports-v2";
pub const RUNS: usize = 200;

pub async fn generate(pool: &SqlitePool) {
    let started = Instant::now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let owner: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, name) VALUES ('owner@bench.example', 'Bench Owner') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    for c in 1..=COURSES {
        sqlx::query("INSERT INTO courses (code, title, lesson_count) VALUES (?1, ?2, 5)")
            .bind(format!("B-{c:03}"))
            .bind(format!("Bench course {c:03}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    let course_id = |n: i64| 1 + (n - 1).rem_euclid(COURSES);
    for o in 1..=ORGS {
        let org: i64 = sqlx::query_scalar(
            "INSERT INTO organizations (name, slug, owner_user_id, seat_count) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        )
        .bind(format!("Bench Org {o:02}"))
        .bind(format!("bench-org-{o:02}"))
        .bind(owner)
        .bind(MEMBERS_PER_ORG * 2)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        // 3 top departments with 2 sub-departments each.
        let mut leaves = Vec::new();
        let mut tops = Vec::new();
        for d in 0..3 {
            let top: i64 = sqlx::query_scalar(
                "INSERT INTO departments (organization_id, name) VALUES (?1, ?2) RETURNING id",
            )
            .bind(org)
            .bind(format!("Division {d}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap();
            tops.push(top);
            for s in 0..2 {
                let leaf: i64 = sqlx::query_scalar(
                    "INSERT INTO departments (organization_id, parent_id, name) VALUES (?1, ?2, ?3) RETURNING id",
                )
                .bind(org)
                .bind(top)
                .bind(format!("Division {d} unit {s}"))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
                leaves.push(leaf);
            }
        }
        let mut teams = Vec::new();
        for t in 0..TEAMS_PER_ORG {
            let dept = (t < 18).then(|| leaves[(t % 6) as usize]);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO teams (organization_id, department_id, name) VALUES (?1, ?2, ?3) RETURNING id",
            )
            .bind(org)
            .bind(dept)
            .bind(format!("Team {t:02}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap();
            teams.push(id);
        }
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at)
             VALUES (?1, ?2, 'owner', 'active', 1, '2026-01-01T00:00:00Z')",
        )
        .bind(org)
        .bind(owner)
        .execute(&mut *tx)
        .await
        .unwrap();
        for i in 0..MEMBERS_PER_ORG {
            let user: i64 =
                sqlx::query_scalar("INSERT INTO users (email, name) VALUES (?1, ?2) RETURNING id")
                    .bind(format!("m{o}-{i}@bench.example"))
                    .bind(format!("Learner {o:02}-{i:05}"))
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
            sqlx::query(
                "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at)
                 VALUES (?1, ?2, ?3, 'active', 1, '2026-02-01T00:00:00Z')",
            )
            .bind(org)
            .bind(user)
            .bind(if i % 500 == 0 { "manager" } else { "member" })
            .execute(&mut *tx)
            .await
            .unwrap();
            let first = teams[(i % TEAMS_PER_ORG) as usize];
            sqlx::query("INSERT INTO team_members (team_id, user_id, added_at) VALUES (?1, ?2, '2026-02-01T00:00:00Z')")
                .bind(first)
                .bind(user)
                .execute(&mut *tx)
                .await
                .unwrap();
            if i % 10 == 3 {
                let second = teams[((i * 7 + 5) % TEAMS_PER_ORG) as usize];
                sqlx::query(
                    "INSERT OR IGNORE INTO team_members (team_id, user_id, added_at) VALUES (?1, ?2, '2026-03-01T00:00:00Z')",
                )
                .bind(second)
                .bind(user)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
        // Assignments: 6 to everyone, 3 per division, 2 per team; some due in the past.
        let add = |level: &'static str, d: Option<i64>, t: Option<i64>, c: i64, due: Option<&'static str>| {
            (level, d, t, course_id(c), due)
        };
        let mut rows = Vec::new();
        for k in 0..6 {
            rows.push(add(
                "organization",
                None,
                None,
                o + k,
                (k % 3 == 0).then_some("2026-06-30"),
            ));
        }
        for (n, top) in tops.iter().enumerate() {
            for k in 0..3 {
                rows.push(add(
                    "department",
                    Some(*top),
                    None,
                    o + 10 + n as i64 * 3 + k,
                    (k == 1).then_some("2027-03-31"),
                ));
            }
        }
        for (n, team) in teams.iter().enumerate() {
            for k in 0..2 {
                rows.push(add(
                    "team",
                    None,
                    Some(*team),
                    o + 25 + n as i64 + k * 7,
                    (k == 0).then_some("2026-09-30"),
                ));
            }
        }
        for (level, d, t, c, due) in rows {
            sqlx::query(
                "INSERT OR IGNORE INTO assignments (organization_id, course_id, level, department_id, team_id, due_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2026-01-15T00:00:00Z')",
            )
            .bind(org)
            .bind(CourseId(c))
            .bind(level)
            .bind(d)
            .bind(t)
            .bind(due)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    eprintln!(
        "  people and assignments written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    reports::rebuild(pool).await.unwrap();
    eprintln!(
        "  enrolments and summaries built (orgboard rebuild-reports) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // Progress: a deterministic hash of (person, course) picks not started, in progress or completed.
    let t = Instant::now();
    sqlx::query(
        "UPDATE progress SET
            status = CASE WHEN (user_id * 2654435761 + course_id * 40503) % 100 < 70 THEN 'in_progress' ELSE 'completed' END,
            percent = CASE WHEN (user_id * 2654435761 + course_id * 40503) % 100 < 70 THEN 40 ELSE 100 END,
            lessons_done = CASE WHEN (user_id * 2654435761 + course_id * 40503) % 100 < 70 THEN 2 ELSE 5 END,
            score = CASE WHEN (user_id * 2654435761 + course_id * 40503) % 100 >= 70 THEN 50 + (user_id + course_id) % 51 END,
            time_spent_seconds = 300 + (user_id * 7 + course_id * 13) % 3600,
            started_at = '2026-03-01T00:00:00Z',
            completed_at = CASE WHEN (user_id * 2654435761 + course_id * 40503) % 100 >= 70
                THEN strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-29', '-' || ((user_id + course_id) % 180) || ' days') END,
            last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-29', '-' || ((user_id + course_id) % 180) || ' days')
         WHERE (user_id * 2654435761 + course_id * 40503) % 100 >= 35",
    )
    .execute(pool)
    .await
    .unwrap();
    eprintln!("  progress written in {:.1} s", t.elapsed().as_secs_f64());
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_meta (version TEXT NOT NULL)")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO bench_meta (version) VALUES (?1)")
        .bind(DATASET_VERSION)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("PRAGMA optimize").execute(pool).await.unwrap();
    eprintln!("  dataset ready in {:.1} s", started.elapsed().as_secs_f64());
}

pub async fn open() -> SqlitePool {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let file = dir.join("reports.db");
    let url = format!("sqlite://{}", file.display());
    if file.exists() {
        // A dataset of another generator or schema version is made again.
        if let Ok(pool) = db::open(&url).await {
            let version: Option<String> = sqlx::query_scalar("SELECT version FROM bench_meta")
                .fetch_optional(&pool)
                .await
                .unwrap_or(None);
            if version.as_deref() == Some(DATASET_VERSION) {
                return pool;
            }
            pool.close().await;
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    eprintln!("generating the benchmark dataset in {} (once)…", file.display());
    let pool = db::open(&url).await.unwrap();
    generate(&pool).await;
    pool
}

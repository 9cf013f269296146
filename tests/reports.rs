//! Reports on a real database: the summary tables always equal a live GROUP BY after random
//! writes; enrolments follow `domain::access`; each report's figures match the definitions in
//! `domain::rollup`; scope and tenant limits; the CSV equals the table.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::reports::{get_admin_report, get_report};
use orgboard::domain::access::effective;
use orgboard::domain::ids::{CourseId, OrgId, TeamId, UserId};
use orgboard::domain::reports::{ReportQuery, View};
use orgboard::domain::rollup::{self, Enrolment, Progress};
use orgboard::error::AppError;
use orgboard::server::repo::access;
use orgboard::server::repo::report_sync as reports;

/// A small deterministic generator (no dependency, same sequence every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

const TODAY_SQL: &str = "strftime('%Y-%m-%d', 'now')";

/// Every summary table equals its live GROUP BY over `progress` × `member_places`.
async fn assert_summaries_equal_live(db: &TestDb, context: &str) {
    let checks = [
        (
            "report_summary",
            "SELECT organization_id, scope, scope_id, course_id, removed, assigned, not_started, in_progress, completed,
                    round(score_sum, 6), score_count, time_sum, time_count
             FROM report_summary WHERE assigned <> 0 OR not_started <> 0 OR in_progress <> 0 OR completed <> 0
                OR score_count <> 0 OR time_sum <> 0 OR time_count <> 0",
            "SELECT p.organization_id, mp.scope, mp.scope_id, p.course_id, p.removed, count(*),
                    sum(p.status = 'not_started'), sum(p.status = 'in_progress'), sum(p.status = 'completed'),
                    round(total(CASE WHEN p.status = 'completed' AND p.score IS NOT NULL THEN p.score ELSE 0 END), 6),
                    sum(p.status = 'completed' AND p.score IS NOT NULL), sum(p.time_spent_seconds),
                    sum(p.time_spent_seconds > 0)
             FROM progress p JOIN member_places mp ON mp.organization_id = p.organization_id AND mp.user_id = p.user_id
             WHERE p.assigned = 1 OR p.status <> 'not_started'
             GROUP BY p.organization_id, mp.scope, mp.scope_id, p.course_id, p.removed",
        ),
        (
            "report_due",
            "SELECT organization_id, scope, scope_id, course_id, removed, due_date, open FROM report_due WHERE open <> 0",
            "SELECT p.organization_id, mp.scope, mp.scope_id, p.course_id, p.removed, p.due_date, count(*)
             FROM progress p JOIN member_places mp ON mp.organization_id = p.organization_id AND mp.user_id = p.user_id
             WHERE (p.assigned = 1 OR p.status <> 'not_started') AND p.status <> 'completed' AND p.due_date IS NOT NULL
             GROUP BY p.organization_id, mp.scope, mp.scope_id, p.course_id, p.removed, p.due_date",
        ),
        (
            "report_trend",
            "SELECT organization_id, scope, scope_id, course_id, removed, week, completed FROM report_trend WHERE completed <> 0",
            "SELECT p.organization_id, mp.scope, mp.scope_id, p.course_id, p.removed,
                    date(p.completed_at, '-6 days', 'weekday 1'), count(*)
             FROM progress p JOIN member_places mp ON mp.organization_id = p.organization_id AND mp.user_id = p.user_id
             WHERE (p.assigned = 1 OR p.status <> 'not_started') AND p.status = 'completed' AND p.completed_at IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6",
        ),
        (
            "report_people",
            "SELECT organization_id, user_id, removed, assigned, not_started, in_progress, completed, time_sum
             FROM report_people WHERE assigned <> 0 OR time_sum <> 0",
            "SELECT organization_id, user_id, removed, count(*), sum(status = 'not_started'), sum(status = 'in_progress'),
                    sum(status = 'completed'), sum(time_spent_seconds)
             FROM progress WHERE assigned = 1 OR status <> 'not_started'
             GROUP BY organization_id, user_id, removed",
        ),
    ];
    for (name, stored, live) in checks {
        let a = rows_text(db, stored).await;
        let b = rows_text(db, live).await;
        assert_eq!(a, b, "{name} differs from the live GROUP BY after {context}");
    }
}

/// The rows of `sql` as sorted text lines (column values joined by |).
async fn rows_text(db: &TestDb, sql: &str) -> Vec<String> {
    use sqlx::Row;
    let rows = sqlx::query(sql).fetch_all(&db.pool).await.unwrap();
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            (0..r.len())
                .map(|i| {
                    if let Ok(v) = r.try_get::<i64, _>(i) {
                        v.to_string()
                    } else if let Ok(v) = r.try_get::<f64, _>(i) {
                        format!("{v:.4}")
                    } else {
                        r.try_get::<String, _>(i).unwrap_or_default()
                    }
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    out.sort();
    out
}

/// Every member's enrolment rows equal what `domain::access::effective` says they have.
async fn assert_enrolments_follow_access(db: &TestDb, org: OrgId) {
    let mut conn = db.pool.acquire().await.unwrap();
    let people: Vec<(UserId, String)> =
        sqlx::query_as("SELECT user_id, status FROM memberships WHERE organization_id = ?1")
            .bind(org)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    for (user, status) in people {
        let facts = access::facts(&mut conn, org, user).await.unwrap().unwrap();
        let mut want: Vec<(CourseId, Option<String>)> = if status == "invited" {
            Vec::new()
        } else {
            effective(&facts)
                .into_iter()
                .map(|c| (c.course, c.due_date))
                .collect()
        };
        want.sort();
        let mut have: Vec<(CourseId, Option<String>)> = sqlx::query_as(
            "SELECT course_id, due_date FROM progress WHERE organization_id = ?1 AND user_id = ?2 AND assigned = 1",
        )
        .bind(org)
        .bind(user)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        have.sort();
        assert_eq!(have, want, "enrolments of user {user} in org {org}");
    }
}

async fn settle(db: &TestDb) {
    reports::settle(&db.pool).await.unwrap();
}

async fn ids(db: &TestDb, sql: &str, org: OrgId) -> Vec<i64> {
    sqlx::query_scalar(sql)
        .bind(org)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

/// Up to 30 random rows through `service::progress::record_in`, in their own transaction.
async fn bulk_write(db: &TestDb, org: OrgId, rng: &mut Rng, courses: &[i64]) {
    use orgboard::domain::progress::ProgressInput;
    let active = ids(
        db,
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND status = 'active'",
        org,
    )
    .await;
    let mut rows: Vec<ProgressInput> = Vec::new();
    for _ in 0..30 {
        let user_id = active[rng.next(active.len() as u64) as usize];
        let course_id = courses[rng.next(courses.len() as u64) as usize];
        if rows
            .iter()
            .any(|r| r.user_id == user_id && r.course_id == course_id)
        {
            continue;
        }
        let status = ["not_started", "in_progress", "completed"][rng.next(3) as usize];
        rows.push(ProgressInput {
            user_id,
            course_id,
            status: status.into(),
            percent: None,
            lessons_done: None,
            score: (status == "completed" && rng.next(2) == 0).then(|| rng.next(101) as f64),
            time_spent_seconds: Some(rng.next(5000) as i64),
            at: Some(format!("2026-11-{:02}T08:00:00Z", 1 + rng.next(28))),
        });
    }
    let mut tx = db.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let written = orgboard::service::progress::record_in(
        &mut tx,
        org,
        &orgboard::server::audit::Actor::system(),
        &rows,
    )
    .await
    .unwrap()
    .expect("every row is valid");
    assert_eq!(written, rows.len());
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn summaries_equal_a_live_group_by_after_random_writes() {
    let db = TestDb::with_demo().await;
    settle(&db).await;
    assert_summaries_equal_live(&db, "the demo").await;
    let nw = org_id(&db, "northwind-logistics").await;
    assert_enrolments_follow_access(&db, nw).await;

    let members = ids(
        &db,
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND status = 'active'",
        nw,
    )
    .await;
    let teams = ids(&db, "SELECT id FROM teams WHERE organization_id = ?1", nw).await;
    let depts = ids(&db, "SELECT id FROM departments WHERE organization_id = ?1", nw).await;
    let courses: Vec<i64> = sqlx::query_scalar("SELECT id FROM courses WHERE status = 'published'")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let mut rng = Rng(42);
    // Rounds 0–11 mix everything; rounds 12–23 make only changes settled person by person
    // (progress, team joins and leaves, personal assignments).
    for round in 0..24 {
        let per_person = round >= 12;
        let mut tx = db.pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
        for _ in 0..25 {
            let user = members[rng.next(members.len() as u64) as usize];
            let course = courses[rng.next(courses.len() as u64) as usize];
            let op = if per_person {
                [0, 1, 2, 3, 4, 5, 6][rng.next(7) as usize]
            } else {
                rng.next(9)
            };
            match op {
                // Progress writes of every kind (what My learning and the API do).
                0..=3 => {
                    let status = ["not_started", "in_progress", "completed"][rng.next(3) as usize];
                    let score = (rng.next(3) > 0).then(|| rng.next(101) as f64);
                    let day = 1 + rng.next(28);
                    sqlx::query(
                        "INSERT INTO progress (organization_id, user_id, course_id, status, percent, score,
                                               time_spent_seconds, started_at, completed_at, last_activity_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2026-10-01T00:00:00Z', ?8, ?9)
                         ON CONFLICT (organization_id, user_id, course_id) DO UPDATE SET
                           status = excluded.status, percent = excluded.percent, score = excluded.score,
                           time_spent_seconds = excluded.time_spent_seconds, completed_at = excluded.completed_at,
                           last_activity_at = excluded.last_activity_at",
                    )
                    .bind(nw)
                    .bind(user)
                    .bind(course)
                    .bind(status)
                    .bind(if status == "completed" { 100 } else { 40 })
                    .bind(score)
                    .bind(rng.next(4000) as i64)
                    .bind((status == "completed").then(|| format!("2026-11-{day:02}T10:00:00Z")))
                    .bind(format!("2026-11-{day:02}T10:00:00Z"))
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                }
                4 => {
                    let t = teams[rng.next(teams.len() as u64) as usize];
                    sqlx::query("INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?1, ?2)")
                        .bind(t)
                        .bind(user)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                5 => {
                    sqlx::query("DELETE FROM team_members WHERE user_id = ?1 AND team_id IN (SELECT id FROM teams WHERE organization_id = ?2)")
                        .bind(user)
                        .bind(nw)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                6 => {
                    let level = if per_person { 2 } else { rng.next(3) };
                    let (d, t, u) = match level {
                        0 => (Some(depts[rng.next(depts.len() as u64) as usize]), None, None),
                        1 => (None, Some(teams[rng.next(teams.len() as u64) as usize]), None),
                        _ => (None, None, Some(user)),
                    };
                    let lv = ["department", "team", "member"][level as usize];
                    sqlx::query(
                        "INSERT OR IGNORE INTO assignments (organization_id, course_id, level, department_id, team_id, user_id, due_date)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )
                    .bind(nw)
                    .bind(course)
                    .bind(lv)
                    .bind(d)
                    .bind(t)
                    .bind(u)
                    .bind(["2026-01-15", "2030-01-01"][rng.next(2) as usize])
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                }
                7 => {
                    sqlx::query(
                        "DELETE FROM assignments WHERE id = (SELECT id FROM assignments WHERE organization_id = ?1
                         ORDER BY id LIMIT 1 OFFSET ?2)",
                    )
                    .bind(nw)
                    .bind(rng.next(5) as i64)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                }
                _ => {
                    // Move a team to another department, or remove a member.
                    if rng.next(2) == 0 {
                        sqlx::query("UPDATE teams SET department_id = ?2 WHERE id = ?1")
                            .bind(teams[rng.next(teams.len() as u64) as usize])
                            .bind(depts[rng.next(depts.len() as u64) as usize])
                            .execute(&mut *tx)
                            .await
                            .unwrap();
                    } else {
                        sqlx::query(
                            "UPDATE memberships SET status = 'removed', holds_seat = 0, removed_at = '2026-11-20T00:00:00Z'
                             WHERE organization_id = ?1 AND user_id = ?2 AND role = 'member'",
                        )
                        .bind(nw)
                        .bind(user)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                    }
                }
            }
        }
        tx.commit().await.unwrap();
        // A bulk write as the REST API makes it (summaries moved set-based, not by the triggers).
        bulk_write(&db, nw, &mut rng, &courses).await;
        // Progress writes are in the summaries at once; structure changes after settling.
        settle(&db).await;
        assert_summaries_equal_live(&db, &format!("round {round}")).await;
    }
    assert_enrolments_follow_access(&db, nw).await;

    // The maintenance command recomputes the same thing from scratch.
    let before = rows_text(&db, "SELECT * FROM report_summary WHERE assigned <> 0").await;
    reports::rebuild(&db.pool).await.unwrap();
    assert_summaries_equal_live(&db, "the rebuild").await;
    let after = rows_text(&db, "SELECT * FROM report_summary WHERE assigned <> 0").await;
    assert_eq!(before.len(), after.len());
}

/// The enrolments of `org` as `domain::rollup` sees them (the oracle for report figures).
async fn oracle_rows(db: &TestDb, org: OrgId) -> Vec<Enrolment> {
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        Option<f64>,
        i64,
        i64,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.user_id, p.course_id, p.status, p.due_date, p.score, p.time_spent_seconds, p.removed,
                (SELECT group_concat(tm.team_id) FROM team_members tm JOIN teams t ON t.id = tm.team_id
                 WHERE tm.user_id = p.user_id AND t.organization_id = p.organization_id)
         FROM progress p WHERE p.organization_id = ?1 AND (p.assigned = 1 OR p.status <> 'not_started')",
    )
    .bind(org)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(u, c, status, due, score, time, removed, teams)| Enrolment {
            user: UserId(u),
            course: CourseId(c),
            teams: teams
                .unwrap_or_default()
                .split(',')
                .filter_map(|t| t.parse().ok().map(TeamId))
                .collect(),
            progress: Progress::parse(&status),
            due,
            score,
            time_spent: time,
            removed: removed == 1,
        })
        .collect()
}

fn q(view: View) -> ReportQuery {
    ReportQuery {
        view: view.as_str().into(),
        ..Default::default()
    }
}

fn cell(page: &orgboard::domain::reports::ReportPage, row: usize, header: &str) -> String {
    let i = page.table.headers.iter().position(|h| h == header).unwrap();
    page.table.rows[row][i].text.clone()
}

#[tokio::test]
async fn course_report_matches_the_definitions_and_removed_people_are_left_out_by_default() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    let page = get_report(nw, q(View::Courses)).await.unwrap();
    let today: String = sqlx::query_scalar(&format!("SELECT {TODAY_SQL}"))
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let oracle = rollup::by_course(&oracle_rows(&db, nw).await, false, &today);
    assert_eq!(
        page.table.rows.len(),
        oracle.len(),
        "one row per course with enrolments"
    );
    for i in 0..page.table.rows.len() {
        // Rows are by title; the course link says which course a row is.
        let href = page.table.rows[i][0].href.clone().unwrap();
        let id: i64 = href
            .split("learners=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let f = &oracle[&CourseId(id)];
        assert_eq!(cell(&page, i, "Assigned"), f.assigned.to_string());
        assert_eq!(cell(&page, i, "Completed"), f.completed.to_string());
        assert_eq!(cell(&page, i, "Overdue"), f.overdue.to_string());
        assert_eq!(
            cell(&page, i, "Completion rate"),
            format!("{}%", f.completion_rate())
        );
    }
    // The chart's table holds the same numbers as the report.
    let chart = page.chart.as_ref().unwrap().table();
    assert_eq!(chart.rows.len(), page.table.rows.len());
    assert_eq!(chart.rows[0][3].text, cell(&page, 0, "Completed"));

    // Removing someone takes them out of the default figures, not out of "include removed".
    let total = |p: &orgboard::domain::reports::ReportPage| -> i64 {
        (0..p.table.rows.len())
            .map(|i| cell(p, i, "Assigned").parse::<i64>().unwrap())
            .sum()
    };
    let before = total(&page);
    let with_removed_query = ReportQuery {
        removed: "1".into(),
        ..q(View::Courses)
    };
    let before_with_removed = total(&get_report(nw, with_removed_query.clone()).await.unwrap());
    assert!(before_with_removed >= before);
    let lena = user_id(&db, demo::MEMBER).await;
    sqlx::query("UPDATE memberships SET status = 'removed', holds_seat = 0, removed_at = '2026-11-29T00:00:00Z' WHERE organization_id = ?1 AND user_id = ?2")
        .bind(nw)
        .bind(lena)
        .execute(&db.pool)
        .await
        .unwrap();
    let lena_rows: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM progress WHERE organization_id = ?1 AND user_id = ?2 AND (assigned = 1 OR status <> 'not_started')",
    )
    .bind(nw)
    .bind(lena)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(lena_rows > 0);
    let after = get_report(nw, q(View::Courses)).await.unwrap();
    assert_eq!(total(&after), before - lena_rows);
    let with_removed = get_report(nw, with_removed_query).await.unwrap();
    assert_eq!(
        total(&with_removed),
        before_with_removed,
        "removed people stay in the history"
    );
}

#[tokio::test]
async fn rollup_counts_a_person_in_two_teams_once_per_level() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    // Put a member into a second team of the same department.
    let (t1, t2, dept): (i64, i64, i64) = sqlx::query_as(
        "SELECT a.id, b.id, a.department_id FROM teams a JOIN teams b ON b.department_id = a.department_id AND b.id > a.id
         WHERE a.organization_id = ?1 AND a.department_id IS NOT NULL LIMIT 1",
    )
    .bind(nw)
    .fetch_one(&db.pool)
    .await
    .expect("the demo has a department with two teams");
    let user: i64 = sqlx::query_scalar("SELECT user_id FROM team_members WHERE team_id = ?1 LIMIT 1")
        .bind(t1)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?1, ?2)")
        .bind(t2)
        .bind(user)
        .execute(&db.pool)
        .await
        .unwrap();
    let _o = db.as_demo(demo::OWNER).await;
    let page = get_report(nw, q(View::Rollup)).await.unwrap();
    let today: String = sqlx::query_scalar(&format!("SELECT {TODAY_SQL}"))
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let rows = oracle_rows(&db, nw).await;
    let (places, parents) = {
        let t: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, department_id FROM teams WHERE organization_id = ?1")
                .bind(nw)
                .fetch_all(&db.pool)
                .await
                .unwrap();
        let d: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, parent_id FROM departments WHERE organization_id = ?1")
                .bind(nw)
                .fetch_all(&db.pool)
                .await
                .unwrap();
        (
            t.into_iter()
                .map(|(a, b)| (TeamId(a), b.map(orgboard::domain::ids::DepartmentId)))
                .collect(),
            d.into_iter()
                .map(|(a, b)| {
                    (
                        orgboard::domain::ids::DepartmentId(a),
                        b.map(orgboard::domain::ids::DepartmentId),
                    )
                })
                .collect(),
        )
    };
    let oracle = rollup::rollup(&rows, &places, &parents, false, &today);
    let line = |level: &str, name_contains: &str| -> usize {
        (0..page.table.rows.len())
            .find(|&i| {
                page.table.rows[i][0].text == level && page.table.rows[i][1].text.ends_with(name_contains)
            })
            .unwrap_or_else(|| panic!("no {level} row {name_contains}"))
    };
    assert_eq!(
        cell(&page, line("Organization", "Whole organization"), "Assigned"),
        oracle.organization.assigned.to_string()
    );
    let dept_name: String = sqlx::query_scalar("SELECT name FROM departments WHERE id = ?1")
        .bind(dept)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let d = &oracle.departments[&orgboard::domain::ids::DepartmentId(dept)];
    assert_eq!(
        cell(&page, line("Department", &dept_name), "Assigned"),
        d.assigned.to_string()
    );
    // The department counts the person once, though both teams count them.
    let person_courses = rows.iter().filter(|e| e.user.0 == user && !e.removed).count() as i64;
    let t1f = &oracle.teams[&TeamId(t1)];
    let t2f = &oracle.teams[&TeamId(t2)];
    assert!(d.assigned <= t1f.assigned + t2f.assigned - person_courses || person_courses == 0);
    // The team comparison chart lists every team.
    assert!(!page.chart.unwrap().categories.is_empty());
}

#[tokio::test]
async fn user_report_pages_and_drills_down_and_the_csv_equals_the_table() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    let page = get_report(nw, q(View::Users)).await.unwrap();
    assert!(page.total > 0);
    assert_eq!(page.table.rows.len() as i64, page.total.min(50));
    let lena = user_id(&db, demo::MEMBER).await;
    let drill = get_report(
        nw,
        ReportQuery {
            member: lena.0.to_string(),
            ..q(View::Users)
        },
    )
    .await
    .unwrap();
    let courses = drill.drill.expect("her courses");
    assert!(courses.caption.starts_with("Courses of"));
    let csv = courses.to_csv();
    assert_eq!(csv.lines().count(), courses.rows.len() + 1);
    assert!(csv.starts_with("Member,Email,Course,Status"));

    // Trend: one row per week, completions add up to what the trend table holds.
    let trend = get_report(
        nw,
        ReportQuery {
            from: "2026-09-01".into(),
            to: "2026-11-30".into(),
            ..q(View::Trend)
        },
    )
    .await
    .unwrap();
    assert_eq!(trend.table.rows.len(), 14);
    assert_eq!(trend.table.rows[0][0].text, "2026-08-31", "weeks start on Monday");
}

#[tokio::test]
async fn managers_see_their_teams_only_and_other_tenants_ids_are_refused() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let _m = db.as_demo(demo::MANAGER).await;
    let page = get_report(nw, q(View::Rollup)).await.unwrap();
    assert!(page.limited);
    assert!(
        page.table.rows.iter().all(|r| r[0].text == "Team"),
        "no organization or department rows"
    );
    let foreign_team: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE organization_id = ?1 LIMIT 1")
        .bind(acme)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let e = get_report(
        nw,
        ReportQuery {
            team: foreign_team.to_string(),
            ..q(View::Courses)
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid { .. } | AppError::Forbidden),
        "{e:?}"
    );
    assert!(matches!(
        get_report(acme, q(View::Courses)).await,
        Err(AppError::Forbidden)
    ));
    // Members have no reports; admins see every organization.
    let _l = db.as_demo(demo::MEMBER).await;
    assert!(get_report(nw, q(View::Courses)).await.is_err());
    assert!(get_admin_report(false).await.is_err());
    let _a = db.as_demo(demo::ADMIN).await;
    let all = get_admin_report(false).await.unwrap();
    assert!(all.table.rows.len() >= 3);
    // Bad filters say what to fix.
    let _o = db.as_demo(demo::OWNER).await;
    let bad = get_report(
        nw,
        ReportQuery {
            to: "30/11/2026".into(),
            ..q(View::Trend)
        },
    )
    .await
    .unwrap_err();
    assert!(bad.to_string().contains("YYYY-MM-DD"), "{bad}");
}

/// The texts of column `key` down the table.
fn column_texts(page: &orgboard::domain::reports::ReportPage, key: &str) -> Vec<String> {
    let i = page.table.column(key).unwrap();
    page.table.rows.iter().map(|r| r[i].text.clone()).collect()
}

#[tokio::test]
async fn every_column_of_every_report_sorts_both_ways_and_the_database_agrees_with_the_table() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    for view in [View::Courses, View::Users, View::Rollup, View::Trend] {
        let plain = get_report(nw, q(view)).await.unwrap();
        assert_eq!(plain.table.sorted, None);
        assert_eq!(
            plain.table.sort_links.len(),
            plain.table.headers.len(),
            "{view:?}: a link per header"
        );
        for header in plain.table.headers.clone() {
            let key = orgboard::domain::reports::column_key(&header);
            for descending in [false, true] {
                let sorted = get_report(
                    nw,
                    ReportQuery {
                        sort: key.clone(),
                        dir: if descending { "desc" } else { "asc" }.into(),
                        ..q(view)
                    },
                )
                .await
                .unwrap();
                let i = sorted.table.column(&key).unwrap();
                assert_eq!(sorted.table.sorted, Some((i, descending)), "{view:?} {key}");
                // The same rows sorted by the table's own rule: the User Report is sorted by the
                // database, so this checks its SQL against the figures it shows.
                let mut expected = plain.clone().table;
                expected.sort_rows(i, descending);
                assert_eq!(
                    column_texts(&sorted, &key),
                    expected
                        .rows
                        .iter()
                        .map(|r| r[i].text.clone())
                        .collect::<Vec<_>>(),
                    "{view:?} sorted by {key}, descending: {descending}"
                );
                // The header's link turns the direction round.
                let link = &sorted.table.sort_links[i];
                let back = if descending { "dir=asc" } else { "dir=desc" };
                assert!(
                    link.contains(&format!("sort={key}")) && link.contains(back),
                    "{link}"
                );
            }
        }
    }
    // Completed, most first, in the User Report.
    let by_completed = get_report(
        nw,
        ReportQuery {
            sort: "completed".into(),
            dir: "desc".into(),
            ..q(View::Users)
        },
    )
    .await
    .unwrap();
    let done: Vec<i64> = column_texts(&by_completed, "completed")
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    assert!(done.windows(2).all(|w| w[0] >= w[1]), "{done:?}");
    assert!(
        done.first() > done.last(),
        "the demo has people with more and fewer completions"
    );

    let bad = get_report(
        nw,
        ReportQuery {
            sort: "salary".into(),
            ..q(View::Courses)
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(bad, AppError::Invalid { ref field, .. } if field == "sort"),
        "{bad:?}"
    );
}

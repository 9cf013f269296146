//! Progress recorded for learners from outside (the REST API): every row checked by
//! `domain::progress` first, then all written in the caller's transaction or none, with the
//! report summaries brought along in that same transaction — set-based (the rows replaced taken
//! out, the rows written added in), not row by row through the triggers: 10,000 rows a request
//! would otherwise spend most of their time in trigger bodies.

use std::collections::{HashMap, HashSet};

use sqlx::SqliteConnection;

use crate::domain::ids::OrgId;
use crate::domain::progress::CheckedProgress;
use crate::error::AppError;

/// Which of `people` are active members of `org`, asked one by one (for a few rows: the whole
/// organization is not read).
pub async fn active_among(
    tx: &mut SqliteConnection,
    org: OrgId,
    people: &HashSet<i64>,
) -> sqlx::Result<HashSet<i64>> {
    let mut found = HashSet::new();
    for id in people {
        let active: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE organization_id = ?1 AND user_id = ?2 AND status = 'active'",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        found.extend(active);
    }
    Ok(found)
}

/// Every active member of `org`.
pub async fn active_all(tx: &mut SqliteConnection, org: OrgId) -> sqlx::Result<HashSet<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT user_id FROM memberships WHERE organization_id = ?1 AND status = 'active'",
        )
        .bind(org)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect(),
    )
}

/// Every course's lesson count.
pub async fn lesson_counts(tx: &mut SqliteConnection) -> sqlx::Result<HashMap<i64, i64>> {
    Ok(sqlx::query_as("SELECT id, lesson_count FROM courses")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect())
}

/// Writes checked rows (at most one per learner and course) and moves their figures in the
/// summaries: the per-row triggers stand still (`report_bulk`) while the old rows are noted
/// with sign -1, the rows are upserted, the new rows are noted with sign 1, and the difference
/// is added to the summaries by `report_sync::add_contributions` (the sums the triggers keep).
pub async fn write_rows(
    tx: &mut SqliteConnection,
    org: OrgId,
    rows: &[CheckedProgress],
) -> Result<(), AppError> {
    let incoming: Vec<serde_json::Value> = rows
        .iter()
        .map(|p| {
            serde_json::json!([
                p.user,
                p.course,
                p.status,
                p.percent,
                p.lessons_done,
                p.score,
                p.time_spent_seconds,
                p.at
            ])
        })
        .collect();
    let incoming = serde_json::Value::Array(incoming).to_string();
    const COLUMNS: &str =
        "organization_id, user_id, course_id, removed, assigned, status, score, time_spent_seconds,
                           due_date, completed_at, last_activity_at";
    // (statement, how many of ?1 = org and ?2 = the rows it uses)
    let statements: [(String, u8); 9] = [
        ("CREATE TEMP TABLE IF NOT EXISTS progress_incoming (
            user_id INTEGER NOT NULL, course_id INTEGER NOT NULL, status TEXT NOT NULL, percent INTEGER NOT NULL,
            lessons_done INTEGER NOT NULL, score REAL, time_spent_seconds INTEGER NOT NULL, at TEXT NOT NULL,
            PRIMARY KEY (user_id, course_id))"
            .to_string(), 0),
        ("CREATE TEMP TABLE IF NOT EXISTS progress_delta (
            organization_id INTEGER, user_id INTEGER, course_id INTEGER, removed INTEGER, assigned INTEGER,
            status TEXT, score REAL, time_spent_seconds INTEGER, due_date TEXT, completed_at TEXT,
            last_activity_at TEXT, sign INTEGER)"
            .to_string(), 0),
        ("DELETE FROM temp.progress_incoming".into(), 0),
        ("DELETE FROM temp.progress_delta".into(), 0),
        ("INSERT INTO temp.progress_incoming
         SELECT ?1 * 0 + (value ->> 0), value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
                value ->> 7
         FROM json_each(?2)"
            .into(), 2),
        ("INSERT INTO report_bulk (organization_id) VALUES (?1)".into(), 1),
        (format!(
            "INSERT INTO temp.progress_delta SELECT {COLUMNS}, -1 FROM progress
             WHERE organization_id = ?1 AND (user_id, course_id) IN (SELECT user_id, course_id FROM temp.progress_incoming)"
        ), 1),
        ("INSERT INTO progress (organization_id, user_id, course_id, status, percent, lessons_done, score,
                               time_spent_seconds, started_at, completed_at, last_activity_at)
         SELECT ?1, i.user_id, i.course_id, i.status, i.percent, i.lessons_done, i.score, i.time_spent_seconds,
                CASE WHEN i.status = 'not_started' THEN NULL ELSE i.at END,
                CASE WHEN i.status = 'completed' THEN i.at END, i.at
         FROM temp.progress_incoming i WHERE true
         ON CONFLICT (organization_id, user_id, course_id) DO UPDATE SET
            status = excluded.status, percent = excluded.percent, lessons_done = excluded.lessons_done,
            score = excluded.score, time_spent_seconds = excluded.time_spent_seconds,
            started_at = coalesce(progress.started_at, excluded.started_at),
            completed_at = CASE WHEN excluded.status = 'completed'
                                THEN coalesce(progress.completed_at, excluded.completed_at) END,
            last_activity_at = max(coalesce(progress.last_activity_at, ''), excluded.last_activity_at)"
            .into(), 1),
        (format!(
            "INSERT INTO temp.progress_delta SELECT {COLUMNS}, 1 FROM progress
             WHERE organization_id = ?1 AND (user_id, course_id) IN (SELECT user_id, course_id FROM temp.progress_incoming)"
        ), 1),
    ];
    for (sql, params) in &statements {
        let mut q = sqlx::query(sql);
        if *params >= 1 {
            q = q.bind(org);
        }
        if *params >= 2 {
            q = q.bind(&incoming);
        }
        q.execute(&mut *tx).await?;
    }
    crate::server::repo::report_sync::add_contributions(&mut *tx, org, "temp.progress_delta").await?;
    for sql in [
        "DELETE FROM report_bulk",
        "DELETE FROM temp.progress_incoming",
        "DELETE FROM temp.progress_delta",
    ] {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    Ok(())
}

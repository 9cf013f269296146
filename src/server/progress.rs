//! Progress recorded for learners from outside (the REST API): every row checked by
//! `domain::progress` first, then all written in the caller's transaction or none. The report
//! triggers carry each row into the summaries in that same transaction.

use std::collections::{HashMap, HashSet};

use sqlx::SqliteConnection;

use super::audit::{self, Actor};
use crate::domain::ids::OrgId;
use crate::domain::progress::{check_all, ProgressInput, RowError, RowFacts};
use crate::error::AppError;

/// Checks and writes `rows` for `org` inside `tx` (a `BEGIN IMMEDIATE` transaction the caller
/// commits). `Ok(Err(..))` lists every refused row; then nothing was written.
pub async fn record_in(
    tx: &mut SqliteConnection,
    org: OrgId,
    actor: &Actor,
    rows: &[ProgressInput],
) -> Result<Result<usize, Vec<RowError>>, AppError> {
    let members: HashSet<i64> = if rows.len() <= 64 {
        // A few rows: ask about their people only, not the whole organization.
        let mut found = HashSet::new();
        for id in rows.iter().map(|r| r.user_id).collect::<HashSet<_>>() {
            let active: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM memberships WHERE organization_id = ?1 AND user_id = ?2 AND status = 'active'",
            )
            .bind(org)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            found.extend(active);
        }
        found
    } else {
        sqlx::query_scalar("SELECT user_id FROM memberships WHERE organization_id = ?1 AND status = 'active'")
            .bind(org)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect()
    };
    let lessons: HashMap<i64, i64> = sqlx::query_as("SELECT id, lesson_count FROM courses")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
    let now = super::repo::now();
    let checked = match check_all(
        rows,
        |r| RowFacts {
            is_member: members.contains(&r.user_id),
            lesson_count: lessons.get(&r.course_id).copied(),
        },
        &now,
    ) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    for p in &checked {
        sqlx::query(
            "INSERT INTO progress (organization_id, user_id, course_id, status, percent, lessons_done, score,
                                   time_spent_seconds, started_at, completed_at, last_activity_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                     CASE WHEN ?4 = 'not_started' THEN NULL ELSE ?9 END,
                     CASE WHEN ?4 = 'completed' THEN ?9 END, ?9)
             ON CONFLICT (organization_id, user_id, course_id) DO UPDATE SET
                status = excluded.status, percent = excluded.percent, lessons_done = excluded.lessons_done,
                score = excluded.score, time_spent_seconds = excluded.time_spent_seconds,
                started_at = coalesce(progress.started_at, excluded.started_at),
                completed_at = CASE WHEN excluded.status = 'completed'
                                    THEN coalesce(progress.completed_at, excluded.completed_at) END,
                last_activity_at = max(coalesce(progress.last_activity_at, ''), excluded.last_activity_at)",
        )
        .bind(org)
        .bind(p.user)
        .bind(p.course)
        .bind(p.status)
        .bind(p.percent)
        .bind(p.lessons_done)
        .bind(p.score)
        .bind(p.time_spent_seconds)
        .bind(&p.at)
        .execute(&mut *tx)
        .await?;
    }
    let details = match checked.as_slice() {
        [one] => serde_json::json!({
            "rows": 1, "user_id": one.user, "course_id": one.course, "status": one.status, "percent": one.percent,
        }),
        many => serde_json::json!({ "rows": many.len() }),
    };
    let entry = audit::Entry::new(actor, "progress.recorded", "organization", org)
        .in_org(org)
        .details(details);
    audit::record(&mut *tx, entry).await?;
    Ok(Ok(checked.len()))
}

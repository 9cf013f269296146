//! Progress recorded from outside (the REST API): every row checked, then all written in one
//! transaction or none; a retry under the same `Idempotency-Key` gets the first answer again.

use crate::domain::audit::AuditAction;
use std::collections::HashSet;

use sqlx::{SqliteConnection, SqlitePool};

use super::caller::Caller;
use crate::domain::ids::OrgId;
use crate::domain::progress::{check_all, ProgressInput, RowError, RowFacts};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::repo::{idempotency, progress};

/// The retry key of a write: the caller's key and the SHA-256 of the request it came with.
#[derive(Debug, Clone)]
pub struct Idempotency {
    /// The `Idempotency-Key`.
    pub key: String,
    /// SHA-256 of the request body, hex.
    pub request_hash: String,
}

/// What one write came to.
#[derive(Debug, Clone)]
pub enum Recorded {
    /// Written now: how many rows.
    Written(usize),
    /// Answered before under the same key: that answer's status and body.
    Replay(u16, String),
    /// Rows refused; nothing written.
    Refused(Vec<RowError>),
}

/// Checks and writes `rows` for `org`. With `retry`, the answer (`answer(written)`, the body the
/// adapter sends) is kept a day under the caller's key in the same transaction; an API token's
/// key is its own.
pub async fn record(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    rows: &[ProgressInput],
    retry: Option<&Idempotency>,
    answer: impl Fn(usize) -> Result<String, AppError>,
) -> Result<Recorded, AppError> {
    let access = caller.require(db, org, Action::RecordProgress).await?;
    let token = match caller {
        Caller::Token(t) => Some(t.token_id),
        _ => None,
    };
    let retry = retry.zip(token);
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some((retry, token)) = retry {
        if let Some(seen) = idempotency::find(&mut *tx, token, &retry.key).await? {
            if seen.request_hash != retry.request_hash {
                return Err(AppError::Conflict(
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new request."
                        .into(),
                ));
            }
            return Ok(Recorded::Replay(seen.status as u16, seen.body));
        }
    }
    let written = match record_in(&mut tx, org, &access.actor(), rows).await? {
        Ok(n) => n,
        Err(errors) => return Ok(Recorded::Refused(errors)),
    };
    if let Some((retry, token)) = retry {
        let now = crate::server::repo::now();
        idempotency::forget_old(&mut *tx, token, &now).await?;
        idempotency::keep(
            &mut *tx,
            token,
            &retry.key,
            &retry.request_hash,
            &answer(written)?,
            &now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Recorded::Written(written))
}

/// Checks and writes `rows` for `org` inside `tx` (a `BEGIN IMMEDIATE` transaction the caller
/// commits), with the audit row. `Ok(Err(..))` lists every refused row; then nothing was
/// written.
pub async fn record_in(
    tx: &mut SqliteConnection,
    org: OrgId,
    actor: &Actor,
    rows: &[ProgressInput],
) -> Result<Result<usize, Vec<RowError>>, AppError> {
    let members = if rows.len() <= 64 {
        let people: HashSet<i64> = rows.iter().map(|r| r.user_id).collect();
        progress::active_among(&mut *tx, org, &people).await?
    } else {
        progress::active_all(&mut *tx, org).await?
    };
    let lessons = progress::lesson_counts(&mut *tx).await?;
    let now = crate::server::repo::now();
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
    progress::write_rows(&mut *tx, org, &checked).await?;
    let details = match checked.as_slice() {
        [one] => serde_json::json!({
            "rows": 1, "user_id": one.user, "course_id": one.course, "status": one.status, "percent": one.percent,
        }),
        many => serde_json::json!({ "rows": many.len() }),
    };
    let entry = audit::Entry::new(actor, AuditAction::ProgressRecorded, "organization", org)
        .in_org(org)
        .details(details);
    audit::record(&mut *tx, entry).await?;
    Ok(Ok(checked.len()))
}

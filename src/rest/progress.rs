//! Progress from an LMS: one event, or up to 10,000 rows in one all-or-nothing request.
//! Both accept an `Idempotency-Key`: a retry with the same key and body gets the first answer
//! and changes nothing; the same key with another body is refused.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::{ApiError, ApiResult};
use super::{Ctx, PathParams};
use crate::domain::ids::OrgId;
use crate::domain::progress::{ProgressInput, MAX_BULK_ROWS};
use crate::error::AppError;
use crate::server::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_one))
        .routes(routes!(record_bulk))
}

/// One progress row (see the field notes for defaults).
#[derive(Debug, Deserialize, ToSchema)]
#[expect(
    dead_code,
    reason = "the schema of `ProgressInput`, for the OpenAPI document: never built"
)]
struct ProgressRow {
    /// The learner (an active member of the organization).
    user_id: i64,
    /// The course.
    course_id: i64,
    /// `not_started`, `in_progress` or `completed`.
    status: String,
    /// 0–100; left out: 100 when completed, 0 when not started, from `lessons_done` otherwise.
    percent: Option<i64>,
    /// Lessons done (up to the course's lesson count); left out: all when completed, else 0.
    lessons_done: Option<i64>,
    /// Score 0–100.
    score: Option<f64>,
    /// Total time spent, in seconds.
    time_spent_seconds: Option<i64>,
    /// When it happened, `YYYY-MM-DDTHH:MM:SSZ`; left out: now.
    at: Option<String>,
}

/// Up to 10,000 rows, written all together or not at all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct BulkProgress {
    /// The rows; one learner and course at most once.
    #[schema(value_type = Vec<ProgressRow>)]
    rows: Vec<ProgressInput>,
}

/// How many rows were written.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Recorded {
    /// Rows written.
    pub recorded: usize,
}

/// The `Idempotency-Key` header, checked.
fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match v.to_str().map(str::trim) {
        Ok(k) if !k.is_empty() && k.len() <= 200 => Ok(Some(k.to_string())),
        _ => Err(AppError::invalid(
            "Idempotency-Key",
            "Send an Idempotency-Key of 1 to 200 visible characters (a UUID works well).",
        )
        .into()),
    }
}

/// Writes `rows` once per idempotency key, in one transaction with the key's record.
async fn write(
    ctx: &Ctx,
    org: OrgId,
    key: Option<String>,
    body: &[u8],
    rows: Vec<ProgressInput>,
) -> ApiResult<Response> {
    use crate::service::progress::{record, Idempotency, Recorded as Outcome};
    let single = rows.len() == 1;
    let retry = key.map(|key| Idempotency {
        key,
        request_hash: hex::encode(Sha256::digest(body)),
    });
    let answer =
        |recorded: usize| serde_json::to_string(&Recorded { recorded }).map_err(|_| AppError::Internal);
    let outcome = record(ctx.db(), &ctx.caller(), org, &rows, retry.as_ref(), answer).await?;
    let json = |status: StatusCode, body: String| {
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res
    };
    Ok(match outcome {
        Outcome::Written(recorded) => json(StatusCode::OK, answer(recorded)?),
        Outcome::Replay(status, body) => {
            let mut res = json(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            res
        }
        // One event: its error is the request's error, without a row list.
        Outcome::Refused(mut errors) if single && errors.len() == 1 => {
            let e = errors.remove(0);
            ApiError::from(AppError::invalid(&e.field, e.message)).into_response()
        }
        Outcome::Refused(errors) => ApiError::rows_refused(errors).into_response(),
    })
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("The JSON body could not be read: {e}")))
}

/// Record one learner's progress in one course.
#[utoipa::path(post, path = "/orgs/{org}/progress", tag = "Progress", request_body = ProgressRow,
    params(("org" = i64, Path, description = "Organization id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 200, body = Recorded), (status = 422, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
async fn record_one(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let row: ProgressInput = parse(&body)?;
    write(&ctx, OrgId(org), key, &body, vec![row]).await
}

/// Record up to 10,000 rows in one transaction: all written, or none with every refused row
/// named.
#[utoipa::path(post, path = "/orgs/{org}/progress/bulk", tag = "Progress", request_body = BulkProgress,
    params(("org" = i64, Path, description = "Organization id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 200, body = Recorded), (status = 422, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
async fn record_bulk(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let bulk: BulkProgress = parse(&body)?;
    if bulk.rows.is_empty() || bulk.rows.len() > MAX_BULK_ROWS {
        return Err(AppError::invalid(
            "rows",
            format!("Send 1 to {MAX_BULK_ROWS} rows; split bigger loads into several requests."),
        )
        .into());
    }
    write(&ctx, OrgId(org), key, &body, bulk.rows).await
}

//! API errors: `{"error": {"code": "...", "message": "...", "field": "..."}}` with the status
//! that fits. Built from `AppError`, so no internals ever reach the body.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::api_tokens::Scope;
use crate::error::AppError;

/// The error object.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: `unauthorized`, `forbidden`, `missing_scope`, `not_found`,
    /// `bad_request`, `validation_failed`, `conflict`, `rate_limited`, `internal`.
    pub code: String,
    /// What went wrong and what to do, for people.
    pub message: String,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For bulk requests: every refused row (nothing was written).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowProblem>,
}

/// One refused row of a bulk request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowProblem {
    /// Its position in `rows`, from 0.
    pub row: usize,
    /// The field at fault.
    pub field: String,
    /// What was wrong.
    pub message: String,
}

/// Every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// An error on its way to the client.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
    /// Seconds to wait (429).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>, field: Option<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                error: ErrorDetail {
                    code: code.into(),
                    message: message.into(),
                    field,
                    rows: Vec::new(),
                },
            },
            retry_after: None,
        }
    }

    /// 401.
    pub fn unauthorized(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message, None)
    }

    /// 403 for a token without the scope the method needs.
    pub fn missing_scope(needed: Scope) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "missing_scope",
            format!(
                "This token lacks the {} scope. Create a token with read and write access for changes.",
                needed.as_str()
            ),
            None,
        )
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Too many requests with this token. Retry in {seconds} s."),
            None,
        );
        e.retry_after = Some(seconds);
        e
    }

    /// 422 naming every refused row of a bulk request.
    pub fn rows_refused(rows: Vec<crate::domain::progress::RowError>) -> Self {
        let first = rows.first().map(|r| (r.row, r.field.clone(), r.message.clone()));
        let (row, field, message) = first.unwrap_or_default();
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!(
                "{} of the rows {} refused, so nothing was written. Row {row}: {message}",
                rows.len(),
                if rows.len() == 1 { "was" } else { "were" }
            ),
            Some(format!("rows[{row}].{field}")),
        );
        e.body.error.rows = rows
            .into_iter()
            .map(|r| RowProblem {
                row: r.row,
                field: r.field,
                message: r.message,
            })
            .collect();
        e
    }

    /// 400 for a body or query that could not be read at all.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message, None)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        // The status comes from the one table in `AppError::status_code`; this adds the code
        // and, for the few kinds that need it, the API's own wording.
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = e.to_string();
        match e {
            AppError::Unauthorized | AppError::BadCredentials => Self::unauthorized(&message),
            AppError::Forbidden => Self::new(
                status,
                "forbidden",
                "This token may not do this: it belongs to another kind of caller (an organization token \
                 cannot use platform-wide endpoints) or the organization's plan does not include it.",
                None,
            ),
            AppError::NotFound => Self::new(status, "not_found", message, None),
            AppError::Invalid { field, message } => {
                Self::new(status, "validation_failed", message, Some(field))
            }
            AppError::Request(m) => Self::new(status, "bad_request", m, None),
            AppError::Conflict(m) => Self::new(status, "conflict", m, None),
            AppError::TooManyRequests { message, retry_after } => {
                let mut e = Self::new(status, "rate_limited", message, None);
                e.retry_after = Some(retry_after);
                e
            }
            AppError::Internal => Self::new(status, "internal", message, None),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(e).into()
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        Self::bad_request(format!("The JSON body could not be read: {}", e.body_text()))
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        Self::bad_request(format!("The query string could not be read: {}", e.body_text()))
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(e: axum::extract::rejection::PathRejection) -> Self {
        Self::bad_request(format!("The path could not be read: {}", e.body_text()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
        }
        res
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<T, ApiError>;

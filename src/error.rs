//! The one error type that crosses the wire between server functions and pages. How the
//! framework's own failures become one of these sits with the adapters (`api`).

use serde::{Deserialize, Serialize};

/// Every failure a page or an integrator can see. Messages are written for people;
/// nothing here ever carries SQL, file paths or panics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session ended.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but not allowed to do this.
    #[error("You do not have permission to do this.")]
    Forbidden,
    /// The thing asked for does not exist (or is not visible to this person).
    #[error("Not found.")]
    NotFound,
    /// One input was wrong; `message` says what to do.
    #[error("{message}")]
    Invalid {
        /// The form or API field at fault.
        field: String,
        /// What was wrong and how to fix it.
        message: String,
    },
    /// The change clashes with existing data (duplicate email, seat limit, ...).
    #[error("{0}")]
    Conflict(String),
    /// Email or password did not match; deliberately says which neither was.
    #[error("Wrong email or password.")]
    BadCredentials,
    /// Too many attempts (sign-in, invitations); `retry_after` seconds until the next may pass.
    #[error("{message}")]
    TooManyRequests {
        /// What was limited and how long to wait.
        message: String,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The request could not be read or sent (bad arguments, network).
    #[error("The request could not be completed: {0}")]
    Request(String),
    /// Something broke on our side; details are in the server log only.
    #[error("Something went wrong on our side. Please try again; if it keeps happening, contact support.")]
    Internal,
}

impl AppError {
    /// Shorthand for a validation error on `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The HTTP status this error maps to: one table for the pages' server functions and the
    /// REST API (docs/api.md).
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Request(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                AppError::Conflict("This already exists.".into())
            }
            _ => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %e, "session store error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_say_nothing_about_internals() {
        let text = AppError::Internal.to_string();
        assert!(!text.to_lowercase().contains("sql"));
        assert_eq!(AppError::Internal.status_code(), 500);
    }

    #[test]
    fn one_status_per_kind() {
        assert_eq!(AppError::invalid("email", "Enter one.").status_code(), 422);
        assert_eq!(AppError::Request("unreadable".into()).status_code(), 400);
        assert_eq!(AppError::Conflict("taken".into()).status_code(), 409);
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::BadCredentials.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::NotFound.status_code(), 404);
        let wait = AppError::TooManyRequests {
            message: "Wait.".into(),
            retry_after: 3,
        };
        assert_eq!(wait.status_code(), 429);
    }

    #[test]
    fn errors_survive_the_wire() {
        let e = AppError::invalid("email", "Enter an email address.");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
        assert_eq!(e.to_string(), "Enter an email address.");
    }
}

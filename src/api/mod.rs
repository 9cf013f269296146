//! Server functions: thin adapters from an HTTP request to `service`. Every one of them is a
//! public endpoint: it reads the caller (`server::auth::caller`), parses its input, calls the
//! service (which authorizes) and maps the answer.

pub mod account;
pub mod admin;
pub mod assignments;
pub mod audit;
pub mod auth;
pub mod courses;
pub mod invitations;
pub mod join;
pub mod member_tools;
pub mod members;
pub mod org_admin;
pub mod orgs;
pub mod outbox;
pub mod reports;
pub mod seat_benefits;
pub mod settings;
pub mod structure;
pub mod tokens;
pub mod types;
pub mod users;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::error::AppError;

/// The framework's own failures (unreadable arguments, a missing one, an unknown function) as
/// the error every page already shows.
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Request(m) => AppError::Request(m),
            ServerFnErrorErr::Deserialization(m) | ServerFnErrorErr::Serialization(m) => AppError::Request(m),
            ServerFnErrorErr::MissingArg(m) => AppError::invalid(&m, format!("`{m}` is required.")),
            ServerFnErrorErr::Registration(_) => AppError::NotFound,
            _ => AppError::Internal,
        }
    }
}

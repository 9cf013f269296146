//! SQL, one module per aggregate. Row types stay private to this layer.

pub mod access;
pub mod audit;
pub mod courses;
pub mod members;
pub mod memberships;
pub mod orgs;
pub mod reports;
pub mod structure;
pub mod types;
pub mod users;

/// Current time as stored in the database (ISO-8601 UTC, seconds).
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

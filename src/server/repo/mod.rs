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

/// The statement for one person or for everyone: with `one`, every `?2 IS NULL OR ` is dropped
/// so `(?2 IS NULL OR user_id = ?2)` reads `(user_id = ?2)` and SQLite uses the index on the
/// person (a bound parameter gives the planner no way to see that ?2 is set: the combined form
/// scans the whole organization). Each variant is its own cached prepared statement.
pub fn one_or_all(sql: &str, one: bool) -> String {
    if one {
        sql.replace("?2 IS NULL OR ", "")
    } else {
        sql.to_string()
    }
}

/// Current time as stored in the database (ISO-8601 UTC, seconds).
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

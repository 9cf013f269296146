//! What the browser may know about the signed-in person.

use serde::{Deserialize, Serialize};

use super::ids::UserId;

/// The signed-in person, as shown in the header and used to build the navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// Account id.
    pub id: UserId,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Runs the whole platform (Admin area).
    pub is_platform_admin: bool,
    /// Owner, organization admin, department admin or manager of at least one active organization.
    pub manages_any: bool,
}

/// Whether a session signed in at `signed_in_at` (Unix seconds) has outlived `max_hours` at
/// `now`. Sessions from before the limit existed (`signed_in_at == 0`) count as outlived.
pub fn session_outlived(signed_in_at: i64, now: i64, max_hours: i64) -> bool {
    signed_in_at <= 0 || now - signed_in_at >= max_hours * 3600
}

/// Whether a session last seen at `last_seen` (Unix seconds) has been idle for `idle_minutes`.
pub fn session_idle(last_seen: i64, now: i64, idle_minutes: i64) -> bool {
    now - last_seen >= idle_minutes * 60
}

/// How often a session's "last seen" is written (seconds): at most one write per session this
/// often, however many requests it makes.
pub const SESSION_TOUCH_SECONDS: i64 = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_after_the_idle_limit() {
        assert!(!session_idle(1_000, 1_000 + 30 * 60 - 1, 30));
        assert!(session_idle(1_000, 1_000 + 30 * 60, 30));
    }

    #[test]
    fn sessions_end_at_the_absolute_limit() {
        let start = 1_000_000;
        assert!(!session_outlived(start, start, 8));
        assert!(!session_outlived(start, start + 8 * 3600 - 1, 8));
        assert!(session_outlived(start, start + 8 * 3600, 8));
        assert!(session_outlived(0, start, 8), "sessions without a start time end");
    }
}

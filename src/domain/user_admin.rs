//! Admin > Users: what an admin sees of an account, and the rules for changing its standing.

use serde::{Deserialize, Serialize};

use super::ids::{OrgId, UserId};
use super::role::Role;
use crate::error::AppError;

/// One of a person's memberships, as listed in Admin > Users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipBrief {
    /// The organization.
    pub org_id: OrgId,
    /// Its name.
    pub org_name: String,
    /// Its slug.
    pub org_slug: String,
    /// Role there.
    pub role: Role,
    /// active / invited / removed.
    pub status: String,
    /// Names of their teams in that organization.
    pub teams: Vec<String>,
}

/// An account as platform admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListItem {
    /// Account id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Runs the platform.
    pub is_platform_admin: bool,
    /// Cannot sign in.
    pub is_disabled: bool,
    /// Last successful sign-in (UTC), if any.
    pub last_sign_in_at: Option<String>,
    /// Every membership, removed ones included.
    pub memberships: Vec<MembershipBrief>,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows on this page.
    pub items: Vec<T>,
    /// Rows matching the filter, on all pages.
    pub total: i64,
    /// 1-based page number.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

impl<T> Page<T> {
    /// Number of pages (at least one).
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }

    /// The row offset of a 1-based page number, clamping nonsense to the first page.
    pub fn offset(page: i64, per_page: i64) -> i64 {
        (page.max(1) - 1) * per_page
    }
}

/// A change to an account's standing that could lock everyone out of the admin area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingChange {
    /// Disable the account.
    Disable,
    /// Take away platform admin.
    RevokeAdmin,
}

/// Refuses changes that would leave the platform without an active platform admin, and
/// stops admins from disabling or demoting themselves by accident (another admin must do it).
/// `active_admins` counts enabled platform admins, the target included if it is one.
pub fn check_standing_change(
    change: StandingChange,
    target_is_active_admin: bool,
    active_admins: i64,
    acting_on_self: bool,
) -> Result<(), AppError> {
    if acting_on_self {
        let what = match change {
            StandingChange::Disable => "disable your own account",
            StandingChange::RevokeAdmin => "revoke your own platform admin rights",
        };
        return Err(AppError::Conflict(format!(
            "You cannot {what}. Ask another platform admin."
        )));
    }
    if target_is_active_admin && active_admins <= 1 {
        return Err(AppError::Conflict(
            "This is the last active platform admin. Make someone else a platform admin first.".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_active_admin_is_never_disabled_or_demoted() {
        for change in [StandingChange::Disable, StandingChange::RevokeAdmin] {
            assert!(check_standing_change(change, true, 1, false).is_err());
            assert!(check_standing_change(change, true, 0, false).is_err());
            assert!(check_standing_change(change, true, 2, false).is_ok());
            // A plain user can always be disabled, even when only one admin exists.
            assert!(check_standing_change(change, false, 1, false).is_ok());
            // Nobody acts on themselves.
            assert!(check_standing_change(change, true, 5, true).is_err());
        }
    }

    #[test]
    fn pages_are_counted_and_offsets_clamped() {
        let p = Page::<()> {
            items: vec![],
            total: 51,
            page: 1,
            per_page: 25,
        };
        assert_eq!(p.pages(), 3);
        let empty = Page::<()> {
            items: vec![],
            total: 0,
            page: 1,
            per_page: 25,
        };
        assert_eq!(empty.pages(), 1);
        assert_eq!(Page::<()>::offset(0, 25), 0);
        assert_eq!(Page::<()>::offset(-4, 25), 0);
        assert_eq!(Page::<()>::offset(3, 25), 50);
    }
}

//! Organizations as the pages see them.

use serde::{Deserialize, Serialize};

use super::ids::OrgId;
use super::role::Role;

/// What a person experiences of an organization's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgStatus {
    /// Members have access.
    Active,
    /// Past its expiry date: members lose access, data is kept.
    Expired,
    /// Suspended by a platform admin: members lose access, data is kept.
    Suspended,
    /// Archived: read-only history.
    Archived,
}

impl OrgStatus {
    /// The effective status from the stored one and the expiry (ISO-8601 UTC strings compare
    /// in time order). Suspension and archiving win over expiry.
    pub fn effective(stored: &str, expires_at: Option<&str>, now: &str) -> OrgStatus {
        match stored {
            "suspended" => OrgStatus::Suspended,
            "archived" => OrgStatus::Archived,
            _ if expires_at.is_some_and(|e| e <= now) => OrgStatus::Expired,
            _ => OrgStatus::Active,
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            OrgStatus::Active => "Active",
            OrgStatus::Expired => "Expired",
            OrgStatus::Suspended => "Suspended",
            OrgStatus::Archived => "Archived",
        }
    }
}

/// The status a platform admin sets (expiry is not set, it comes with the date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredStatus {
    /// Members have access (unless it expired).
    Active,
    /// Members lose access, data is kept.
    Suspended,
    /// Read-only history.
    Archived,
}

impl StoredStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            StoredStatus::Active => "active",
            StoredStatus::Suspended => "suspended",
            StoredStatus::Archived => "archived",
        }
    }
}

impl std::str::FromStr for StoredStatus {
    type Err = crate::error::AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(StoredStatus::Active),
            "suspended" => Ok(StoredStatus::Suspended),
            "archived" => Ok(StoredStatus::Archived),
            _ => Err(crate::error::AppError::invalid(
                "status",
                "Choose active, suspended or archived.",
            )),
        }
    }
}

/// One row of an organization list (admin list, dashboard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    /// Id.
    pub id: OrgId,
    /// Display name.
    pub name: String,
    /// URL name, unique.
    pub slug: String,
    /// Organization type, if any.
    pub type_name: Option<String>,
    /// Owner's email.
    pub owner_email: String,
    /// Effective status.
    pub status: OrgStatus,
    /// Seats taken by active members and pending invitations.
    pub seats_used: i64,
    /// Seats bought.
    pub seat_count: i64,
    /// Expiry (ISO-8601 UTC), none = never.
    pub expires_at: Option<String>,
    /// The viewer's role there, when listed for a member.
    pub my_role: Option<Role>,
}

/// Platform totals on the admin landing page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformOverview {
    /// Organizations of every status.
    pub organizations: i64,
    /// Accounts.
    pub users: i64,
    /// Catalog courses.
    pub courses: i64,
    /// Organization types.
    pub organization_types: i64,
    /// The first organizations by name.
    pub recent: Vec<OrgSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_status_follows_expiry_unless_suspended_or_archived() {
        let now = "2026-06-01T00:00:00Z";
        assert_eq!(OrgStatus::effective("active", None, now), OrgStatus::Active);
        assert_eq!(
            OrgStatus::effective("active", Some("2026-07-01T00:00:00Z"), now),
            OrgStatus::Active
        );
        assert_eq!(
            OrgStatus::effective("active", Some("2026-05-01T00:00:00Z"), now),
            OrgStatus::Expired
        );
        assert_eq!(OrgStatus::effective("active", Some(now), now), OrgStatus::Expired);
        assert_eq!(
            OrgStatus::effective("suspended", Some("2026-05-01T00:00:00Z"), now),
            OrgStatus::Suspended
        );
        assert_eq!(OrgStatus::effective("archived", None, now), OrgStatus::Archived);
    }
}

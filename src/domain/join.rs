//! Joining without an invitation: which organizations offer a join page, and what it shows.

use serde::{Deserialize, Serialize};

use super::ids::{OrgId, UserId};
use super::org::StoredStatus;
use super::org_type::{MembershipPolicy, Visibility};

/// What the join page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinView {
    /// The organization's name.
    pub org_name: String,
    /// The email domains that may join.
    pub domains: Vec<String>,
    /// Whether joining needs an administrator's approval.
    pub needs_approval: bool,
    /// The signed-in person's email, if any.
    pub signed_in_as: Option<String>,
}

/// A pending request on the Members tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct JoinRequestRow {
    /// The request.
    pub id: i64,
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// When they asked.
    pub created_at: String,
}

/// An organization's join settings as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct JoinSettings {
    /// Id.
    pub id: OrgId,
    /// Name.
    pub name: String,
    /// Who can find it.
    pub visibility: Visibility,
    /// How people join.
    pub membership_policy: MembershipPolicy,
    /// The auto-join email domains, separated by commas or spaces.
    pub auto_join_domains: String,
    /// Stored status.
    pub status: StoredStatus,
    /// Expiry, if any.
    pub expires_at: Option<String>,
}

/// An organization that offers a join page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joinable {
    /// Id.
    pub id: OrgId,
    /// Name.
    pub name: String,
    /// The email domains that may join.
    pub domains: Vec<String>,
    /// Whether a request waits for an administrator.
    pub needs_approval: bool,
}

impl JoinSettings {
    /// The join page these settings offer at `now`: only a live, public organization whose
    /// policy is open or approval and that names at least one domain has one.
    pub fn joinable(self, now: &str) -> Option<Joinable> {
        let domains: Vec<String> = self
            .auto_join_domains
            .split([',', ' '])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        let live = self.status == StoredStatus::Active && self.expires_at.as_deref().is_none_or(|e| e > now);
        let offers =
            self.visibility == Visibility::Public && self.membership_policy != MembershipPolicy::InviteOnly;
        (offers && live && !domains.is_empty()).then(|| Joinable {
            id: self.id,
            name: self.name,
            domains,
            needs_approval: self.membership_policy == MembershipPolicy::Approval,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> JoinSettings {
        JoinSettings {
            id: OrgId(1),
            name: "Northwind".into(),
            visibility: Visibility::Public,
            membership_policy: MembershipPolicy::Open,
            auto_join_domains: "northwind.example, nw.example".into(),
            status: StoredStatus::Active,
            expires_at: None,
        }
    }

    const NOW: &str = "2026-12-01T10:00:00Z";

    #[test]
    fn a_public_open_live_organization_with_domains_offers_a_join_page() {
        let j = settings().joinable(NOW).unwrap();
        assert_eq!(j.domains, vec!["northwind.example", "nw.example"]);
        assert!(!j.needs_approval);
        let approval = JoinSettings {
            membership_policy: MembershipPolicy::Approval,
            ..settings()
        };
        assert!(approval.joinable(NOW).unwrap().needs_approval);
    }

    #[test]
    fn private_invite_only_domainless_suspended_or_expired_offer_none() {
        let cases = [
            JoinSettings {
                visibility: Visibility::Private,
                ..settings()
            },
            JoinSettings {
                visibility: Visibility::Hidden,
                ..settings()
            },
            JoinSettings {
                membership_policy: MembershipPolicy::InviteOnly,
                ..settings()
            },
            JoinSettings {
                auto_join_domains: " , ".into(),
                ..settings()
            },
            JoinSettings {
                status: StoredStatus::Suspended,
                ..settings()
            },
            JoinSettings {
                status: StoredStatus::Archived,
                ..settings()
            },
            JoinSettings {
                expires_at: Some("2026-12-01T09:59:59Z".into()),
                ..settings()
            },
        ];
        for case in cases {
            assert_eq!(case.clone().joinable(NOW), None, "{case:?}");
        }
        let later = JoinSettings {
            expires_at: Some("2026-12-02T00:00:00Z".into()),
            ..settings()
        };
        assert!(later.joinable(NOW).is_some());
    }
}

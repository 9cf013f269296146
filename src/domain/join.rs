//! Joining without an invitation: which organizations are listed on `/organizations`, which
//! offer a join page, who may join from it, and what it shows.
//!
//! | Visibility | Listed on `/organizations` | Join page |
//! |---|---|---|
//! | Public | yes | yes |
//! | Hidden | no | reachable by its address only |
//! | Private | no | none; invitations only |
//!
//! | Membership | Who may join |
//! |---|---|
//! | Open | any signed-in person with a verified address, limited to the auto-join domains when any are set |
//! | Approval | anyone asks; an owner or admin decides |
//! | Invite only | no self-joining |
//!
//! A join page also needs the organization's plan to include self-registration, and the
//! organization to be live (active, not expired).

use serde::{Deserialize, Serialize};

use super::ids::{OrgId, UserId};
use super::org::StoredStatus;
use super::org_type::{MembershipPolicy, Visibility};

/// What the join page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinView {
    /// The organization's name.
    pub org_name: String,
    /// The email domains that may join (empty: any address).
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
    /// Whether the plan includes self-registration (joining without an invitation).
    pub allow_domain_registration: bool,
}

/// An organization that offers a join page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joinable {
    /// Id.
    pub id: OrgId,
    /// Name.
    pub name: String,
    /// The email domains that may join at once (open policy); empty: any address.
    pub domains: Vec<String>,
    /// Whether a request waits for an administrator.
    pub needs_approval: bool,
}

impl Joinable {
    /// Whether `email` may use the join page: anyone may ask (approval); an open organization
    /// with auto-join domains takes addresses at those domains only.
    pub fn admits(&self, email: &str) -> bool {
        self.needs_approval
            || self.domains.is_empty()
            || crate::domain::members::email_in_domains(email, &self.domains)
    }
}

/// Why an organization offers no join page, for its Settings (`None`: it offers one).
pub fn no_join_page_reason(
    visibility: Visibility,
    policy: MembershipPolicy,
    self_registration: bool,
) -> Option<String> {
    if visibility == Visibility::Private {
        Some("Private organizations have no join page: people join by invitation only.".into())
    } else if policy == MembershipPolicy::InviteOnly {
        Some("Membership is invite only, so there is no join page.".into())
    } else if !self_registration {
        let missing = crate::domain::features::Feature::SelfRegistration.missing_message();
        Some(format!("There is no join page. {missing}"))
    } else {
        None
    }
}

impl JoinSettings {
    /// Whether the organization is live at `now` (active, not expired).
    fn live(&self, now: &str) -> bool {
        self.status == StoredStatus::Active && self.expires_at.as_deref().is_none_or(|e| e > now)
    }

    /// Whether `/organizations` lists it at `now`: public and live.
    pub fn listed(&self, now: &str) -> bool {
        self.visibility == Visibility::Public && self.live(now)
    }

    /// The join page these settings offer at `now`: a live organization that is not private,
    /// whose policy is open or approval, and whose plan includes self-registration.
    pub fn joinable(self, now: &str) -> Option<Joinable> {
        let domains: Vec<String> = self
            .auto_join_domains
            .split([',', ' '])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        let offers = no_join_page_reason(
            self.visibility,
            self.membership_policy,
            self.allow_domain_registration,
        )
        .is_none();
        (offers && self.live(now)).then(|| Joinable {
            id: self.id,
            name: self.name,
            domains,
            needs_approval: self.membership_policy == MembershipPolicy::Approval,
        })
    }
}

/// One organization on the public page `/organizations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedOrg {
    /// Its name.
    pub name: String,
    /// Its slug (the join page is `/join/{slug}`).
    pub slug: String,
    /// Its description.
    pub description: String,
    /// How people join: `None` when only by invitation.
    pub join: Option<JoinKind>,
}

/// How one joins a listed organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinKind {
    /// At once, from addresses at these domains (empty: any verified address).
    Open(Vec<String>),
    /// By asking; an administrator decides.
    Approval,
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
            allow_domain_registration: true,
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
    fn hidden_organizations_have_a_join_page_but_are_not_listed() {
        let hidden = JoinSettings {
            visibility: Visibility::Hidden,
            ..settings()
        };
        assert!(!hidden.listed(NOW));
        assert!(hidden.joinable(NOW).is_some());
        assert!(settings().listed(NOW));
        let private = JoinSettings {
            visibility: Visibility::Private,
            ..settings()
        };
        assert!(!private.listed(NOW));
    }

    #[test]
    fn open_needs_no_domain_and_domains_limit_open_joins_only() {
        let anyone = JoinSettings {
            auto_join_domains: " , ".into(),
            ..settings()
        }
        .joinable(NOW)
        .unwrap();
        assert!(anyone.domains.is_empty() && anyone.admits("someone@anywhere.example"));
        let open = settings().joinable(NOW).unwrap();
        assert!(open.admits("a@nw.example") && !open.admits("a@elsewhere.example"));
        let approval = JoinSettings {
            membership_policy: MembershipPolicy::Approval,
            ..settings()
        }
        .joinable(NOW)
        .unwrap();
        assert!(approval.admits("a@elsewhere.example"), "anyone may ask");
    }

    #[test]
    fn why_there_is_no_join_page() {
        use MembershipPolicy::*;
        use Visibility::*;
        assert!(no_join_page_reason(Private, Open, true)
            .unwrap()
            .contains("invitation only"));
        assert!(no_join_page_reason(Public, InviteOnly, true)
            .unwrap()
            .contains("invite only"));
        assert!(no_join_page_reason(Hidden, Approval, false)
            .unwrap()
            .contains("Plan features"));
        assert_eq!(no_join_page_reason(Hidden, Approval, true), None);
    }

    #[test]
    fn private_invite_only_unregistered_suspended_or_expired_offer_none() {
        let cases = [
            JoinSettings {
                visibility: Visibility::Private,
                ..settings()
            },
            JoinSettings {
                membership_policy: MembershipPolicy::InviteOnly,
                ..settings()
            },
            JoinSettings {
                allow_domain_registration: false,
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

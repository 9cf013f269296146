//! Admin > Organizations: the organization form, its rules, and the admin list's filters.

use serde::{Deserialize, Serialize};

use super::ids::{OrgId, OrgTypeId};
use super::org::OrgStatus;
use super::org_type::{MembershipPolicy, Visibility};
use super::validate;
use crate::error::AppError;

/// Turns a name into a URL name: lower-case ASCII letters and digits joined by single dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => 'a',
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => 'o',
            'ü' | 'ù' | 'ú' | 'û' => 'u',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            'ß' => 's',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(80).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "org".into()
    } else {
        slug
    }
}

/// The first free slug: `base`, then `base-2`, `base-3`, ...
pub fn unique_slug(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.iter().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_string())
}

/// Seats may never be set below the seats in use; the message gives both numbers.
pub fn check_seat_count(requested: i64, in_use: i64) -> Result<(), AppError> {
    if requested < 0 {
        return Err(AppError::invalid(
            "seat_count",
            "Enter a seat count of 0 or more.",
        ));
    }
    if requested < in_use {
        return Err(AppError::invalid(
            "seat_count",
            format!(
                "{in_use} seats are in use, so the seat count cannot be {requested}. Enter {in_use} or more, or remove members first."
            ),
        ));
    }
    Ok(())
}

/// The filters of Admin > Organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgSort {
    /// By name, A–Z.
    Name,
    /// Newest first.
    Newest,
    /// Soonest expiry first (never-expiring last).
    Expiry,
    /// Most seats used first.
    SeatsUsed,
}

impl OrgSort {
    /// Every sort, in the order the select lists them.
    pub const ALL: [OrgSort; 4] = [
        OrgSort::Name,
        OrgSort::Newest,
        OrgSort::Expiry,
        OrgSort::SeatsUsed,
    ];

    /// URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgSort::Name => "name",
            OrgSort::Newest => "newest",
            OrgSort::Expiry => "expiry",
            OrgSort::SeatsUsed => "seats",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            OrgSort::Name => "Name",
            OrgSort::Newest => "Newest first",
            OrgSort::Expiry => "Expiry date",
            OrgSort::SeatsUsed => "Seats used",
        }
    }

    /// Parses the URL value; unknown values sort by name.
    pub fn parse(raw: &str) -> OrgSort {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .unwrap_or(OrgSort::Name)
    }
}

/// Parses a status filter value (`active`, `expired`, `suspended`, `archived`; empty = all).
pub fn parse_status_filter(raw: &str) -> Result<Option<OrgStatus>, AppError> {
    Ok(match raw {
        "" | "all" => None,
        "active" => Some(OrgStatus::Active),
        "expired" => Some(OrgStatus::Expired),
        "suspended" => Some(OrgStatus::Suspended),
        "archived" => Some(OrgStatus::Archived),
        _ => return Err(AppError::invalid("status", "Choose a status from the list.")),
    })
}

/// Everything an admin edits about an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetail {
    /// Id.
    pub id: OrgId,
    /// Name.
    pub name: String,
    /// URL name.
    pub slug: String,
    /// Description.
    pub description: String,
    /// Industry.
    pub industry: String,
    /// Website URL.
    pub website: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Postal address.
    pub address: String,
    /// Owner's name.
    pub owner_name: String,
    /// Owner's email.
    pub owner_email: String,
    /// Type.
    pub type_id: Option<OrgTypeId>,
    /// Seats bought.
    pub seat_count: i64,
    /// Seats held by members and pending invitations.
    pub seats_used: i64,
    /// Expiry (ISO-8601 UTC), none = never.
    pub expires_at: Option<String>,
    /// Visibility.
    pub visibility: Visibility,
    /// Membership policy.
    pub membership_policy: MembershipPolicy,
    /// Email domains whose people may join by themselves, comma-separated.
    pub auto_join_domains: String,
    /// Stored status: active, suspended or archived.
    pub stored_status: String,
    /// Effective status.
    pub status: OrgStatus,
}

/// The organization form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgForm {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Industry.
    pub industry: String,
    /// Website.
    pub website: String,
    /// Contact name.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Address.
    pub address: String,
    /// Owner's email (an existing account, or a new one).
    pub owner_email: String,
    /// Owner's name, needed when the email has no account yet.
    pub owner_name: String,
    /// Type id, or empty.
    pub type_id: String,
    /// Seat count, as typed.
    pub seat_count: String,
    /// Expiry date `YYYY-MM-DD`, or empty for never.
    pub expires_at: String,
    /// Visibility value.
    pub visibility: String,
    /// Membership policy value.
    pub membership_policy: String,
    /// Auto-join domains, separated by commas, spaces or new lines.
    pub auto_join_domains: String,
}

/// A validated organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Industry.
    pub industry: String,
    /// Website (empty or http(s) URL).
    pub website: String,
    /// Contact name.
    pub contact_name: String,
    /// Contact email (empty or valid).
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Address.
    pub address: String,
    /// Owner's email, normalised.
    pub owner_email: String,
    /// Owner's name, when given.
    pub owner_name: Option<String>,
    /// Type.
    pub type_id: Option<OrgTypeId>,
    /// Seat count.
    pub seat_count: i64,
    /// Expiry as ISO-8601 UTC (end of that day), none = never.
    pub expires_at: Option<String>,
    /// Visibility.
    pub visibility: Visibility,
    /// Membership policy.
    pub membership_policy: MembershipPolicy,
    /// Domains, lower-case, comma-separated.
    pub auto_join_domains: String,
}

pub fn optional_email(field: &str, raw: &str) -> Result<String, AppError> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    validate::email(raw).map_err(|e| match e {
        AppError::Invalid { message, .. } => AppError::invalid(field, message),
        other => other,
    })
}

/// Checks a website address: empty, or http(s) with a host that has a dot.
pub fn website(raw: &str) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(h) if h.contains('.') && !h.starts_with('.') && !h.contains(' ') && value.len() <= 300 => {
            Ok(value.to_string())
        }
        _ => Err(AppError::invalid(
            "website",
            "Enter a web address like https://www.example.com.",
        )),
    }
}

pub fn phone(raw: &str) -> Result<String, AppError> {
    let value = raw.trim();
    let ok = value.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && value.chars().filter(char::is_ascii_digit).count() <= 20;
    if !ok {
        return Err(AppError::invalid(
            "contact_phone",
            "Enter a phone number with digits, spaces and + - ( ) only.",
        ));
    }
    Ok(value.to_string())
}

/// Splits and checks auto-join domains (`example.com, example.org`).
pub fn domains(raw: &str) -> Result<String, AppError> {
    let mut out: Vec<String> = Vec::new();
    for d in raw
        .split([',', ' ', '\n', '\r', ';'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let d = d.trim_start_matches('@').to_lowercase();
        let ok = d.contains('.')
            && !d.starts_with('.')
            && !d.ends_with('.')
            && d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !ok {
            return Err(AppError::invalid(
                "auto_join_domains",
                format!("{d} is not an email domain. Enter domains like example.com, separated by commas."),
            ));
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    Ok(out.join(", "))
}

/// Parses an expiry date (`YYYY-MM-DD`) that must lie after `today` (`YYYY-MM-DD`).
/// The organization expires at the end of that day (UTC).
pub fn expiry(raw: &str, today: &str) -> Result<Option<String>, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if !super::dates::is_date(value) {
        return Err(AppError::invalid(
            "expires_at",
            "Enter the expiry date as YYYY-MM-DD, or leave it empty for never.",
        ));
    }
    if value <= today {
        return Err(AppError::invalid(
            "expires_at",
            "The expiry date must be in the future. Leave it empty for an organization that never expires.",
        ));
    }
    Ok(Some(format!("{value}T23:59:59Z")))
}

impl OrgForm {
    /// Checks every field; `types` are the organization types that exist, `today` is `YYYY-MM-DD`.
    pub fn validate(&self, types: &[OrgTypeId], today: &str) -> Result<OrgInput, AppError> {
        let name = validate::text("name", "a name", &self.name, 200, true)?;
        let type_id = match self.type_id.trim() {
            "" => None,
            raw => Some(
                raw.parse::<i64>()
                    .ok()
                    .map(OrgTypeId)
                    .filter(|t| types.contains(t))
                    .ok_or_else(|| {
                        AppError::invalid("type_id", "Choose an organization type from the list.")
                    })?,
            ),
        };
        let owner_email = optional_email("owner_email", &self.owner_email)?;
        if owner_email.is_empty() {
            return Err(AppError::invalid(
                "owner_email",
                "Enter the owner's email address.",
            ));
        }
        let owner_name = match self.owner_name.trim() {
            "" => None,
            raw => Some(validate::name(raw).map_err(|e| match e {
                AppError::Invalid { message, .. } => AppError::invalid("owner_name", message),
                other => other,
            })?),
        };
        Ok(OrgInput {
            name,
            description: validate::text("description", "a description", &self.description, 4000, false)?,
            industry: validate::text("industry", "an industry", &self.industry, 120, false)?,
            website: website(&self.website)?,
            contact_name: validate::text("contact_name", "a contact name", &self.contact_name, 120, false)?,
            contact_email: optional_email("contact_email", &self.contact_email)?,
            contact_phone: phone(&self.contact_phone)?,
            address: validate::text("address", "an address", &self.address, 500, false)?,
            owner_email,
            owner_name,
            type_id,
            seat_count: validate::whole_number("seat_count", "a seat count", &self.seat_count, 0, 1_000_000)?,
            expires_at: expiry(&self.expires_at, today)?,
            visibility: Visibility::parse(&self.visibility)
                .ok_or_else(|| AppError::invalid("visibility", "Choose public, private or hidden."))?,
            membership_policy: MembershipPolicy::parse(&self.membership_policy).ok_or_else(|| {
                AppError::invalid("membership_policy", "Choose a membership policy from the list.")
            })?,
            auto_join_domains: domains(&self.auto_join_domains)?,
        })
    }
}

impl From<&OrgDetail> for OrgForm {
    fn from(o: &OrgDetail) -> Self {
        OrgForm {
            name: o.name.clone(),
            description: o.description.clone(),
            industry: o.industry.clone(),
            website: o.website.clone(),
            contact_name: o.contact_name.clone(),
            contact_email: o.contact_email.clone(),
            contact_phone: o.contact_phone.clone(),
            address: o.address.clone(),
            owner_email: o.owner_email.clone(),
            owner_name: o.owner_name.clone(),
            type_id: o.type_id.map(|t| t.to_string()).unwrap_or_default(),
            seat_count: o.seat_count.to_string(),
            expires_at: o
                .expires_at
                .as_deref()
                .map(super::format::date)
                .unwrap_or_default(),
            visibility: o.visibility.as_str().into(),
            membership_policy: o.membership_policy.as_str().into(),
            auto_join_domains: o.auto_join_domains.clone(),
        }
    }
}

/// What choosing a type fills in on the organization form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDefaults {
    /// Type id.
    pub id: OrgTypeId,
    /// Type name.
    pub name: String,
    /// Default visibility.
    pub visibility: Visibility,
    /// Default membership policy.
    pub membership_policy: MembershipPolicy,
    /// Default expiry date (`YYYY-MM-DD`, today + the type's days), none = never.
    pub expires_on: Option<String>,
}

/// Deleting needs the organization's exact name typed, so it is never one careless click.
pub fn check_delete_confirmation(name: &str, typed: &str) -> Result<(), AppError> {
    if typed.trim() == name {
        Ok(())
    } else {
        Err(AppError::invalid(
            "confirm_name",
            format!("Type the organization's name, {name}, exactly to delete it."),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_unique() {
        assert_eq!(slugify("Northwind Logistics GmbH"), "northwind-logistics-gmbh");
        assert_eq!(slugify("  Café & Bäckerei!! "), "cafe-backerei");
        assert_eq!(slugify("***"), "org");
        assert!(slugify(&"x".repeat(300)).len() <= 80);
        let taken = vec!["acme".to_string(), "acme-2".to_string()];
        assert_eq!(unique_slug("acme", &taken), "acme-3");
        assert_eq!(unique_slug("globex", &taken), "globex");
    }

    #[test]
    fn seat_count_never_goes_below_use() {
        assert!(check_seat_count(10, 10).is_ok());
        assert!(check_seat_count(0, 0).is_ok());
        let e = check_seat_count(5, 8).unwrap_err();
        assert_eq!(
            e.to_string(),
            "8 seats are in use, so the seat count cannot be 5. Enter 8 or more, or remove members first."
        );
        assert!(matches!(check_seat_count(-1, 0), Err(AppError::Invalid { .. })));
    }

    fn form() -> OrgForm {
        OrgForm {
            name: "Acme".into(),
            owner_email: "Boss@Acme.com".into(),
            seat_count: "25".into(),
            visibility: "private".into(),
            membership_policy: "invite_only".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_form_names_each_bad_field() {
        let types = [OrgTypeId(1)];
        let ok = form().validate(&types, "2026-11-22").unwrap();
        assert_eq!(ok.owner_email, "boss@acme.com");
        assert_eq!(ok.expires_at, None);
        let field = |f: OrgForm| match f.validate(&types, "2026-11-22") {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(OrgForm {
                name: " ".into(),
                ..form()
            }),
            "name"
        );
        assert_eq!(
            field(OrgForm {
                owner_email: "".into(),
                ..form()
            }),
            "owner_email"
        );
        assert_eq!(
            field(OrgForm {
                owner_email: "nope".into(),
                ..form()
            }),
            "owner_email"
        );
        assert_eq!(
            field(OrgForm {
                website: "acme.com".into(),
                ..form()
            }),
            "website"
        );
        assert_eq!(
            field(OrgForm {
                contact_email: "x@".into(),
                ..form()
            }),
            "contact_email"
        );
        assert_eq!(
            field(OrgForm {
                contact_phone: "call me".into(),
                ..form()
            }),
            "contact_phone"
        );
        assert_eq!(
            field(OrgForm {
                seat_count: "-3".into(),
                ..form()
            }),
            "seat_count"
        );
        assert_eq!(
            field(OrgForm {
                type_id: "7".into(),
                ..form()
            }),
            "type_id"
        );
        assert_eq!(
            field(OrgForm {
                expires_at: "2026-11-22".into(),
                ..form()
            }),
            "expires_at"
        );
        assert_eq!(
            field(OrgForm {
                expires_at: "22.11.2027".into(),
                ..form()
            }),
            "expires_at"
        );
        assert_eq!(
            field(OrgForm {
                auto_join_domains: "acme".into(),
                ..form()
            }),
            "auto_join_domains"
        );
    }

    #[test]
    fn expiry_domains_and_websites_are_normalised() {
        assert_eq!(
            expiry("2027-01-31", "2026-11-22").unwrap(),
            Some("2027-01-31T23:59:59Z".into())
        );
        assert_eq!(
            domains("@Acme.com, acme.org\nacme.com").unwrap(),
            "acme.com, acme.org"
        );
        assert_eq!(
            website("https://acme.com/about").unwrap(),
            "https://acme.com/about"
        );
        assert!(website("ftp://acme.com").is_err());
    }

    #[test]
    fn deleting_needs_the_exact_name() {
        assert!(check_delete_confirmation("Acme", " Acme ").is_ok());
        assert!(check_delete_confirmation("Acme", "acme").is_err());
        assert!(check_delete_confirmation("Acme", "").is_err());
    }

    #[test]
    fn sorts_and_status_filters_parse() {
        for s in OrgSort::ALL {
            assert_eq!(OrgSort::parse(s.as_str()), s);
        }
        assert_eq!(OrgSort::parse("bogus"), OrgSort::Name);
        assert_eq!(parse_status_filter("expired").unwrap(), Some(OrgStatus::Expired));
        assert_eq!(parse_status_filter("").unwrap(), None);
        assert!(parse_status_filter("gone").is_err());
    }
}

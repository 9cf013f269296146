//! The Settings tab: what an organization's owner and admins edit themselves.

use serde::{Deserialize, Serialize};

use crate::domain::org_admin::{domains, optional_email, phone, website};
use crate::domain::org_type::{MembershipPolicy, Visibility};
use crate::domain::validate;
use crate::error::AppError;

/// The settings form, as typed (also what the page is filled with).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgSettingsForm {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Website.
    pub website: String,
    /// Contact name.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Logo URL (https).
    pub logo_url: String,
    /// Brand colour `#rrggbb`.
    pub brand_color: String,
    /// Visibility value.
    pub visibility: String,
    /// Membership policy value.
    pub membership_policy: String,
    /// Auto-join email domains.
    pub auto_join_domains: String,
    /// Days an invitation link stays valid.
    pub invitation_days: String,
}

/// Validated settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgSettings {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Website.
    pub website: String,
    /// Contact name.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Logo URL.
    pub logo_url: String,
    /// Brand colour, lower-case `#rrggbb`, or empty.
    pub brand_color: String,
    /// Visibility.
    pub visibility: Visibility,
    /// Membership policy.
    pub membership_policy: MembershipPolicy,
    /// Auto-join domains, normalised.
    pub auto_join_domains: String,
    /// Invitation lifetime in days.
    pub invitation_days: i64,
}

/// A brand colour: `#rrggbb` (or `#rgb`, expanded), or empty for the default.
pub fn brand_color(raw: &str) -> Result<String, AppError> {
    let v = raw.trim().to_lowercase();
    if v.is_empty() {
        return Ok(v);
    }
    let hex = v.strip_prefix('#').unwrap_or(&v);
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) || !(hex.len() == 3 || hex.len() == 6) {
        return Err(AppError::invalid(
            "brand_color",
            "Enter the brand colour as a hex code like #2f5bea.",
        ));
    }
    if hex.len() == 3 {
        let full: String = hex.chars().flat_map(|c| [c, c]).collect();
        return Ok(format!("#{full}"));
    }
    Ok(format!("#{hex}"))
}

/// A logo address: empty, or an https:// URL.
pub fn logo_url(raw: &str) -> Result<String, AppError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let checked = website(v).map_err(|_| {
        AppError::invalid(
            "logo_url",
            "Enter the logo's address like https://example.com/logo.png.",
        )
    })?;
    if !checked.starts_with("https://") {
        return Err(AppError::invalid(
            "logo_url",
            "The logo must be served over https:// so browsers show it on the dashboard.",
        ));
    }
    Ok(checked)
}

impl OrgSettingsForm {
    /// Checks every field.
    pub fn validate(&self) -> Result<OrgSettings, AppError> {
        Ok(OrgSettings {
            name: validate::text("name", "a name", &self.name, 200, true)?,
            description: validate::text("description", "a description", &self.description, 4000, false)?,
            website: website(&self.website)?,
            contact_name: validate::text("contact_name", "a contact name", &self.contact_name, 120, false)?,
            contact_email: optional_email("contact_email", &self.contact_email)?,
            contact_phone: phone(&self.contact_phone)?,
            logo_url: logo_url(&self.logo_url)?,
            brand_color: brand_color(&self.brand_color)?,
            visibility: Visibility::parse(&self.visibility)
                .ok_or_else(|| AppError::invalid("visibility", "Choose public, private or hidden."))?,
            membership_policy: MembershipPolicy::parse(&self.membership_policy).ok_or_else(|| {
                AppError::invalid("membership_policy", "Choose a membership policy from the list.")
            })?,
            auto_join_domains: domains(&self.auto_join_domains)?,
            invitation_days: validate::whole_number(
                "invitation_days",
                "the invitation lifetime in days",
                &self.invitation_days,
                1,
                90,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> OrgSettingsForm {
        OrgSettingsForm {
            name: "Acme".into(),
            visibility: "private".into(),
            membership_policy: "invite_only".into(),
            invitation_days: "7".into(),
            ..Default::default()
        }
    }

    #[test]
    fn colours_are_hex_codes() {
        assert_eq!(brand_color("#2F5BEA").unwrap(), "#2f5bea");
        assert_eq!(brand_color("abc").unwrap(), "#aabbcc");
        assert_eq!(brand_color("").unwrap(), "");
        assert!(brand_color("blue").is_err());
        assert!(brand_color("#12345").is_err());
    }

    #[test]
    fn logos_need_https() {
        assert!(logo_url("http://example.com/logo.png").is_err());
        assert_eq!(
            logo_url("https://example.com/l.png").unwrap(),
            "https://example.com/l.png"
        );
        assert!(logo_url("not a url").is_err());
    }

    #[test]
    fn every_field_is_checked() {
        assert!(form().validate().is_ok());
        let mut f = form();
        f.invitation_days = "0".into();
        assert!(
            matches!(f.validate(), Err(AppError::Invalid { ref field, .. }) if field == "invitation_days")
        );
        let mut f = form();
        f.name = " ".into();
        assert!(matches!(f.validate(), Err(AppError::Invalid { ref field, .. }) if field == "name"));
        let mut f = form();
        f.contact_email = "nope".into();
        assert!(matches!(f.validate(), Err(AppError::Invalid { ref field, .. }) if field == "contact_email"));
    }
}

/// The join page as Settings shows it: its address (with a copy button) or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinLinkView {
    /// The join page's full address, when the organization offers one.
    pub url: Option<String>,
    /// Who finds it, or why there is no join page.
    pub note: String,
}

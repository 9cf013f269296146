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
    let full = format!("#{hex}");
    // Tabs and buttons carry white text on the brand colour: it must be dark enough to read.
    let ratio = contrast_with_white(&full).unwrap_or(21.0);
    if ratio < MIN_CONTRAST {
        return Err(AppError::invalid(
            "brand_color",
            format!(
                "White text on {full} has a contrast of {ratio:.1}:1, and tabs and buttons need at least 4.5:1 to be readable. Choose a darker shade."
            ),
        ));
    }
    Ok(full)
}

/// Where an organization's uploaded logo is served (the version makes each upload a new
/// address, so browsers may keep one for long).
pub fn logo_path(slug: &str, version: i64) -> String {
    format!("/orgs/{slug}/logo?v={version}")
}

/// The largest logo file accepted.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// Why a logo upload was refused, by the code the upload's redirect carries.
pub fn logo_refusal(code: &str) -> Option<&'static str> {
    Some(match code {
        "too_large" => "The logo is larger than 512 KB. Save it smaller (for example 512 × 512 pixels) and upload it again.",
        "not_image" => "That file is not a PNG, JPEG or WebP image. Choose a logo in one of those formats.",
        "unreadable" => "The image could not be read: it may be damaged or too large in pixels. Export it again as PNG, JPEG or WebP.",
        "empty" => "Choose an image file to upload.",
        "forbidden" => "Only owners and organization admins change the logo.",
        _ => return None,
    })
}

/// The least contrast of white text on the brand colour (WCAG 2 AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The WCAG 2 contrast ratio of white on `#rrggbb` (1 to 21).
pub fn contrast_with_white(hex: &str) -> Option<f64> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(h.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let l = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (l + 0.05))
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
        assert_eq!(brand_color("036").unwrap(), "#003366");
        assert_eq!(brand_color("").unwrap(), "");
        assert!(brand_color("blue").is_err());
        assert!(brand_color("#12345").is_err());
    }

    #[test]
    fn a_light_brand_colour_is_refused_with_its_contrast() {
        // White on black is 21:1, white on white 1:1; #767676 is the lightest grey at 4.5:1.
        assert!((contrast_with_white("#000000").unwrap() - 21.0).abs() < 0.01);
        assert!((contrast_with_white("#ffffff").unwrap() - 1.0).abs() < 0.01);
        assert!(contrast_with_white("#767676").unwrap() >= 4.5);
        assert!(contrast_with_white("#777777").unwrap() < 4.5);
        let e = brand_color("#ffee88").unwrap_err().to_string();
        assert!(e.contains("1.2:1") && e.contains("darker"), "{e}");
        assert!(brand_color("#aabbcc").is_err());
        assert!(brand_color("#767676").is_ok());
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

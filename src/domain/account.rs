//! Accounts people can trust: the one-time links mailed to an address (what each is for, how
//! long it works, what its holder reads when it no longer does) and the answers that must not
//! tell a stranger whether an account exists.

use serde::{Deserialize, Serialize};

/// One signed-in session of the person, as My account lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Its handle (what **Sign out** sends).
    pub id: String,
    /// The browser, as it named itself.
    pub device: String,
    /// The client address.
    pub ip: String,
    /// Signed in at.
    pub started_at: String,
    /// Last request at.
    pub last_seen_at: String,
    /// This very browser.
    pub current: bool,
}

/// One recent sign-in (or failed attempt) on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInView {
    /// When.
    pub at: String,
    /// Whether it succeeded.
    pub succeeded: bool,
    /// From which address, when known.
    pub ip: String,
    /// Which browser, when known.
    pub device: String,
}

/// The My account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccount {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Live sessions, newest first.
    pub sessions: Vec<SessionView>,
    /// The latest sign-ins, newest first.
    pub sign_ins: Vec<SignInView>,
    /// Two-factor sign-in.
    pub two_factor: super::two_factor::TwoFactorState,
}

/// A short name for a browser's `User-Agent`: "Firefox on Linux", else the first words.
pub fn device_label(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) if ua.trim().is_empty() => "Unknown device".into(),
        (None, None) => ua.chars().take(40).collect(),
    }
}

/// What a one-time account link does when opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkPurpose {
    /// Choose the first password of an account an administrator made (proves the address).
    SetPassword,
    /// Confirm the address of a self-service sign-up (then the membership it asked for starts).
    VerifyEmail,
    /// Choose a new password after "Forgot password".
    ResetPassword,
    /// Confirm a new address the person typed on My account.
    ChangeEmail,
}

impl LinkPurpose {
    /// Every purpose.
    pub const ALL: [LinkPurpose; 4] = [
        LinkPurpose::SetPassword,
        LinkPurpose::VerifyEmail,
        LinkPurpose::ResetPassword,
        LinkPurpose::ChangeEmail,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::SetPassword => "set_password",
            LinkPurpose::VerifyEmail => "verify_email",
            LinkPurpose::ResetPassword => "reset_password",
            LinkPurpose::ChangeEmail => "change_email",
        }
    }

    /// How long a link works: a week for an administrator's set-password link, a day to
    /// confirm an address, an hour to reset a password.
    pub fn valid_hours(self) -> i64 {
        match self {
            LinkPurpose::SetPassword => 24 * 7,
            LinkPurpose::VerifyEmail | LinkPurpose::ChangeEmail => 24,
            LinkPurpose::ResetPassword => 1,
        }
    }

    /// "for 24 hours", "for 7 days": the validity as the mail says it.
    pub fn validity_text(self) -> String {
        let hours = self.valid_hours();
        if hours % 24 == 0 && hours > 24 {
            format!("{} days", hours / 24)
        } else if hours == 1 {
            "1 hour".into()
        } else {
            format!("{hours} hours")
        }
    }

    /// The page of the site the link opens.
    pub fn path(self) -> &'static str {
        match self {
            LinkPurpose::SetPassword => "/set-password",
            LinkPurpose::VerifyEmail => "/verify-email",
            LinkPurpose::ResetPassword => "/reset-password",
            LinkPurpose::ChangeEmail => "/confirm-email",
        }
    }

    /// Where the holder of a dead link can ask for a new one.
    pub fn ask_again(self) -> &'static str {
        match self {
            LinkPurpose::SetPassword => "Ask your organization's administrator to send you a new one.",
            LinkPurpose::VerifyEmail => "Fill in the join page again to get a new link.",
            LinkPurpose::ResetPassword => "Ask for a new one on the Forgot password page.",
            LinkPurpose::ChangeEmail => "Change your address again on My account to get a new link.",
        }
    }
}

impl std::str::FromStr for LinkPurpose {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        LinkPurpose::ALL.into_iter().find(|p| p.as_str() == s).ok_or(())
    }
}

/// The one answer to an expired, used, replaced or tampered link, whatever the reason (the
/// reason is not the holder's business, and telling them apart helps nobody but an attacker).
pub fn dead_link_message(purpose: LinkPurpose) -> String {
    format!(
        "This link has expired or was already used. {}",
        purpose.ask_again()
    )
}

/// Whether a stored link still works at `now` (timestamps compare as text: one format).
pub fn link_works(expires_at: &str, used_at: Option<&str>, now: &str) -> bool {
    used_at.is_none() && expires_at > now
}

/// What My account answers a change of address, whether or not the new one is taken.
pub fn email_change_message(email: &str) -> String {
    format!(
        "Check the inbox of {email}: open the link we sent there within 24 hours to make it your sign-in address. \
         Until then you sign in with your current address."
    )
}

/// What "Forgot password" answers, whether or not an account has that address.
pub fn reset_requested_message(email: &str) -> String {
    format!(
        "If {email} belongs to an account, a link to choose a new password is on its way. It works once, for 1 hour. \
         No mail after a few minutes? Check the address and your spam folder, then ask again."
    )
}

/// What the join page answers someone new, whether or not the address already has an account.
pub fn join_requested_message(email: &str, org_name: &str) -> String {
    format!(
        "Check your inbox: we sent a link to {email}. Open it within 24 hours to confirm your address and finish joining {org_name}. \
         Until then the account cannot be used."
    )
}

/// The mail telling someone how their request to join `org` was decided: subject and body.
/// `joined` says whether the approval made them a member now (someone who already was only
/// hears that the request is closed).
pub fn join_decision_mail(org: &str, joined: bool, approved: bool, public_url: &str) -> (String, String) {
    if approved {
        let what = if joined {
            format!("You are a member of {org} now.")
        } else {
            format!("You were already a member of {org}, so nothing changed.")
        };
        (
            format!("Your request to join {org} was approved"),
            format!("Hello,\n\nYour request to join {org} on Orgboard was approved. {what} Sign in to see your courses:\n\n{public_url}/me\n"),
        )
    } else {
        (
            format!("Your request to join {org} was declined"),
            format!(
                "Hello,\n\nAn administrator of {org} declined your request to join it on Orgboard. \
                 If you think you should be a member, ask them for an invitation.\n"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_round_trip_and_say_how_long_they_last() {
        for p in LinkPurpose::ALL {
            assert_eq!(p.as_str().parse::<LinkPurpose>(), Ok(p));
        }
        assert_eq!(LinkPurpose::ResetPassword.validity_text(), "1 hour");
        assert_eq!(LinkPurpose::VerifyEmail.validity_text(), "24 hours");
        assert_eq!(LinkPurpose::SetPassword.validity_text(), "7 days");
        assert!("nonsense".parse::<LinkPurpose>().is_err());
    }

    #[test]
    fn a_link_works_until_used_or_expired() {
        let now = "2026-12-01T10:00:00Z";
        assert!(link_works("2026-12-01T11:00:00Z", None, now));
        assert!(!link_works("2026-12-01T09:59:59Z", None, now));
        assert!(!link_works("2026-12-01T11:00:00Z", Some(now), now));
    }

    #[test]
    fn devices_read_as_browser_and_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_label(firefox), "Firefox on Linux");
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        assert_eq!(device_label(chrome), "Chrome on Windows");
        assert_eq!(device_label(""), "Unknown device");
        assert_eq!(device_label("reqwest"), "reqwest");
    }

    #[test]
    fn dead_links_read_the_same_and_say_what_to_do() {
        let m = dead_link_message(LinkPurpose::ResetPassword);
        assert!(m.starts_with("This link has expired or was already used."));
        assert!(m.contains("Forgot password"));
    }
}

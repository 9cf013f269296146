//! Every setting Orgboard takes from its environment, read once at start ([`Config::from_env`])
//! and held in `AppState`. No other module reads the environment. A value that cannot be used
//! (a word where a number belongs, an `SMTP_URL` that is not `smtp://`) stops the start with a
//! message naming the variable.

use super::guard::Policy;
use super::mail::{parse_smtp_url, SmtpTarget, TlsTrust};

/// Where outgoing mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    /// The relay (`SMTP_URL`).
    pub target: SmtpTarget,
    /// The From address (`SMTP_FROM`, default `Orgboard <no-reply@orgboard.invalid>`).
    pub from: String,
    /// Which certificates the relay may present (`SMTP_TLS_VERIFY`, `SMTP_CA_FILE`).
    pub trust: TlsTrust,
}

/// The settings of this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Limits against abuse and the session policy.
    pub policy: Policy,
    /// REST requests per token per minute (`ORGBOARD_API_RATE_PER_MINUTE`, 600).
    pub api_requests_per_minute: u32,
    /// The site's public address for links in messages (`ORGBOARD_PUBLIC_URL`, else
    /// `http://` and `LEPTOS_SITE_ADDR`, else `http://127.0.0.1:3000`), without a trailing `/`.
    pub public_url: String,
    /// SMTP delivery, when `SMTP_URL` is set; otherwise mail is kept in the outbox only.
    pub smtp: Option<Smtp>,
}

impl Default for Config {
    /// The defaults: what a start with an empty environment gives.
    fn default() -> Self {
        Config {
            policy: Policy::default(),
            api_requests_per_minute: 600,
            public_url: "http://127.0.0.1:3000".into(),
            smtp: None,
        }
    }
}

/// A positive number from `name`, or `default` when it is unset or empty.
fn number<T: std::str::FromStr + PartialOrd + Default>(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, String> {
    match get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<T>()
            .ok()
            .filter(|n| *n > T::default())
            .ok_or_else(|| format!("{name} must be a whole number above 0, not {raw:?}.")),
    }
}

/// A yes/no switch from `name` (`1`/`true` or `0`/`false`; unset is no).
fn switch(get: &impl Fn(&str) -> Option<String>, name: &str) -> Result<bool, String> {
    match get(name).map(|v| v.trim().to_lowercase()).as_deref() {
        None | Some("") | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(other) => Err(format!("{name} must be 1 or 0, not {other:?}.")),
    }
}

impl Config {
    /// The settings from this process's environment.
    pub fn from_env() -> Result<Config, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The settings from `get` (a variable's value by name; tests pass their own).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let d = Config::default();
        let p = &d.policy;
        let policy = Policy {
            session_idle_minutes: number(&get, "ORGBOARD_SESSION_IDLE_MINUTES", p.session_idle_minutes)?,
            session_max_hours: number(&get, "ORGBOARD_SESSION_MAX_HOURS", p.session_max_hours)?,
            sign_in_per_ip_per_minute: number(
                &get,
                "ORGBOARD_SIGN_IN_PER_IP_PER_MINUTE",
                p.sign_in_per_ip_per_minute,
            )?,
            sign_in_failures_per_minute: number(
                &get,
                "ORGBOARD_SIGN_IN_FAILURES_PER_MINUTE",
                p.sign_in_failures_per_minute,
            )?,
            link_mails_per_ip_per_minute: number(
                &get,
                "ORGBOARD_LINK_MAILS_PER_IP_PER_MINUTE",
                p.link_mails_per_ip_per_minute,
            )?,
            link_mails_per_email_per_hour: number(
                &get,
                "ORGBOARD_LINK_MAILS_PER_EMAIL_PER_HOUR",
                p.link_mails_per_email_per_hour,
            )?,
            hashes_at_once: number(&get, "ORGBOARD_HASHES_AT_ONCE", p.hashes_at_once)?,
            invitations_per_org_per_hour: number(
                &get,
                "ORGBOARD_INVITATIONS_PER_HOUR",
                p.invitations_per_org_per_hour,
            )?,
            secure_cookies: switch(&get, "ORGBOARD_SECURE_COOKIES")?,
        };
        let public_url = match get("ORGBOARD_PUBLIC_URL")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(format!(
                    "ORGBOARD_PUBLIC_URL must start with http:// or https://, not {url:?}."
                ))
            }
            None => match get("LEPTOS_SITE_ADDR").filter(|v| !v.trim().is_empty()) {
                Some(addr) => format!("http://{}", addr.trim()),
                None => d.public_url,
            },
        };
        let smtp = match get("SMTP_URL").filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(url) => {
                let target = parse_smtp_url(url.trim())?;
                let from = get("SMTP_FROM")
                    .filter(|v| !v.trim().is_empty())
                    .unwrap_or_else(|| "Orgboard <no-reply@orgboard.invalid>".into());
                from.parse::<lettre::message::Mailbox>()
                    .map_err(|e| format!("SMTP_FROM is not an address ({e}): {from:?}"))?;
                let verify = match get("SMTP_TLS_VERIFY").map(|v| v.trim().to_lowercase()).as_deref() {
                    None | Some("") | Some("1") | Some("true") => true,
                    Some("0") | Some("false") => false,
                    Some(other) => return Err(format!("SMTP_TLS_VERIFY must be 1 or 0, not {other:?}.")),
                };
                let extra_root_pem = match get("SMTP_CA_FILE").filter(|v| !v.trim().is_empty()) {
                    None => None,
                    Some(path) => Some(
                        std::fs::read(path.trim())
                            .map_err(|e| format!("SMTP_CA_FILE cannot be read ({e}): {path:?}"))?,
                    ),
                };
                Some(Smtp {
                    target,
                    from,
                    trust: TlsTrust {
                        verify,
                        extra_root_pem,
                    },
                })
            }
        };
        Ok(Config {
            policy,
            api_requests_per_minute: number(&get, "ORGBOARD_API_RATE_PER_MINUTE", d.api_requests_per_minute)?,
            public_url,
            smtp,
        })
    }

    /// The status a new outbox message gets: `queued` for delivery over SMTP, or `kept` (in the
    /// outbox only) when no SMTP relay is configured.
    pub fn mail_status(&self) -> &'static str {
        if self.smtp.is_some() {
            "queued"
        } else {
            "kept"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn an_empty_environment_gives_the_defaults() {
        assert_eq!(with(&[]).unwrap(), Config::default());
        assert_eq!(Config::default().mail_status(), "kept");
    }

    #[test]
    fn values_are_read_once_into_one_config() {
        let c = with(&[
            ("ORGBOARD_SESSION_IDLE_MINUTES", "30"),
            ("ORGBOARD_INVITATIONS_PER_HOUR", " 7 "),
            ("ORGBOARD_SECURE_COOKIES", "true"),
            ("ORGBOARD_API_RATE_PER_MINUTE", "120"),
            ("ORGBOARD_PUBLIC_URL", "https://learn.example.com/"),
            ("SMTP_URL", "smtp://relay.example:2525"),
        ])
        .unwrap();
        assert_eq!(c.policy.session_idle_minutes, 30);
        assert_eq!(c.policy.invitations_per_org_per_hour, 7);
        assert!(c.policy.secure_cookies);
        assert_eq!(c.api_requests_per_minute, 120);
        assert_eq!(c.public_url, "https://learn.example.com");
        let smtp = c.smtp.as_ref().unwrap();
        assert_eq!(
            (smtp.target.host.as_str(), smtp.target.port),
            ("relay.example", 2525)
        );
        assert_eq!(smtp.from, "Orgboard <no-reply@orgboard.invalid>");
        assert_eq!(c.mail_status(), "queued");
        assert_eq!(
            with(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap().public_url,
            "http://0.0.0.0:8080"
        );
    }

    #[test]
    fn unusable_values_stop_the_start_naming_the_variable() {
        for (name, value) in [
            ("ORGBOARD_SESSION_MAX_HOURS", "a week"),
            ("ORGBOARD_SIGN_IN_PER_IP_PER_MINUTE", "0"),
            ("ORGBOARD_API_RATE_PER_MINUTE", "-5"),
            ("ORGBOARD_SECURE_COOKIES", "yes please"),
            ("ORGBOARD_PUBLIC_URL", "learn.example.com"),
            ("SMTP_URL", "ftp://relay.example"),
        ] {
            let e = with(&[(name, value)]).unwrap_err();
            assert!(e.contains(name.trim_start_matches("ORGBOARD_")), "{name}: {e}");
        }
        let e = with(&[
            ("SMTP_URL", "smtp://relay.example"),
            ("SMTP_FROM", "not an address"),
        ])
        .unwrap_err();
        assert!(e.contains("SMTP_FROM"), "{e}");
        for (name, value) in [("SMTP_TLS_VERIFY", "maybe"), ("SMTP_CA_FILE", "/no/such/ca.pem")] {
            let e = with(&[("SMTP_URL", "smtps://relay.example"), (name, value)]).unwrap_err();
            assert!(e.contains(name), "{name}: {e}");
        }
        let relaxed = with(&[("SMTP_URL", "smtp://127.0.0.1:2525"), ("SMTP_TLS_VERIFY", "0")]).unwrap();
        assert!(!relaxed.smtp.unwrap().trust.verify);
    }
}

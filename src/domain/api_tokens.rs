//! API tokens: what a token may do (its scopes), when it stops working, and how a new one is
//! asked for. The secret itself never appears here; the server stores only its SHA-256.

use serde::{Deserialize, Serialize};

use crate::domain::validate;
use crate::error::AppError;

/// What a token may do. `Write` includes reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenAccess {
    /// GET requests only.
    Read,
    /// Reads and changes.
    ReadWrite,
}

impl TokenAccess {
    /// The scopes as the API names them.
    pub fn scopes(self) -> Vec<&'static str> {
        match self {
            TokenAccess::Read => vec!["read"],
            TokenAccess::ReadWrite => vec!["read", "write"],
        }
    }

    /// From the stored flags.
    pub fn from_flags(read: bool, write: bool) -> Self {
        if write && read {
            TokenAccess::ReadWrite
        } else {
            TokenAccess::Read
        }
    }

    /// Whether a request needing `scope` is allowed.
    pub fn allows(self, scope: Scope) -> bool {
        match scope {
            Scope::Read => true,
            Scope::Write => self == TokenAccess::ReadWrite,
        }
    }

    /// The choices offered in forms.
    pub fn options() -> Vec<(String, String)> {
        vec![
            ("read".into(), "Read only".into()),
            ("read_write".into(), "Read and write".into()),
        ]
    }

    /// What a person reads in the token list.
    pub fn label(self) -> &'static str {
        match self {
            TokenAccess::Read => "Read only",
            TokenAccess::ReadWrite => "Read and write",
        }
    }
}

/// The scope one API request needs: reads need `read`, every change needs `write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// GET.
    Read,
    /// POST, PUT, PATCH, DELETE.
    Write,
}

impl Scope {
    /// The scope an HTTP method needs.
    pub fn for_method(method: &str) -> Scope {
        if method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
            Scope::Read
        } else {
            Scope::Write
        }
    }

    /// As the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }
}

/// Why a token is refused, or that it is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    /// Usable.
    Active,
    /// Its expiry has passed.
    Expired,
    /// Someone revoked it.
    Revoked,
}

impl TokenState {
    /// The state of a token at `now` (RFC 3339 UTC strings compare in time order).
    pub fn at(expires_at: Option<&str>, revoked_at: Option<&str>, now: &str) -> Self {
        if revoked_at.is_some() {
            TokenState::Revoked
        } else if expires_at.is_some_and(|e| e <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }

    /// What the token list says.
    pub fn label(self) -> &'static str {
        match self {
            TokenState::Active => "Active",
            TokenState::Expired => "Expired",
            TokenState::Revoked => "Revoked",
        }
    }
}

/// A token as the list shows it (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRow {
    /// Id.
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    /// Read or read and write.
    pub access: TokenAccess,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
    /// When it stops working, if ever.
    pub expires_at: Option<String>,
    /// Its last request, if any.
    pub last_used_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// Active, expired or revoked (at the time of the list).
    pub state: String,
}

/// A token just created: the secret is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedToken {
    /// The secret, to copy now.
    pub token: String,
    /// Its row in the list.
    pub row: TokenRow,
}

/// A checked request for a new token.
#[derive(Debug, Clone, PartialEq)]
pub struct NewToken {
    /// What it is for.
    pub name: String,
    /// What it may do.
    pub access: TokenAccess,
    /// Days until it expires; `None` = never.
    pub expires_in_days: Option<i64>,
}

/// Expiry choices offered in forms: (value, label).
pub fn expiry_options() -> Vec<(String, String)> {
    vec![
        ("30".into(), "In 30 days".into()),
        ("90".into(), "In 90 days".into()),
        ("365".into(), "In 1 year".into()),
        ("never".into(), "Never".into()),
    ]
}

/// Checks the form fields `name`, `access` (`read` / `read_write`) and `expires` (`never` or a
/// number of days from 1 to 3650).
pub fn check_new_token(name: &str, access: &str, expires: &str) -> Result<NewToken, AppError> {
    let name = validate::text("name", "a name for the token", name, 80, true)?;
    let access = match access.trim() {
        "read" => TokenAccess::Read,
        "read_write" | "write" => TokenAccess::ReadWrite,
        _ => return Err(AppError::invalid("access", "Choose Read only or Read and write.")),
    };
    let expires_in_days = match expires.trim() {
        "" | "never" => None,
        days => Some(validate::whole_number(
            "expires",
            "the number of days until the token expires",
            days,
            1,
            3650,
        )?),
    };
    Ok(NewToken {
        name,
        access,
        expires_in_days,
    })
}

/// The secret's visible prefix: enough to tell tokens apart, far too little to guess the rest.
pub fn prefix_of(token: &str) -> String {
    token.chars().take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_tokens_cannot_write() {
        assert!(TokenAccess::Read.allows(Scope::Read));
        assert!(!TokenAccess::Read.allows(Scope::Write));
        assert!(TokenAccess::ReadWrite.allows(Scope::Write));
        assert_eq!(Scope::for_method("GET"), Scope::Read);
        for m in ["POST", "PUT", "PATCH", "DELETE"] {
            assert_eq!(Scope::for_method(m), Scope::Write, "{m}");
        }
    }

    #[test]
    fn state_follows_revocation_then_expiry() {
        let now = "2026-11-30T10:00:00Z";
        assert_eq!(TokenState::at(None, None, now), TokenState::Active);
        assert_eq!(
            TokenState::at(Some("2026-12-01T00:00:00Z"), None, now),
            TokenState::Active
        );
        assert_eq!(
            TokenState::at(Some("2026-11-30T10:00:00Z"), None, now),
            TokenState::Expired
        );
        assert_eq!(
            TokenState::at(Some("2026-11-29T00:00:00Z"), Some("2026-11-28T00:00:00Z"), now),
            TokenState::Revoked
        );
    }

    #[test]
    fn new_token_fields_are_checked() {
        let t = check_new_token(" LMS sync ", "read_write", "90").unwrap();
        assert_eq!(t.name, "LMS sync");
        assert_eq!(t.access, TokenAccess::ReadWrite);
        assert_eq!(t.expires_in_days, Some(90));
        assert_eq!(
            check_new_token("BI", "read", "never").unwrap().expires_in_days,
            None
        );
        let field = |r: Result<NewToken, AppError>| match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        };
        assert_eq!(field(check_new_token("", "read", "never")), "name");
        assert_eq!(field(check_new_token("x", "admin", "never")), "access");
        assert_eq!(field(check_new_token("x", "read", "0")), "expires");
        assert_eq!(field(check_new_token("x", "read", "soon")), "expires");
        assert_eq!(field(check_new_token(&"x".repeat(81), "read", "never")), "name");
    }
}

/// One endpoint of the REST API, for the API reference page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiEndpoint {
    /// The group it belongs to (Organizations, Members, …).
    pub tag: String,
    /// HTTP method.
    pub method: String,
    /// Path under `/api/v1`.
    pub path: String,
    /// What it does.
    pub summary: String,
    /// The scope a token needs.
    pub scope: String,
}

//! Two-factor sign-in as people see it: the setup screen, the state on My account, and the
//! rules for what a typed code is (six digits from the app, or a recovery code).

use serde::{Deserialize, Serialize};

/// What the setup screen shows: the QR code, and the same secret as text and as a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// The secret, base32 (what apps accept typed in).
    pub secret: String,
    /// The `otpauth://totp/…` link.
    pub otpauth_url: String,
    /// The link as a QR code, SVG markup made on the server.
    pub qr_svg: String,
}

/// Two-factor on My account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorState {
    /// Sign-in asks for a code.
    pub enabled: bool,
    /// An organization of theirs (or the platform) requires it of them.
    pub required: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
}

/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// A typed code, read leniently: spaces and dashes are dropped, letters lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedCode {
    /// Six digits from the authenticator app.
    App(String),
    /// A recovery code (ten letters and digits).
    Recovery(String),
}

/// Reads what the person typed, or says what a code looks like.
pub fn typed_code(raw: &str) -> Result<TypedCode, &'static str> {
    let clean: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    if clean.len() == 6 && clean.chars().all(|c| c.is_ascii_digit()) {
        Ok(TypedCode::App(clean))
    } else if clean.len() == 10 && clean.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(TypedCode::Recovery(clean))
    } else {
        Err("Type the 6-digit code from your authenticator app, or one of your recovery codes.")
    }
}

/// A recovery code as shown: `abcde-fghij`.
pub fn show_recovery_code(code: &str) -> String {
    match code.get(..5) {
        Some(head) => format!("{head}-{}", &code[5..]),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_leniently_and_refused_clearly() {
        assert_eq!(typed_code(" 123 456 "), Ok(TypedCode::App("123456".into())));
        assert_eq!(
            typed_code("ABCDE-fghij"),
            Ok(TypedCode::Recovery("abcdefghij".into()))
        );
        assert!(typed_code("12345").is_err());
        assert!(typed_code("abc!e-fghij").is_err());
        assert_eq!(show_recovery_code("abcdefghij"), "abcde-fghij");
    }
}

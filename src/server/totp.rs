//! TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock skew either way) with
//! the `totp-rs` crate, the QR code of its `otpauth://` link as SVG, and recovery codes.

use rand::RngCore;
use totp_rs::{Builder, Secret, Totp};

use crate::domain::two_factor::{TwoFactorSetup, RECOVERY_CODES};
use crate::error::AppError;

/// The issuer the authenticator app shows beside the account.
const ISSUER: &str = "Orgboard";

fn totp(secret_base32: &str, account: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret_base32).map_err(|e| {
        tracing::error!(error = %e, "a stored TOTP secret is not base32");
        AppError::Internal
    })?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "a TOTP could not be built");
            AppError::Internal
        })
}

/// A fresh secret (160 random bits, base32) and what the setup screen shows for it.
pub fn new_setup(account: &str) -> Result<TwoFactorSetup, AppError> {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = Secret::new(bytes.to_vec().into_boxed_slice()).to_base32();
    let otpauth_url = totp(&secret, account)?.to_url().map_err(|e| {
        tracing::error!(error = %e, "the otpauth link could not be written");
        AppError::Internal
    })?;
    let qr_svg = qrcode::QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| {
            tracing::error!(error = %e, "the QR code could not be drawn");
            AppError::Internal
        })?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(TwoFactorSetup {
        secret,
        otpauth_url,
        qr_svg,
    })
}

/// The time step whose code `code` is (now, or one step either side), if it is one.
pub fn step_of(secret_base32: &str, account: &str, code: &str) -> Result<Option<i64>, AppError> {
    Ok(totp(secret_base32, account)?
        .check_current(code)
        .map(|step| step as i64))
}

/// The current code for a secret (the tests compute what the app would show).
pub fn current_code(secret_base32: &str) -> Result<String, AppError> {
    Ok(totp(secret_base32, "test")?.generate_current().to_string())
}

/// The code for a secret at Unix time `at` (the tests compute the next step's code).
pub fn code_at(secret_base32: &str, at: u64) -> Result<String, AppError> {
    Ok(totp(secret_base32, "test")?.generate(at).to_string())
}

/// Ten fresh recovery codes (ten lower-case letters and digits each, ≈ 51 bits) and their
/// SHA-256 hashes, to store.
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            bytes
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect()
        })
        .collect();
    let hashes = codes.iter().map(|c| super::invitations::hash_token(c)).collect();
    (codes, hashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_code_checks_and_a_wrong_one_does_not() {
        let setup = new_setup("ann@example.com").unwrap();
        assert!(
            setup
                .otpauth_url
                .starts_with("otpauth://totp/Orgboard:ann%40example.com?"),
            "{}",
            setup.otpauth_url
        );
        assert!(setup.otpauth_url.contains(&format!("secret={}", setup.secret)));
        assert!(setup.qr_svg.contains("<svg"));
        let code = current_code(&setup.secret).unwrap();
        assert!(step_of(&setup.secret, "ann@example.com", &code)
            .unwrap()
            .is_some());
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert!(step_of(&setup.secret, "ann@example.com", &wrong)
            .unwrap()
            .is_none());
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_hashed() {
        let (codes, hashes) = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(hashes.len(), 10);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 10));
        assert_ne!(codes[0], hashes[0]);
    }
}

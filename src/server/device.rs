//! Device cookies (OWASP's "device cookie" pattern against account lockout): after a
//! successful sign-in the browser keeps `orgboard_device`, signed with the installation's key
//! and naming the email it signed in with. A sign-in from a browser holding the cookie for the
//! typed email counts its failures against that cookie; everyone else's failures count against
//! the email. A stranger's flood fills the email's bucket and never touches the person's own
//! browser. The check reads no account, so it answers the same for every email.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The cookie's name.
pub const COOKIE: &str = "orgboard_device";

/// How long a browser stays trusted after its last successful sign-in.
pub const MAX_AGE_DAYS: i64 = 365;

/// The installation's signing key, stored once in the database (`server_secrets`).
#[derive(Clone)]
pub struct DeviceKey(Vec<u8>);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey(..)")
    }
}

impl DeviceKey {
    /// A key from its stored hex form.
    pub fn from_hex(hex_key: &str) -> Option<DeviceKey> {
        hex::decode(hex_key).ok().filter(|k| k.len() >= 32).map(DeviceKey)
    }

    /// A fresh random key, hex (what is stored the first time).
    pub fn fresh_hex() -> String {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    }

    fn mac(&self, message: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(message.as_bytes());
        mac
    }

    /// A new cookie value for `email`: `nonce.hex(email).signature`.
    pub fn issue(&self, email: &str) -> String {
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let body = format!("{}.{}", hex::encode(nonce), hex::encode(email.to_lowercase()));
        let signature = hex::encode(self.mac(&body).finalize().into_bytes());
        format!("{body}.{signature}")
    }

    /// The device behind `value` (its nonce) when the cookie is genuine and was issued for
    /// `email`; `None` for a missing, forged or other person's cookie.
    pub fn device_for(&self, value: &str, email: &str) -> Option<String> {
        let (body, signature) = value.rsplit_once('.')?;
        let signature = hex::decode(signature).ok()?;
        self.mac(body).verify_slice(&signature).ok()?;
        let (nonce, email_hex) = body.split_once('.')?;
        let cookie_email = String::from_utf8(hex::decode(email_hex).ok()?).ok()?;
        (cookie_email == email.to_lowercase()).then(|| nonce.to_string())
    }
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` header that stores `value` for a year (`secure` over HTTPS).
pub fn set_cookie(value: &str, secure: bool) -> String {
    let max_age = MAX_AGE_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DeviceKey {
        DeviceKey::from_hex(&DeviceKey::fresh_hex()).unwrap()
    }

    #[test]
    fn a_cookie_vouches_only_for_its_own_email_and_key() {
        let k = key();
        let c = k.issue("Ann@Example.com");
        assert!(k.device_for(&c, "ann@example.com").is_some());
        assert!(
            k.device_for(&c, "bob@example.com").is_none(),
            "another person's cookie"
        );
        assert!(
            key().device_for(&c, "ann@example.com").is_none(),
            "another installation's key"
        );
        let (body, _) = c.rsplit_once('.').unwrap();
        let forged = format!("{body}.{}", "00".repeat(32));
        assert!(
            k.device_for(&forged, "ann@example.com").is_none(),
            "a forged signature"
        );
        let other_email = format!("{}.{}.x", &c[..32], hex::encode("bob@example.com"));
        assert!(k.device_for(&other_email, "bob@example.com").is_none());
        assert_ne!(
            k.issue("ann@example.com"),
            k.issue("ann@example.com"),
            "each device its own"
        );
    }

    #[test]
    fn cookies_are_read_from_the_header() {
        let h = "a=1; orgboard_device=xyz.abc.def; id=2";
        assert_eq!(cookie_value(h, COOKIE), Some("xyz.abc.def"));
        assert_eq!(cookie_value(h, "nope"), None);
        assert!(set_cookie("v", true).contains("HttpOnly; SameSite=Lax; Secure"));
    }
}

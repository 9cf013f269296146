//! Set-password links for new accounts: a 256-bit random token in the link, only its SHA-256
//! stored, valid for 7 days, usable once.

use crate::domain::audit::AuditAction;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::audit::{self, Actor, Entry};
use crate::domain::ids::{OrgId, UserId};
use crate::error::AppError;

/// Days a set-password link stays valid.
pub const LINK_DAYS: i64 = 7;

/// A fresh random token (64 hex characters) and its stored hash.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a set-password link for a new account and sends it (through the outbox).
pub async fn invite_new_account(
    tx: &mut SqliteConnection,
    config: &super::config::Config,
    actor: &Actor,
    user: UserId,
    org: Option<OrgId>,
) -> Result<(), AppError> {
    let (token, hash) = new_token();
    let expires = super::repo::from_now(chrono::Duration::days(LINK_DAYS));
    super::repo::accounts::insert_set_password(&mut *tx, user, &hash, org, &expires).await?;
    let email = super::repo::users::find(&mut *tx, user)
        .await?
        .ok_or(AppError::NotFound)?
        .email;
    let mut entry = Entry::new(actor, AuditAction::UserInvited, "user", user)
        .details(json!({ "email": email, "expires_at": expires }));
    if let Some(org) = org {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    let link = format!("{}/set-password?token={token}", config.public_url);
    tracing::info!(to = %email, link = %link, "set-password link");
    let org_name = match org {
        Some(org) => Some(super::repo::orgs::name_of(&mut *tx, org).await?),
        None => None,
    };
    let about = org_name.map(|n| format!(" to join {n}")).unwrap_or_default();
    super::mail::queue(
        &mut *tx,
        config,
        super::mail::Mail {
            to: &email,
            subject: "Set your Orgboard password".into(),
            body: format!(
                "Hello,\n\nAn Orgboard account was created for you{about}. Set your password here (the link works once, for {LINK_DAYS} days):\n\n{link}\n"
            ),
            org,
        },
    )
    .await?;
    Ok(())
}

/// Why a link cannot be used, worded for the person holding it.
pub fn link_problem(expires_at: &str, used_at: Option<&str>, now: &str) -> Option<&'static str> {
    if used_at.is_some() {
        Some("This link has already been used. Sign in with your password, or ask your administrator for a new link.")
    } else if expires_at <= now {
        Some("This link has expired. Ask your organization's administrator to send you a new one.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_token(&a), ha);
        assert_ne!(ha, a);
    }

    #[test]
    fn used_and_expired_links_say_which() {
        let now = "2026-11-22T10:00:00Z";
        assert!(link_problem("2026-11-23T00:00:00Z", None, now).is_none());
        assert!(link_problem("2026-11-21T00:00:00Z", None, now)
            .unwrap()
            .contains("expired"));
        assert!(link_problem("2026-11-23T00:00:00Z", Some(now), now)
            .unwrap()
            .contains("already been used"));
    }
}

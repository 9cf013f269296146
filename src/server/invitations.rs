//! One-time links mailed to an address: a 256-bit random token in the link, only its SHA-256
//! stored, each valid for its purpose's time and usable once (`domain::account::LinkPurpose`).
//! The link is never logged; in the outbox it is replaced by a note once it stops working.

use crate::domain::account::LinkPurpose;
use crate::domain::audit::AuditAction;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::audit::{self, Actor, Entry};
use super::mail::{self, MailLink};
use super::repo::accounts::{self, NewLink};
use crate::domain::ids::{OrgId, UserId};
use crate::error::AppError;

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

/// A link just made, to write into one mail.
pub struct Issued {
    /// The full address, token included (only in the mail).
    pub url: String,
    /// The token's hash.
    pub hash: String,
    /// When it stops working.
    pub expires_at: String,
}

impl Issued {
    /// The outbox's view of the link.
    pub fn mail_link(&self) -> MailLink<'_> {
        MailLink {
            hash: &self.hash,
            url: &self.url,
            expires_at: &self.expires_at,
        }
    }
}

/// A link to a page of the site (`path`) with a fresh token and the given validity; nothing
/// stored yet.
pub fn fresh_link(config: &super::config::Config, path: &str, valid: chrono::Duration) -> (Issued, String) {
    let (token, hash) = new_token();
    let url = format!("{}{path}?token={token}", config.public_url);
    let expires_at = super::repo::from_now(valid);
    (
        Issued {
            url,
            hash,
            expires_at,
        },
        token,
    )
}

/// Stores a new account link of `purpose` for `user` (about `org`, carrying `payload`) and
/// answers it, to be mailed.
pub async fn issue(
    tx: &mut SqliteConnection,
    config: &super::config::Config,
    user: UserId,
    purpose: LinkPurpose,
    org: Option<OrgId>,
    payload: &str,
) -> Result<Issued, AppError> {
    let (issued, _) = fresh_link(
        config,
        purpose.path(),
        chrono::Duration::hours(purpose.valid_hours()),
    );
    accounts::insert(
        &mut *tx,
        &NewLink {
            user,
            purpose,
            hash: &issued.hash,
            org,
            payload,
            expires_at: &issued.expires_at,
        },
    )
    .await?;
    Ok(issued)
}

/// Queues a mail to `to` whose `body` holds `{link}` where the link goes.
pub async fn mail_link(
    tx: &mut SqliteConnection,
    config: &super::config::Config,
    to: &str,
    subject: String,
    body: &str,
    org: Option<OrgId>,
    link: &Issued,
) -> Result<(), AppError> {
    mail::queue(
        &mut *tx,
        config,
        mail::Mail {
            to,
            subject,
            body: body.replace("{link}", &link.url),
            org,
            link: Some(link.mail_link()),
        },
    )
    .await?;
    Ok(())
}

/// Creates a set-password link for an account an administrator made (or took back from an
/// unconfirmed sign-up) and sends it.
pub async fn invite_new_account(
    tx: &mut SqliteConnection,
    config: &super::config::Config,
    actor: &Actor,
    user: UserId,
    org: Option<OrgId>,
) -> Result<(), AppError> {
    let purpose = LinkPurpose::SetPassword;
    let link = issue(&mut *tx, config, user, purpose, org, "").await?;
    let email = super::repo::users::find(&mut *tx, user)
        .await?
        .ok_or(AppError::NotFound)?
        .email;
    let mut entry = Entry::new(actor, AuditAction::UserInvited, "user", user)
        .details(json!({ "email": email, "expires_at": link.expires_at }));
    if let Some(org) = org {
        entry = entry.in_org(org);
    }
    audit::record(&mut *tx, entry).await?;
    let org_name = match org {
        Some(org) => Some(super::repo::orgs::name_of(&mut *tx, org).await?),
        None => None,
    };
    let about = org_name.map(|n| format!(" to join {n}")).unwrap_or_default();
    let body = format!(
        "Hello,\n\nAn Orgboard account was created for you{about}. Set your password here (the link works once, for {}):\n\n{{link}}\n",
        purpose.validity_text()
    );
    mail_link(
        tx,
        config,
        &email,
        "Set your Orgboard password".into(),
        &body,
        org,
        &link,
    )
    .await
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
}

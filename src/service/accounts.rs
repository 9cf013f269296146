//! Accounts: platform admins made from the command line, the accounts administrators add (an
//! address never proved is taken back, not trusted), and the one-time links mailed to an
//! address: set a first password, confirm a sign-up, reset a forgotten password. Each link is
//! checked, then used exactly once. Signing in stays with the session code (`server::auth`).

use crate::domain::account::{dead_link_message, link_works, reset_requested_message, LinkPurpose};
use crate::domain::audit::AuditAction;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

use crate::domain::ids::UserId;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::config::Config;
use crate::server::invitations::{self, hash_token};
use crate::server::password;
use crate::server::repo::outbox::{self, LinkGone};
use crate::server::repo::{accounts, now, users};

/// The account an administrator's add (or a new organization's owner) lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claimed {
    /// The account.
    pub id: UserId,
    /// Made just now.
    pub created: bool,
    /// It existed, but its address was never proved: its password was cleared and its sessions
    /// ended, so whoever signed up with it keeps nothing.
    pub taken_back: bool,
}

impl Claimed {
    /// Whether the person must be sent a set-password link (they have no usable password).
    pub fn needs_link(self) -> bool {
        self.created || self.taken_back
    }
}

/// The account of `email` for an administrator adding that person: a proved account as it is;
/// one never proved is taken back (its password cleared, its sessions and links ended) and
/// treated like a new one; a new address gets an account named `name` without a password. The
/// caller sends the set-password link when `needs_link`.
pub async fn claim(
    tx: &mut SqliteConnection,
    actor: &Actor,
    email: &str,
    name: &str,
) -> Result<Claimed, AppError> {
    match users::find_by_email(&mut *tx, email).await? {
        Some(u) if u.is_verified() => Ok(Claimed {
            id: u.id,
            created: false,
            taken_back: false,
        }),
        Some(u) => {
            users::reset_unverified(&mut *tx, u.id).await?;
            retire_links(tx, u.id, &[LinkPurpose::VerifyEmail, LinkPurpose::ResetPassword]).await?;
            let entry = Entry::new(actor, AuditAction::UserUnverifiedReset, "user", u.id)
                .details(json!({ "email": u.email }));
            audit::record(&mut *tx, entry).await?;
            Ok(Claimed {
                id: u.id,
                created: false,
                taken_back: true,
            })
        }
        None => Ok(Claimed {
            id: users::insert(&mut *tx, email, name, None, false, false).await?,
            created: true,
            taken_back: false,
        }),
    }
}

/// Ends the unused links of `user` for `purposes`; their mails in the outbox say so.
pub async fn retire_links(
    tx: &mut SqliteConnection,
    user: UserId,
    purposes: &[LinkPurpose],
) -> Result<(), AppError> {
    for hash in accounts::retire(&mut *tx, user, purposes, &now()).await? {
        outbox::retire_link(&mut *tx, &hash, LinkGone::Replaced).await?;
    }
    Ok(())
}

/// The live link of `purpose` behind `token`, or the one answer for every dead one (expired,
/// used, replaced, tampered): `Conflict` with what to do.
pub async fn check_link(
    db: &SqlitePool,
    purpose: LinkPurpose,
    token: &str,
) -> Result<accounts::Link, AppError> {
    let dead = || AppError::Conflict(dead_link_message(purpose));
    let link = accounts::find(db, purpose, &hash_token(token.trim()))
        .await?
        .ok_or_else(dead)?;
    if link_works(&link.expires_at, link.used_at.as_deref(), &now()) {
        Ok(link)
    } else {
        Err(dead())
    }
}

/// Uses the link of `purpose` behind `token` inside `tx`, exactly once (of any number of
/// concurrent uses, one gets it); its mail in the outbox then says it was used.
pub async fn use_link(
    tx: &mut SqliteConnection,
    purpose: LinkPurpose,
    token: &str,
) -> Result<accounts::Link, AppError> {
    let hash = hash_token(token.trim());
    let link = accounts::consume(&mut *tx, purpose, &hash, &now())
        .await?
        .ok_or_else(|| AppError::Conflict(dead_link_message(purpose)))?;
    outbox::retire_link(&mut *tx, &hash, LinkGone::Used).await?;
    Ok(link)
}

/// Who a password was just set for, to start their session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordChosen {
    /// The account.
    pub user: UserId,
    /// Its email.
    pub email: String,
}

/// Sets the password of the account behind a set-password or reset link (which works once):
/// the address counts as proved and every session of the account ends; the caller starts a new
/// one for the person holding the link.
pub async fn choose_password(
    db: &SqlitePool,
    purpose: LinkPurpose,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<PasswordChosen, AppError> {
    // Checked first: a dead link costs no hashing.
    check_link(db, purpose, token).await?;
    validate::new_password_twice(password, confirm)?;
    let hash = password::hash(password.to_string()).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let link = use_link(&mut tx, purpose, token).await?;
    let user = link.user_id;
    users::set_password(&mut *tx, user, &hash).await?;
    crate::server::repo::sessions::end_all_but(&mut *tx, user, None).await?;
    retire_links(
        &mut tx,
        user,
        &[
            LinkPurpose::SetPassword,
            LinkPurpose::ResetPassword,
            LinkPurpose::VerifyEmail,
        ],
    )
    .await?;
    let action = match purpose {
        LinkPurpose::ResetPassword => AuditAction::UserPasswordReset,
        _ => AuditAction::UserPasswordSet,
    };
    let actor = Actor::user(user, &link.email);
    audit::record(&mut *tx, Entry::new(&actor, action, "user", user)).await?;
    tx.commit().await?;
    Ok(PasswordChosen {
        user,
        email: link.email,
    })
}

/// "Forgot password": mails a reset link (1 hour, once) when `email` belongs to an account that
/// is not disabled; the answer is the same either way, and so is the work done before it. The
/// limits per client address and per email are the caller's (`server::auth`), applied before.
pub async fn request_reset(db: &SqlitePool, config: &Config, email: &str) -> Result<String, AppError> {
    let email = validate::email(email)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(u) = users::find_by_email(&mut *tx, &email).await? {
        if !u.is_disabled {
            let purpose = LinkPurpose::ResetPassword;
            retire_links(&mut tx, u.id, &[purpose]).await?;
            let link = invitations::issue(&mut tx, config, u.id, purpose, None, "").await?;
            let body = format!(
                "Hello,\n\nSomeone asked to reset the password of your Orgboard account. Choose a new one here (the link works once, for {}):\n\n{{link}}\n\nIf it was not you, ignore this mail: your password stays as it is.\n",
                purpose.validity_text()
            );
            invitations::mail_link(
                &mut tx,
                config,
                &u.email,
                "Reset your Orgboard password".into(),
                &body,
                None,
                &link,
            )
            .await?;
            let actor = Actor::user(u.id, &u.email);
            audit::record(
                &mut *tx,
                Entry::new(&actor, AuditAction::UserPasswordResetRequested, "user", u.id),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(reset_requested_message(&email))
}

/// Whether `create_or_promote_admin` made a new account or promoted an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminOutcome {
    /// A new platform admin account.
    Created(UserId),
    /// An existing account, now a platform admin with the given name and password.
    Promoted(UserId),
}

/// Creates a platform admin, or promotes (and re-enables) the existing account with that email,
/// setting its name and password. Validated like every form; one transaction with its audit row.
pub async fn create_or_promote_admin(
    db: &SqlitePool,
    email: &str,
    name: &str,
    password: &str,
) -> Result<AdminOutcome, AppError> {
    let email = validate::email(email)?;
    let name = validate::name(name)?;
    validate::new_password(password)?;
    let hash = password::hash(password.to_string()).await?;

    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let outcome = match users::find_by_email(&mut *tx, &email).await? {
        Some(existing) => {
            users::promote_to_admin(&mut *tx, existing.id, &name, &hash).await?;
            AdminOutcome::Promoted(existing.id)
        }
        None => AdminOutcome::Created(users::insert(&mut *tx, &email, &name, Some(&hash), true, true).await?),
    };
    let (action, id) = match outcome {
        AdminOutcome::Created(id) => (AuditAction::UserAdminCreated, id),
        AdminOutcome::Promoted(id) => (AuditAction::UserAdminPromoted, id),
    };
    audit::record(
        &mut *tx,
        Entry {
            actor: &Actor::system(),
            org: None,
            action,
            target_type: "user",
            target_id: id.to_string(),
            details: json!({ "email": email, "is_platform_admin": [false, true] }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// What every page says about this server: that it holds the demo, when it does (its accounts
/// share a published password).
pub async fn site_notice(db: &SqlitePool) -> Result<Option<String>, AppError> {
    let demo = crate::server::repo::sessions::has_demo(db).await?;
    Ok(demo.then(|| {
        "Demo data: the organizations, people and progress here are made up, and every demo account shares one published password. Do not put real data here."
            .to_string()
    }))
}

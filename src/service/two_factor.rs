//! Two-factor sign-in: setting it up from My account (a secret shown as a QR code, as text and
//! as an `otpauth://` link, confirmed with a code; ten recovery codes shown once), turning it
//! off, checking a code at sign-in (each code works once; wrong codes are audited and the
//! caller limits them), and who must use it: owners and admins of an organization that requires
//! it, platform admins when the platform does.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::ids::{OrgId, UserId};
use crate::domain::role::Action;
use crate::domain::two_factor::{show_recovery_code, typed_code, TwoFactorSetup, TwoFactorState, TypedCode};
use crate::error::AppError;
use crate::server::audit::{self, Actor, Entry};
use crate::server::repo::{two_factor, users};
use crate::server::totp;

/// Where the person stands.
pub async fn state(db: &SqlitePool, user: UserId) -> Result<TwoFactorState, AppError> {
    Ok(TwoFactorState {
        enabled: two_factor::secret(db, user).await?.is_some(),
        required: two_factor::required_for(db, user).await?,
        recovery_codes_left: two_factor::recovery_codes_left(db, user).await?,
    })
}

/// Whether `user` must set two-factor up before going on (required, and not on yet).
pub async fn must_set_up(db: &SqlitePool, user: UserId) -> Result<bool, AppError> {
    let s = state(db, user).await?;
    Ok(s.required && !s.enabled)
}

/// Starts setting two-factor up: a fresh secret, kept as pending until a code confirms it.
pub async fn begin(db: &SqlitePool, caller: &Caller) -> Result<TwoFactorSetup, AppError> {
    let me = caller.person()?;
    if two_factor::secret(db, me.id).await?.is_some() {
        return Err(AppError::Conflict(
            "Two-factor sign-in is on already. Turn it off first to move it to another app.".into(),
        ));
    }
    let setup = totp::new_setup(&me.email)?;
    two_factor::set_pending(db, me.id, &setup.secret).await?;
    Ok(setup)
}

/// Confirms the setup with a code from the app: two-factor is on, and the ten recovery codes
/// are answered (shown once; only their hashes are kept).
pub async fn enable(db: &SqlitePool, caller: &Caller, code: &str) -> Result<Vec<String>, AppError> {
    let me = caller.person()?;
    let Some(secret) = two_factor::pending(db, me.id).await? else {
        return Err(AppError::Conflict(
            "Start with Set up two-factor, then type the code your app shows.".into(),
        ));
    };
    let TypedCode::App(code) = typed_code(code).map_err(|m| AppError::invalid("code", m))? else {
        return Err(AppError::invalid("code", "Type the 6-digit code your app shows."));
    };
    let step = totp::step_of(&secret, &me.email, &code)?.ok_or_else(|| {
        AppError::invalid(
            "code",
            "That code is not right. Check that the app added this account, and that the phone's clock is right.",
        )
    })?;
    let (codes, hashes) = totp::new_recovery_codes();
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    two_factor::enable(&mut *tx, me.id, step).await?;
    two_factor::replace_recovery_codes(&mut tx, me.id, &hashes).await?;
    let actor = Actor::user(me.id, &me.email);
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::UserTwoFactorEnabled, "user", me.id),
    )
    .await?;
    tx.commit().await?;
    Ok(codes.iter().map(|c| show_recovery_code(c)).collect())
}

/// Turns two-factor off; the current password is needed, and a person who is required to use
/// it cannot.
pub async fn disable(db: &SqlitePool, caller: &Caller, current_password: &str) -> Result<(), AppError> {
    let me = caller.person()?;
    if two_factor::required_for(db, me.id).await? {
        return Err(AppError::Conflict(
            "Two-factor sign-in is required for your role, so it stays on. Set it up in a new app with your recovery codes if you lost the old one.".into(),
        ));
    }
    super::my_account::check_current_password(db, me.id, current_password).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    two_factor::disable(&mut tx, me.id).await?;
    let actor = Actor::user(me.id, &me.email);
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::UserTwoFactorDisabled, "user", me.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the second step of a sign-in: a code of the app (each time step once) or an unused
/// recovery code. A wrong code is audited and answered `Invalid` on `code` (the caller counts
/// it against its limit).
pub async fn check_code(db: &SqlitePool, user: UserId, typed: &str) -> Result<(), AppError> {
    let account = users::find(db, user).await?.ok_or(AppError::Unauthorized)?;
    let secret = two_factor::secret(db, user)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let actor = Actor::user(user, &account.email);
    let wrong = || {
        AppError::invalid(
            "code",
            "That code is not right. Type the newest code from your app, or a recovery code.",
        )
    };
    let ok = match typed_code(typed) {
        Ok(TypedCode::App(code)) => match totp::step_of(&secret, &account.email, &code)? {
            Some(step) => two_factor::use_step(db, user, step).await?,
            None => false,
        },
        Ok(TypedCode::Recovery(code)) => {
            let used =
                two_factor::use_recovery_code(db, user, &crate::server::invitations::hash_token(&code))
                    .await?;
            if used {
                audit::record(
                    db,
                    Entry::new(&actor, AuditAction::UserRecoveryCodeUsed, "user", user),
                )
                .await?;
            }
            used
        }
        Err(_) => false,
    };
    if ok {
        return Ok(());
    }
    audit::record(
        db,
        Entry::new(&actor, AuditAction::UserTwoFactorFailed, "user", user),
    )
    .await?;
    Err(wrong())
}

/// Whether `org` requires two-factor of its owners and admins (its settings readers).
pub async fn org_required(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<bool, AppError> {
    caller.require(db, org, Action::ManageSettings).await?;
    Ok(two_factor::org_requires(db, org).await?)
}

/// Sets whether `org` requires two-factor of its owners and admins; audited.
pub async fn set_org_required(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    required: bool,
) -> Result<(), AppError> {
    let access = caller.require(db, org, Action::ManageSettings).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = two_factor::org_requires(&mut *tx, org).await?;
    two_factor::set_org_requires(&mut *tx, org, required).await?;
    let actor = access.actor();
    let entry = Entry::new(
        &actor,
        AuditAction::OrganizationTwoFactorChanged,
        "organization",
        org,
    )
    .in_org(org)
    .details(serde_json::json!({ "require_two_factor": [before, required] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether platform admins must use two-factor.
pub async fn platform_required(db: &SqlitePool, caller: &Caller) -> Result<bool, AppError> {
    caller.platform_admin(db).await?;
    Ok(two_factor::platform_requires(db).await?)
}

/// Sets whether platform admins must use two-factor; audited.
pub async fn set_platform_required(db: &SqlitePool, caller: &Caller, required: bool) -> Result<(), AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = two_factor::platform_requires(&mut *tx).await?;
    two_factor::set_platform_requires(&mut *tx, required).await?;
    let entry = Entry::new(
        &actor,
        AuditAction::PlatformTwoFactorChanged,
        "platform",
        "two_factor",
    )
    .details(serde_json::json!({ "require_two_factor_admins": [before, required] }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

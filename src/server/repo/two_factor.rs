//! Two-factor sign-in: each account's TOTP secret (pending during setup, then confirmed), the
//! last time step used, its recovery codes (SHA-256 only), and who is required to use it.

use sqlx::SqliteExecutor;

use crate::domain::ids::{OrgId, UserId};

/// Keeps `secret` (base32) as the one being set up for `user`.
pub async fn set_pending(db: impl SqliteExecutor<'_>, user: UserId, secret: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET totp_pending_secret = ?2 WHERE id = ?1")
        .bind(user)
        .bind(secret)
        .execute(db)
        .await?;
    Ok(())
}

/// The secret being set up for `user`, if any.
pub async fn pending(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT totp_pending_secret FROM users WHERE id = ?1")
            .bind(user)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// Turns two-factor on with the pending secret, the code of time step `step` just used.
pub async fn enable(db: impl SqliteExecutor<'_>, user: UserId, step: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = ?3,
                totp_last_step = ?2
         WHERE id = ?1 AND totp_pending_secret IS NOT NULL",
    )
    .bind(user)
    .bind(step)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// The confirmed secret of `user`, when two-factor is on.
pub async fn secret(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = ?1 AND totp_enabled_at IS NOT NULL")
            .bind(user)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// Takes time step `step` for `user`, only when it is later than the last one used: a code
/// works once, however many try it at the same moment.
pub async fn use_step(db: impl SqliteExecutor<'_>, user: UserId, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2")
        .bind(user)
        .bind(step)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns two-factor off and drops its recovery codes.
pub async fn disable(db: &mut sqlx::SqliteConnection, user: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL WHERE id = ?1",
    )
    .bind(user)
    .execute(&mut *db)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?1")
        .bind(user)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Replaces the recovery codes of `user` by these hashes.
pub async fn replace_recovery_codes(
    db: &mut sqlx::SqliteConnection,
    user: UserId,
    hashes: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?1")
        .bind(user)
        .execute(&mut *db)
        .await?;
    for h in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)")
            .bind(user)
            .bind(h)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// Uses the recovery code with this hash, once.
pub async fn use_recovery_code(db: impl SqliteExecutor<'_>, user: UserId, hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
    )
    .bind(user)
    .bind(hash)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many recovery codes of `user` are left.
pub async fn recovery_codes_left(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL")
        .bind(user)
        .fetch_one(db)
        .await
}

/// Whether `user` must use two-factor: a platform admin when the platform requires it, an
/// owner or organization admin of an active membership in an organization that requires it.
pub async fn required_for(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (
             SELECT 1 FROM users u WHERE u.id = ?1 AND u.is_platform_admin = 1
                AND EXISTS (SELECT 1 FROM platform_settings WHERE name = 'require_two_factor_admins' AND value = '1'))
         OR EXISTS (
             SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
              WHERE m.user_id = ?1 AND m.status = 'active' AND m.role IN ('owner', 'org_admin')
                AND o.require_two_factor = 1)",
    )
    .bind(user)
    .fetch_one(db)
    .await
}

/// Whether `org` requires two-factor of its owners and admins.
pub async fn org_requires(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT require_two_factor = 1 FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_one(db)
        .await
}

/// Sets whether `org` requires two-factor of its owners and admins.
pub async fn set_org_requires(db: impl SqliteExecutor<'_>, org: OrgId, required: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE organizations SET require_two_factor = ?2 WHERE id = ?1")
        .bind(org)
        .bind(required)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether the platform requires two-factor of platform admins.
pub async fn platform_requires(db: impl SqliteExecutor<'_>) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM platform_settings WHERE name = 'require_two_factor_admins' AND value = '1')",
    )
    .fetch_one(db)
    .await
}

/// Sets whether the platform requires two-factor of platform admins.
pub async fn set_platform_requires(db: impl SqliteExecutor<'_>, required: bool) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO platform_settings (name, value) VALUES ('require_two_factor_admins', ?1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(if required { "1" } else { "0" })
    .execute(db)
    .await?;
    Ok(())
}

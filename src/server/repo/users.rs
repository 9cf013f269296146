//! Accounts.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::ids::{OrgId, UserId};
use crate::domain::role::Role;
use crate::domain::user_admin::{MembershipBrief, UserListItem};

/// A user as stored, including the password hash: never serialized, never leaves the server.
#[derive(sqlx::FromRow)]
pub struct UserRow {
    /// Account id.
    pub id: UserId,
    /// Lower-cased email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Argon2id PHC string, or none until the person sets a password.
    pub password_hash: Option<String>,
    /// Platform admin flag.
    pub is_platform_admin: bool,
    /// Disabled accounts cannot sign in and lose their sessions.
    pub is_disabled: bool,
    /// Sessions carry the epoch they were created in; bumping it ends them all.
    pub session_epoch: i64,
    /// When the person proved they read mail at this address; an account without it cannot
    /// sign in.
    pub email_verified_at: Option<String>,
}

impl UserRow {
    /// Whether the address was ever proved.
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

const COLUMNS: &str =
    "id, email, name, password_hash, is_platform_admin, is_disabled, session_epoch, email_verified_at";

/// The account with this email (any case), if any.
pub async fn find_by_email(db: impl SqliteExecutor<'_>, email: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE email = ?1"))
        .bind(email)
        .fetch_optional(db)
        .await
}

/// The account with this id, if any.
pub async fn find(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Creates an account; a duplicate email is a unique violation (→ `Conflict`). `verified`: the
/// address is proved already (the person opened a link sent to it, or an operator vouches).
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    email: &str,
    name: &str,
    password_hash: Option<&str>,
    is_platform_admin: bool,
    verified: bool,
) -> sqlx::Result<UserId> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, is_platform_admin, email_verified_at)
         VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN ?6 END) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(is_platform_admin)
    .bind(verified)
    .bind(super::now())
    .fetch_one(db)
    .await
}

/// Takes back an account whose address was never proved: its password (chosen by whoever
/// signed up) is cleared and its sessions end. Answers whether it was such an account.
pub async fn reset_unverified(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = NULL, session_epoch = session_epoch + 1
         WHERE id = ?1 AND email_verified_at IS NULL",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A new sign-up for an address that was never proved: the newest name and password replace the
/// earlier ones (which never worked).
pub async fn replace_unverified(
    db: impl SqliteExecutor<'_>,
    id: UserId,
    name: &str,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET name = ?2, password_hash = ?3, session_epoch = session_epoch + 1
         WHERE id = ?1 AND email_verified_at IS NULL",
    )
    .bind(id)
    .bind(name)
    .bind(password_hash)
    .execute(db)
    .await?;
    Ok(())
}

/// Notes that the person proved the address (kept from the first time).
pub async fn mark_verified(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?2) WHERE id = ?1")
        .bind(id)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of the account (the epoch they carry is bumped); answers the new epoch.
pub async fn end_sessions(db: impl SqliteExecutor<'_>, id: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?1 RETURNING session_epoch",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// Renames the account.
pub async fn set_name(db: impl SqliteExecutor<'_>, id: UserId, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET name = ?2 WHERE id = ?1")
        .bind(id)
        .bind(name)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves the account to a new (proved) address; a taken address is a unique violation.
pub async fn set_email(db: impl SqliteExecutor<'_>, id: UserId, email: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email = ?2, email_verified_at = ?3 WHERE id = ?1")
        .bind(id)
        .bind(email)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// Grants platform-admin rights, re-enables the account, sets its name and password, counts
/// its address as proved (the operator vouches) and ends every session it had.
pub async fn promote_to_admin(
    db: impl SqliteExecutor<'_>,
    id: UserId,
    name: &str,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET is_platform_admin = 1, is_disabled = 0, name = ?2, password_hash = ?3,
                email_verified_at = COALESCE(email_verified_at, ?4), session_epoch = session_epoch + 1
         WHERE id = ?1",
    )
    .bind(id)
    .bind(name)
    .bind(password_hash)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Sets the account's password (its hash) from a link mailed to its address or from My
/// account: the address counts as proved, and every session of the account ends (the caller
/// starts a new one for the person who set it). Answers the new session epoch.
pub async fn set_password(db: impl SqliteExecutor<'_>, id: UserId, hash: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "UPDATE users SET password_hash = ?2, email_verified_at = COALESCE(email_verified_at, ?3),
                session_epoch = session_epoch + 1
         WHERE id = ?1 RETURNING session_epoch",
    )
    .bind(id)
    .bind(hash)
    .bind(super::now())
    .fetch_one(db)
    .await
}

/// Disables or re-enables an account. Disabling bumps the session epoch, which ends
/// every session the person has, on every device.
pub async fn set_disabled(db: impl SqliteExecutor<'_>, id: UserId, disabled: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET is_disabled = ?2, session_epoch = session_epoch + (?2 = 1) WHERE id = ?1")
        .bind(id)
        .bind(disabled)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a successful sign-in: on the account, and as activity in every organization the
/// person is an active member of.
pub async fn touch_sign_in(db: &mut sqlx::SqliteConnection, id: UserId) -> sqlx::Result<()> {
    let now = super::now();
    sqlx::query("UPDATE users SET last_sign_in_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(&now)
        .execute(&mut *db)
        .await?;
    sqlx::query("UPDATE memberships SET last_active_at = ?2 WHERE user_id = ?1 AND status = 'active'")
        .bind(id)
        .bind(&now)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Ends every session of `user` when they have no active membership left (and are not a
/// platform admin): someone removed from their last organization is signed out everywhere.
pub async fn end_sessions_if_orphaned(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE users SET session_epoch = session_epoch + 1
         WHERE id = ?1 AND is_platform_admin = 0
           AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = ?1 AND status = 'active')",
    )
    .bind(user)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many accounts exist (the demo seeds only an empty database).
pub async fn count(db: impl SqliteExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: UserId,
    name: String,
    email: String,
    is_platform_admin: bool,
    is_disabled: bool,
    last_sign_in_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct BriefRow {
    user_id: UserId,
    org_id: OrgId,
    org_name: String,
    org_slug: String,
    role: String,
    status: String,
    teams: Option<String>,
}

/// Accounts whose name or email contains `search`, by name, one page, each with every membership.
pub async fn search(
    db: &mut SqliteConnection,
    search: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<UserListItem>, i64)> {
    let pattern = format!("%{}%", super::courses::escape_like(search.trim()));
    const FILTER: &str = "(?1 = '%%' OR name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\')";
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM users WHERE {FILTER}"))
        .bind(&pattern)
        .fetch_one(&mut *db)
        .await?;
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "SELECT id, name, email, is_platform_admin, is_disabled, last_sign_in_at FROM users
         WHERE {FILTER} ORDER BY name COLLATE NOCASE, id LIMIT ?2 OFFSET ?3"
    ))
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *db)
    .await?;
    let ids = serde_json::to_string(&rows.iter().map(|r| r.id.0).collect::<Vec<_>>()).unwrap_or_default();
    let briefs: Vec<BriefRow> = sqlx::query_as(
        "SELECT m.user_id, o.id AS org_id, o.name AS org_name, o.slug AS org_slug, m.role, m.status,
                (SELECT group_concat(t.name, '\x1f') FROM team_members tm JOIN teams t ON t.id = tm.team_id
                  WHERE tm.user_id = m.user_id AND t.organization_id = m.organization_id) AS teams
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id IN (SELECT value FROM json_each(?1))
         ORDER BY o.name COLLATE NOCASE",
    )
    .bind(ids)
    .fetch_all(&mut *db)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| UserListItem {
            memberships: briefs
                .iter()
                .filter(|b| b.user_id == r.id)
                .map(|b| MembershipBrief {
                    org_id: b.org_id,
                    org_name: b.org_name.clone(),
                    org_slug: b.org_slug.clone(),
                    role: b.role.parse().unwrap_or(Role::Member),
                    status: b.status.clone(),
                    teams: b
                        .teams
                        .as_deref()
                        .map(|t| t.split('\x1f').map(str::to_string).collect())
                        .unwrap_or_default(),
                })
                .collect(),
            id: r.id,
            name: r.name,
            email: r.email,
            is_platform_admin: r.is_platform_admin,
            is_disabled: r.is_disabled,
            last_sign_in_at: r.last_sign_in_at,
        })
        .collect();
    Ok((items, total))
}

/// Enabled platform admins.
pub async fn count_active_admins(db: impl SqliteExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE is_platform_admin = 1 AND is_disabled = 0")
        .fetch_one(db)
        .await
}

/// Grants or takes away platform admin.
pub async fn set_platform_admin(db: impl SqliteExecutor<'_>, id: UserId, admin: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET is_platform_admin = ?2 WHERE id = ?1")
        .bind(id)
        .bind(admin)
        .execute(db)
        .await?;
    Ok(())
}

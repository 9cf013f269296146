//! The `user_sessions` table: each signed-in session as its person sees it on My account, and
//! the `server_secrets` of the installation.

use sqlx::SqliteExecutor;

use crate::domain::ids::UserId;

/// A session to note at sign-in.
pub struct NewSession<'a> {
    /// Its handle (32 hex characters), kept in the session itself.
    pub id: &'a str,
    /// Whose.
    pub user: UserId,
    /// The browser's `User-Agent`, shortened.
    pub user_agent: &'a str,
    /// The client address.
    pub ip: &'a str,
}

/// Notes a new session.
pub async fn insert(db: impl SqliteExecutor<'_>, s: &NewSession<'_>) -> sqlx::Result<()> {
    let now = super::now();
    sqlx::query(
        "INSERT INTO user_sessions (id, user_id, user_agent, ip, started_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )
    .bind(s.id)
    .bind(s.user)
    .bind(s.user_agent)
    .bind(s.ip)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether session `id` of `user` is still on (not signed out from My account).
pub async fn is_live(db: impl SqliteExecutor<'_>, user: UserId, id: &str) -> sqlx::Result<bool> {
    let live: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM user_sessions WHERE id = ?1 AND user_id = ?2 AND ended_at IS NULL")
            .bind(id)
            .bind(user)
            .fetch_optional(db)
            .await?;
    Ok(live.is_some())
}

/// Notes that session `id` was seen now.
pub async fn touch(db: impl SqliteExecutor<'_>, id: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE user_sessions SET last_seen_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// Ends session `id` of `user`; answers whether there was such a live session.
pub async fn end(db: impl SqliteExecutor<'_>, user: UserId, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE user_sessions SET ended_at = ?3 WHERE id = ?1 AND user_id = ?2 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(user)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every live session of `user` but `keep` (if given); answers how many ended.
pub async fn end_all_but(db: impl SqliteExecutor<'_>, user: UserId, keep: Option<&str>) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE user_sessions SET ended_at = ?3 WHERE user_id = ?1 AND ended_at IS NULL AND id IS NOT ?2",
    )
    .bind(user)
    .bind(keep)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// A live session as listed on My account.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    /// Handle.
    pub id: String,
    /// Browser.
    pub user_agent: String,
    /// Address.
    pub ip: String,
    /// Signed in at.
    pub started_at: String,
    /// Last request at.
    pub last_seen_at: String,
}

/// The live sessions of `user` started after `since` (older ones have outlived the session
/// policy), newest first.
pub async fn live(db: impl SqliteExecutor<'_>, user: UserId, since: &str) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(
        "SELECT id, user_agent, ip, started_at, last_seen_at FROM user_sessions
         WHERE user_id = ?1 AND ended_at IS NULL AND started_at > ?2 ORDER BY started_at DESC LIMIT 50",
    )
    .bind(user)
    .bind(since)
    .fetch_all(db)
    .await
}

/// The secret called `name`, made from `fresh` and stored the first time it is asked for (every
/// server on the database then reads the same one).
pub async fn secret(db: &sqlx::SqlitePool, name: &str, fresh: &str) -> sqlx::Result<String> {
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(db)
        .await?;
    sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = ?1")
        .bind(name)
        .fetch_one(db)
        .await
}

/// Notes that this database holds the demo (the site then says so on every page).
pub async fn note_demo(db: impl SqliteExecutor<'_>) -> sqlx::Result<()> {
    sqlx::query("INSERT OR REPLACE INTO server_secrets (name, value) VALUES ('demo_data', '1')")
        .execute(db)
        .await?;
    Ok(())
}

/// Whether this database holds the demo.
pub async fn has_demo(db: impl SqliteExecutor<'_>) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM server_secrets WHERE name = 'demo_data')")
        .fetch_one(db)
        .await
}

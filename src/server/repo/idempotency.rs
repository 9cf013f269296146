//! Answers kept per API token and `Idempotency-Key`, so a retried write is answered, not redone.

use sqlx::SqliteExecutor;

/// A write already answered under a key.
#[derive(sqlx::FromRow)]
pub struct Seen {
    /// SHA-256 of the request body it answered.
    pub request_hash: String,
    /// The status it answered with.
    pub status: i64,
    /// The body it answered with.
    pub body: String,
}

/// The answer kept for `key` of `token`, if any.
pub async fn find(db: impl SqliteExecutor<'_>, token: i64, key: &str) -> sqlx::Result<Option<Seen>> {
    sqlx::query_as("SELECT request_hash, status, body FROM api_idempotency WHERE token_id = ?1 AND key = ?2")
        .bind(token)
        .bind(key)
        .fetch_optional(db)
        .await
}

/// Forgets `token`'s keys older than a day (long enough for any retry).
pub async fn forget_old(db: impl SqliteExecutor<'_>, token: i64, now: &str) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM api_idempotency WHERE token_id = ?1
           AND created_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?2, '-1 day')",
    )
    .bind(token)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Keeps the 200 answer `body` to the request with `request_hash` under `key` of `token`.
pub async fn keep(
    db: impl SqliteExecutor<'_>,
    token: i64,
    key: &str,
    request_hash: &str,
    body: &str,
    now: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO api_idempotency (token_id, key, request_hash, status, body, created_at)
         VALUES (?1, ?2, ?3, 200, ?4, ?5)",
    )
    .bind(token)
    .bind(key)
    .bind(request_hash)
    .bind(body)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

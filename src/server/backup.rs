//! Backups: a consistent snapshot of the live database (`orgboard backup FILE`), checked before
//! it is called good, and putting one back (`orgboard restore FILE`, server stopped).

use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqlitePool};

/// Row counts of the tables people care about, to compare a snapshot with what it came from.
pub const COUNTED: [&str; 6] = [
    "organizations",
    "users",
    "memberships",
    "teams",
    "progress",
    "audit_log",
];

/// What a snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// (table, rows) for each of `COUNTED`.
    pub counts: Vec<(String, i64)>,
}

async fn check(file: &Path) -> Result<Summary, String> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| format!("cannot check {}: {e}", file.display()))?;
    if verdict != "ok" {
        return Err(format!("{} is damaged: {verdict}", file.display()));
    }
    let migrated: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = '_sqlx_migrations'")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
    if migrated == 0 {
        return Err(format!("{} is not an Orgboard database.", file.display()));
    }
    let mut counts = Vec::new();
    for table in COUNTED {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .map_err(|e| format!("{} lacks {table}: {e}", file.display()))?;
        counts.push((table.to_string(), n));
    }
    conn.close().await.map_err(|e| e.to_string())?;
    Ok(Summary { counts })
}

/// Writes a consistent snapshot of `pool`'s database to `dest` (which must not exist) while
/// the server may keep writing: `VACUUM INTO` reads one transaction's view. The copy is then
/// opened on its own and checked (`integrity_check`), and its row counts returned.
pub async fn backup(pool: &SqlitePool, dest: &Path) -> Result<Summary, String> {
    if dest.exists() {
        return Err(format!(
            "{} already exists; choose a new file name.",
            dest.display()
        ));
    }
    let text = dest
        .to_str()
        .ok_or_else(|| format!("{} is not a usable file name.", dest.display()))?;
    sqlx::query("VACUUM INTO ?1")
        .bind(text)
        .execute(pool)
        .await
        .map_err(|e| format!("the snapshot failed: {e}"))?;
    check(dest).await
}

/// Puts the snapshot `src` in place of the database file `target` (the server must be stopped):
/// the snapshot is checked first, copied beside the target, and renamed over it in one step,
/// so a failure leaves the old database as it was. Returns the restored row counts.
pub async fn restore(src: &Path, target: &Path) -> Result<Summary, String> {
    let summary = check(src).await?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if target.exists() {
        // Refuse while something holds the database: a running server would keep writing into
        // a file that is about to be replaced.
        let mut conn = SqliteConnectOptions::new()
            .filename(target)
            .connect()
            .await
            .map_err(|e| format!("cannot open {}: {e}", target.display()))?;
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut conn)
            .await
            .map_err(|_| {
                format!(
                    "{} is in use: stop the server before restoring.",
                    target.display()
                )
            })?;
        sqlx::query("ROLLBACK")
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        // Fold the write-ahead log in and drop it, so no stale log is replayed onto the copy.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        conn.close().await.map_err(|e| e.to_string())?;
    }
    let staging = PathBuf::from(format!("{}.restoring", target.display()));
    std::fs::copy(src, &staging).map_err(|e| format!("cannot copy {}: {e}", src.display()))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| format!("cannot remove {}: {e}", side.display()))?;
        }
    }
    std::fs::rename(&staging, target).map_err(|e| format!("cannot move the copy into place: {e}"))?;
    let restored = check(target).await?;
    if restored != summary {
        return Err("the restored database differs from the snapshot; keep the snapshot and retry.".into());
    }
    Ok(restored)
}

/// The counts as one line for people.
pub fn describe(s: &Summary) -> String {
    s.counts
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

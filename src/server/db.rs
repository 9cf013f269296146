//! Opening and migrating the SQLite database, configured on purpose.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Default location of the embedded database.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/orgboard.db";

/// Opens (creating if missing, with its directory) the database at `url`:
/// WAL so readers never block the writer, `synchronous=NORMAL` (safe with WAL),
/// foreign keys on, a busy timeout so short write bursts queue instead of failing, and room for
/// big reads and writes in memory.
pub async fn connect(url: &str) -> Result<SqlitePool, String> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| format!("DATABASE_URL `{url}` is not a valid SQLite URL: {e}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A 32 MB page cache per connection (SQLite's default is 2 MB, small for 100,000
        // learners' progress), and temporary tables and sorts in memory, not in temp files.
        .pragma("cache_size", "-32768")
        .pragma("temp_store", "memory");
    let file = options.get_filename().to_path_buf();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the database directory {}: {e}", dir.display()))?;
    }
    SqlitePoolOptions::new()
        .max_connections(8)
        .after_connect(|conn, _| Box::pin(short_busy_waits(conn)))
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", file.display()))
}

/// SQLite's own busy handler (what `busy_timeout` installs) sleeps in growing steps of up to
/// 100 ms, so a writer that finds the database locked often sleeps long after the lock is free:
/// under a steady stream of writes that is most of the tail latency. This handler retries every
/// half millisecond, for the same 10 seconds in all. (It runs on the connection's own worker
/// thread, so the sleep blocks no async task.)
unsafe extern "C" fn busy_wait(_: *mut std::ffi::c_void, attempts: std::ffi::c_int) -> std::ffi::c_int {
    if attempts >= 20_000 {
        return 0;
    }
    std::thread::sleep(Duration::from_micros(500));
    1
}

async fn short_busy_waits(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let raw = handle.as_raw_handle().as_ptr();
    // SAFETY: `raw` is this connection's open handle, locked for the duration of the call;
    // `busy_wait` is a plain function that touches no shared state.
    let rc = unsafe { libsqlite3_sys::sqlite3_busy_handler(raw, Some(busy_wait), std::ptr::null_mut()) };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sqlx::Error::Protocol(format!(
            "cannot set the busy handler (SQLite code {rc})"
        )));
    }
    Ok(())
}

/// Applies every pending migration; the caller refuses to start when this fails.
pub async fn migrate(pool: &SqlitePool) -> Result<(), String> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|e| format!("database migrations failed: {e}"))
}

/// Opens and migrates in one step.
pub async fn open(url: &str) -> Result<SqlitePool, String> {
    let pool = connect(url).await?;
    migrate(&pool).await?;
    Ok(pool)
}

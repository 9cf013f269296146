//! Argon2id password hashing, always off the async runtime (~25 ms of CPU and 19 MiB per
//! hash), and never more than a few at once: a semaphore (`ORGBOARD_HASHES_AT_ONCE`, 4) lets
//! that many run; others wait up to `HASH_WAIT`, then get 429. A flood of sign-ins or sign-ups
//! therefore costs a bounded amount of CPU and memory, and everyone else keeps being served.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::Semaphore;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::AppError;

/// How long a hash waits for its turn before the request is refused.
pub const HASH_WAIT: Duration = Duration::from_secs(3);

static PERMITS: OnceLock<Semaphore> = OnceLock::new();

/// Sets how many hashes may run at once (once, at start; later calls change nothing).
pub fn set_hashes_at_once(n: u32) {
    let _ = PERMITS.set(Semaphore::new(n.max(1) as usize));
}

fn permits() -> &'static Semaphore {
    PERMITS.get_or_init(|| Semaphore::new(super::guard::Policy::default().hashes_at_once as usize))
}

/// A turn to hash, or 429 after `HASH_WAIT`.
async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(HASH_WAIT, permits().acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::TooManyRequests {
            message: "The server is busy checking passwords. Wait a few seconds, then try again.".into(),
            retry_after: 5,
        }),
    }
}

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashes that ever ran at the same time in this process (what the tests measure).
pub fn peak_at_once() -> usize {
    PEAK.load(Ordering::SeqCst)
}

/// Runs one hash computation, counted in `RUNNING`/`PEAK`.
fn counted<T>(work: impl FnOnce() -> T) -> T {
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    PEAK.fetch_max(now, Ordering::SeqCst);
    let out = work();
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    out
}

/// Hashes `password` with Argon2id at the OWASP parameters (m=19 MiB, t=2, p=1).
pub async fn hash(password: String) -> Result<String, AppError> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || counted(|| hash_blocking(&password)))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "hashing task failed");
            AppError::Internal
        })?
}

/// Blocking form, for the CLI and the seeder which are not serving requests.
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "argon2 hashing failed");
            AppError::Internal
        })
}

/// Checks `password` against `stored`. With no stored hash (unknown account, or one that has
/// never set a password) it still spends the same work on a dummy hash, so response time does
/// not reveal which emails exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        counted(|| {
            let (hash, real) = match &stored {
                Some(h) => (h.as_str(), true),
                None => (dummy_hash(), false),
            };
            let parsed = match PasswordHash::new(hash) {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "stored password hash is malformed");
                    return false;
                }
            };
            let ok = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            ok && real
        })
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "verification task failed");
        AppError::Internal
    })
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no account has this password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".into(), Some(h)).await.unwrap());
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}

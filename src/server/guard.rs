//! Limits against abuse, and the session policy: how often one address or one account may try
//! to sign in, how many invitations an organization may send an hour, how long sessions live.
//! All read from the environment once at start (documented in the README).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// A token bucket per key: `capacity` at once, refilled at `capacity` per minute. Kept in memory
/// (per process); buckets untouched for ten minutes are forgotten so the map stays small.
#[derive(Debug)]
pub struct Limiter<K> {
    capacity: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Eq + Hash + Clone> Limiter<K> {
    /// `per_minute` at once, refilled evenly over a minute.
    pub fn per_minute(per_minute: u32) -> Self {
        Limiter {
            capacity: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// A bucket's level at `now`, refilled since `at` (never above capacity).
    fn refilled(&self, level: f64, at: Instant, now: Instant) -> f64 {
        (level + now.duration_since(at).as_secs_f64() * self.capacity / 60.0).min(self.capacity)
    }

    /// Seconds until a bucket at `level` holds one again.
    fn wait(&self, level: f64) -> u64 {
        ((1.0 - level) / (self.capacity / 60.0)).ceil().max(1.0) as u64
    }

    /// Takes one from `key`'s bucket, or says how many seconds until one is free.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 10_000 {
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs() < 600);
        }
        let (level, at) = buckets.entry(key.clone()).or_insert((self.capacity, now));
        *level = self.refilled(*level, *at, now);
        *at = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            Err(self.wait(*level))
        }
    }

    /// Whether `key` has one left, without taking it.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        match buckets.get(key) {
            Some((level, at)) => {
                let level = self.refilled(*level, *at, now);
                if level >= 1.0 {
                    Ok(())
                } else {
                    Err(self.wait(level))
                }
            }
            None => Ok(()),
        }
    }
}

/// The limits and the session policy (read by `server::config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// A session ends after this many minutes without a request (`ORGBOARD_SESSION_IDLE_MINUTES`, 720).
    pub session_idle_minutes: i64,
    /// ... and this many hours after sign-in whatever happens (`ORGBOARD_SESSION_MAX_HOURS`, 168).
    pub session_max_hours: i64,
    /// Sign-in attempts per address per minute (`ORGBOARD_SIGN_IN_PER_IP_PER_MINUTE`, 60).
    pub sign_in_per_ip_per_minute: u32,
    /// Failed sign-ins per account per minute (`ORGBOARD_SIGN_IN_FAILURES_PER_MINUTE`, 10).
    pub sign_in_failures_per_minute: u32,
    /// Invitations an organization may send per hour (`ORGBOARD_INVITATIONS_PER_HOUR`, 500).
    pub invitations_per_org_per_hour: i64,
    /// `Secure` cookies and HSTS (`ORGBOARD_SECURE_COOKIES=1` when served over HTTPS).
    pub secure_cookies: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            session_idle_minutes: 720,
            session_max_hours: 168,
            sign_in_per_ip_per_minute: 60,
            sign_in_failures_per_minute: 10,
            invitations_per_org_per_hour: 500,
            secure_cookies: false,
        }
    }
}

/// The live counters, shared by every request (in `AppState`).
#[derive(Debug)]
pub struct Guard {
    /// Sign-in attempts per address.
    pub sign_in_ip: Limiter<IpAddr>,
    /// Failed sign-ins per (lower-cased) email.
    pub sign_in_account: Limiter<String>,
}

impl Guard {
    /// Counters with the limits of `policy`.
    pub fn new(policy: &Policy) -> Self {
        Self::with_limits(
            policy.sign_in_per_ip_per_minute,
            policy.sign_in_failures_per_minute,
        )
    }

    /// Counters with given limits (tests).
    pub fn with_limits(per_ip_per_minute: u32, failures_per_account_per_minute: u32) -> Self {
        Guard {
            sign_in_ip: Limiter::per_minute(per_ip_per_minute),
            sign_in_account: Limiter::per_minute(failures_per_account_per_minute),
        }
    }
}

impl Default for Guard {
    fn default() -> Self {
        Self::new(&Policy::default())
    }
}

/// Refuses a batch of `batch` invitations when `org` would send more than `limit` in the last
/// hour (sends and resends count), with the wait until enough of them age out.
pub async fn check_invitation_rate(
    db: &mut sqlx::SqliteConnection,
    org: crate::domain::ids::OrgId,
    batch: i64,
    limit: i64,
) -> Result<(), crate::error::AppError> {
    let sent = super::repo::members::invitations_sent_last_hour(&mut *db, org).await?;
    let count = sent.len() as i64;
    if count + batch <= limit {
        return Ok(());
    }
    // The wait: until the oldest sends that must age out are an hour old.
    let must_age = (count + batch - limit).clamp(1, count.max(1)) as usize;
    let wait = sent
        .get(must_age - 1)
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| (at.timestamp() + 3600 - chrono::Utc::now().timestamp()).max(1) as u64)
        .unwrap_or(3600);
    Err(crate::error::AppError::TooManyRequests {
        message: format!(
            "This organization has sent {count} invitations in the last hour; at most {limit} an hour \
             may go out. Wait {} minutes, or invite fewer people at once.",
            wait.div_ceil(60)
        ),
        retry_after: wait,
    })
}

/// "Wait 30 seconds, then try again (or reset your password)." for a wait of `seconds`.
pub fn wait_advice(seconds: u64) -> String {
    let wait = if seconds < 90 {
        format!("{seconds} seconds")
    } else {
        format!("{} minutes", seconds.div_ceil(60))
    };
    format!("Wait {wait}, then try again (or reset your password).")
}

/// The message of a refused sign-in, with the wait.
pub fn wait_message(seconds: u64) -> String {
    format!("Too many sign-in attempts. {}", wait_advice(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_and_says_how_long_to_wait() {
        let limiter = Limiter::per_minute(3);
        assert!(limiter.take(&1).is_ok());
        assert!(limiter.take(&1).is_ok());
        assert!(limiter.check(&1).is_ok());
        assert!(limiter.take(&1).is_ok());
        let wait = limiter.take(&1).unwrap_err();
        assert!(
            (1..=20).contains(&wait),
            "one of 3 per minute frees in ≤ 20 s, got {wait}"
        );
        assert_eq!(limiter.check(&1), Err(wait));
        assert!(limiter.take(&2).is_ok(), "buckets are per key");
    }

    #[test]
    fn waits_read_as_seconds_or_minutes() {
        assert!(wait_message(30).contains("30 seconds"));
        assert!(wait_message(900).contains("15 minutes"));
    }
}

//! Limits against abuse, and the session policy: how often one address or one account may try
//! to sign in, how many invitations an organization may send an hour, how long sessions live.
//! All read from the environment once at start (documented in the README).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// A token bucket per key: `capacity` at once, refilled at `capacity` per window (a minute or
/// an hour). Kept in memory (per process); buckets untouched for longer than two windows (at
/// least ten minutes) are forgotten so the map stays small.
#[derive(Debug)]
pub struct Limiter<K> {
    capacity: f64,
    window_secs: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Eq + Hash + Clone> Limiter<K> {
    /// `per_minute` at once, refilled evenly over a minute.
    pub fn per_minute(per_minute: u32) -> Self {
        Self::per_window(per_minute, 60)
    }

    /// `per_hour` at once, refilled evenly over an hour.
    pub fn per_hour(per_hour: u32) -> Self {
        Self::per_window(per_hour, 3600)
    }

    fn per_window(capacity: u32, window_secs: u64) -> Self {
        Limiter {
            capacity: f64::from(capacity.max(1)),
            window_secs: window_secs as f64,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// A bucket's level at `now`, refilled since `at` (never above capacity).
    fn refilled(&self, level: f64, at: Instant, now: Instant) -> f64 {
        (level + now.duration_since(at).as_secs_f64() * self.capacity / self.window_secs).min(self.capacity)
    }

    /// Seconds until a bucket at `level` holds one again.
    fn wait(&self, level: f64) -> u64 {
        ((1.0 - level) / (self.capacity / self.window_secs))
            .ceil()
            .max(1.0) as u64
    }

    /// Takes one from `key`'s bucket, or says how many seconds until one is free.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 10_000 {
            let keep = (2.0 * self.window_secs).max(600.0);
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs_f64() < keep);
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
    /// Failed sign-ins per account per minute from browsers that never signed in to it
    /// (`ORGBOARD_SIGN_IN_FAILURES_PER_MINUTE`, 10). A browser with the account's device cookie
    /// has its own count instead, so strangers cannot use this one to lock the person out.
    pub sign_in_failures_per_minute: u32,
    /// Mails with a link (sign-up, forgot password) per client address per minute
    /// (`ORGBOARD_LINK_MAILS_PER_IP_PER_MINUTE`, 10).
    pub link_mails_per_ip_per_minute: u32,
    /// ... and per email per hour (`ORGBOARD_LINK_MAILS_PER_EMAIL_PER_HOUR`, 5).
    pub link_mails_per_email_per_hour: u32,
    /// Password hashes that run at once (`ORGBOARD_HASHES_AT_ONCE`, 4); more wait briefly,
    /// then get 429.
    pub hashes_at_once: u32,
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
            link_mails_per_ip_per_minute: 10,
            link_mails_per_email_per_hour: 5,
            hashes_at_once: 4,
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
    /// Failed sign-ins per (lower-cased) email, from clients without that account's device
    /// cookie.
    pub sign_in_account: Limiter<String>,
    /// Failed sign-ins per device cookie.
    pub sign_in_device: Limiter<String>,
    /// Wrong two-factor codes per account.
    pub two_factor: Limiter<crate::domain::ids::UserId>,
    /// Link mails asked for per address.
    pub link_ip: Limiter<IpAddr>,
    /// Link mails asked for per email.
    pub link_email: Limiter<String>,
}

impl Guard {
    /// Counters with the limits of `policy`.
    pub fn new(policy: &Policy) -> Self {
        Guard {
            link_ip: Limiter::per_minute(policy.link_mails_per_ip_per_minute),
            link_email: Limiter::per_hour(policy.link_mails_per_email_per_hour),
            ..Self::with_limits(
                policy.sign_in_per_ip_per_minute,
                policy.sign_in_failures_per_minute,
            )
        }
    }

    /// Counters with given sign-in limits (tests); the rest at their defaults.
    pub fn with_limits(per_ip_per_minute: u32, failures_per_account_per_minute: u32) -> Self {
        let p = Policy::default();
        Guard {
            sign_in_ip: Limiter::per_minute(per_ip_per_minute),
            sign_in_account: Limiter::per_minute(failures_per_account_per_minute),
            sign_in_device: Limiter::per_minute(failures_per_account_per_minute),
            two_factor: Limiter::per_minute(TWO_FACTOR_TRIES_PER_MINUTE),
            link_ip: Limiter::per_minute(p.link_mails_per_ip_per_minute.max(per_ip_per_minute)),
            link_email: Limiter::per_hour(p.link_mails_per_email_per_hour),
        }
    }
}

/// Wrong two-factor codes one account may be sent per minute (a code has a million values: at
/// this pace guessing one takes years).
pub const TWO_FACTOR_TRIES_PER_MINUTE: u32 = 5;

/// The limits of one anonymous request that asks for a mail with a link (sign-up, forgot
/// password): per client address and per email, answered with 429 and the wait. The same for
/// every email, whether or not it has an account.
pub struct Gate<'a> {
    /// The counters.
    pub guard: &'a Guard,
    /// The client's address, when known.
    pub ip: Option<IpAddr>,
}

impl Gate<'_> {
    /// Takes one link mail for `email` from this client, or says how long to wait.
    pub fn link_mail(&self, email: &str) -> Result<(), crate::error::AppError> {
        let refuse = |seconds: u64| crate::error::AppError::TooManyRequests {
            message: format!(
                "Too many requests for links. Wait {}, then try again.",
                wait_words(seconds)
            ),
            retry_after: seconds,
        };
        if let Some(ip) = &self.ip {
            self.guard.link_ip.take(ip).map_err(refuse)?;
        }
        self.guard.link_email.take(&email.to_lowercase()).map_err(refuse)
    }

    /// A sign-up is a link mail (the confirmation link).
    pub fn sign_up(&self, email: &str) -> Result<(), crate::error::AppError> {
        self.link_mail(email)
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

/// "30 seconds" or "15 minutes".
pub fn wait_words(seconds: u64) -> String {
    if seconds < 90 {
        format!("{seconds} seconds")
    } else {
        format!("{} minutes", seconds.div_ceil(60))
    }
}

/// "Wait 30 seconds, then try again (or reset your password)." for a wait of `seconds`.
pub fn wait_advice(seconds: u64) -> String {
    format!(
        "Wait {}, then try again, sign in from a browser you used before, or reset your password with Forgot password.",
        wait_words(seconds)
    )
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
    fn hourly_buckets_refill_over_an_hour() {
        let limiter = Limiter::per_hour(2);
        assert!(limiter.take(&"a").is_ok());
        assert!(limiter.take(&"a").is_ok());
        let wait = limiter.take(&"a").unwrap_err();
        assert!(
            (1700..=1800).contains(&wait),
            "one of 2 per hour frees in ≤ 30 min, got {wait}"
        );
    }

    #[test]
    fn waits_read_as_seconds_or_minutes() {
        assert!(wait_message(30).contains("30 seconds"));
        assert!(wait_message(900).contains("15 minutes"));
    }
}

//! Calendar dates as the app stores them: `YYYY-MM-DD` (and ISO-8601 UTC timestamps that start
//! with one). Pure arithmetic on the proleptic Gregorian calendar, no clock.

/// Days since 1970-01-01 of the date at the start of `iso`, or `None` when it is no real date.
pub fn day_number(iso: &str) -> Option<i64> {
    let date = iso.get(..10)?;
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = date.get(r)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number (the inverse of `day_number`).
pub fn from_day_number(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date `days` after the date at the start of `iso`.
pub fn add_days(iso: &str, days: i64) -> Option<String> {
    Some(from_day_number(day_number(iso)? + days))
}

/// Whether `raw` is exactly a real `YYYY-MM-DD` date.
pub fn is_date(raw: &str) -> bool {
    raw.len() == 10 && day_number(raw).is_some()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_centuries() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01T00:00:00Z"), Some(11_017));
        for n in (-700_000..2_900_000).step_by(997) {
            assert_eq!(day_number(&from_day_number(n)), Some(n), "{}", from_day_number(n));
        }
    }

    #[test]
    fn only_real_dates_parse() {
        assert!(is_date("2028-02-29"));
        assert!(!is_date("2027-02-29"));
        assert!(!is_date("2026-04-31"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-01x"));
        assert!(!is_date("+026-01-01"));
        assert!(!is_date("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn adding_days_crosses_months_and_years() {
        assert_eq!(add_days("2026-12-25", 14).as_deref(), Some("2027-01-08"));
        assert_eq!(add_days("2028-02-28T10:00:00Z", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_days("nonsense", 1), None);
    }
}

//! How values are written for people.

/// The date part of an ISO-8601 timestamp (`2026-11-22T10:00:00Z` → `2026-11-22`).
pub fn date(iso: &str) -> String {
    iso.get(..10).unwrap_or(iso).to_string()
}

/// An optional expiry: "Never" when none.
pub fn expiry(iso: Option<&str>) -> String {
    iso.map(date).unwrap_or_else(|| "Never".to_string())
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn query_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A query string from (key, value) pairs, leaving out empty values: `?q=ann&page=2`.
pub fn query(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", query_value(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The text, or "—" when it is empty (an empty text node also trips hydration).
pub fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_expiry() {
        assert_eq!(date("2026-11-22T10:00:00Z"), "2026-11-22");
        assert_eq!(expiry(None), "Never");
        assert_eq!(expiry(Some("2027-01-02T00:00:00Z")), "2027-01-02");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(query_value("/admin?x=1&y=ä"), "/admin%3Fx%3D1%26y%3D%C3%A4");
    }

    #[test]
    fn query_strings_skip_empty_values() {
        assert_eq!(
            query(&[("q", "a b".into()), ("page", "2".into())]),
            "?q=a%20b&page=2"
        );
        assert_eq!(query(&[("q", String::new())]), "");
    }
}

//! Input rules shared by forms, the CLI and (later) the REST API.

use crate::error::AppError;

/// Longest accepted email (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Shortest accepted password (OWASP ASVS: at least 12 characters).
pub const PASSWORD_MIN: usize = 12;
/// Longest accepted password; Argon2 cost grows with length, so cap it.
pub const PASSWORD_MAX: usize = 256;
/// Longest accepted display name.
pub const NAME_MAX: usize = 120;

/// Trims and lower-cases an email and checks its shape: one `@`, a non-empty local part,
/// a domain with a dot, no spaces.
pub fn email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    let invalid = |message: &str| AppError::invalid("email", message);
    if email.is_empty() {
        return Err(invalid("Enter an email address."));
    }
    if email.len() > EMAIL_MAX {
        return Err(invalid(
            "This email address is too long (254 characters at most).",
        ));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(invalid("Enter an email address like name@example.com."));
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("Enter an email address like name@example.com."));
    }
    Ok(email)
}

/// Trims a display name and checks it is present and not too long.
pub fn name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Enter a name."));
    }
    if name.chars().count() > NAME_MAX {
        return Err(AppError::invalid(
            "name",
            "This name is too long (120 characters at most).",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "The name contains characters that cannot be shown.",
        ));
    }
    Ok(name.to_string())
}

/// Checks a new password's length. Spaces count: pass-phrases are welcome.
pub fn new_password(raw: &str) -> Result<(), AppError> {
    let len = raw.chars().count();
    if len < PASSWORD_MIN {
        return Err(AppError::invalid(
            "password",
            format!("Use at least {PASSWORD_MIN} characters for the password."),
        ));
    }
    if len > PASSWORD_MAX {
        return Err(AppError::invalid(
            "password",
            format!("Use at most {PASSWORD_MAX} characters for the password."),
        ));
    }
    Ok(())
}

/// A new password typed twice: long enough, not too long, and the same both times.
pub fn new_password_twice(password: &str, confirm: &str) -> Result<(), AppError> {
    new_password(password)?;
    if password != confirm {
        return Err(AppError::invalid(
            "confirm",
            "The two passwords differ. Type the same password twice.",
        ));
    }
    Ok(())
}

/// Trims a free-text field; `required` fields must not be empty; at most `max` characters.
/// `label` names the field in the message ("Enter a title.").
pub fn text(field: &str, label: &str, raw: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, format!("Enter {label}.")));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("This is too long: {max} characters at most."),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::invalid(
            field,
            "This contains characters that cannot be shown.",
        ));
    }
    Ok(value.to_string())
}

/// Parses a whole number typed into a form, within `min..=max`.
pub fn whole_number(field: &str, label: &str, raw: &str, min: i64, max: i64) -> Result<i64, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, format!("Enter {label}.")));
    }
    let n: i64 = value
        .parse()
        .map_err(|_| AppError::invalid(field, format!("Enter {label} as a whole number, like 12.")))?;
    if n < min || n > max {
        return Err(AppError::invalid(
            field,
            format!("Enter {label} between {min} and {max}."),
        ));
    }
    Ok(n)
}

/// Where to go after sign-in: only a path on this site, never another origin
/// (`//evil.example`, `https://…`, `/\evil`) — an open redirect would let a link phish.
pub fn safe_next(next: &str) -> Option<String> {
    let next = next.trim();
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    (local && !next.starts_with("/signin")).then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_is_checked_then_compared_with_its_repeat() {
        let field = |r: Result<(), AppError>| match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        };
        assert!(new_password_twice("long enough secret", "long enough secret").is_ok());
        assert_eq!(field(new_password_twice("short", "short")), "password");
        assert_eq!(
            field(new_password_twice("long enough secret", "long enough secreT")),
            "confirm"
        );
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(email("  Ada@Example.COM ").unwrap(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "a da@example.com",
            "ada@.com",
            "a@b@c.com",
            "ada@example..com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} accepted");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
        assert!(name("   ").is_err());
        assert!(name(&"x".repeat(121)).is_err());
        assert!(name("bell\u{7}").is_err());
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(new_password("short").is_err());
        assert!(new_password("correct horse").is_ok());
        assert!(new_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn next_only_allows_local_paths() {
        assert_eq!(safe_next("/admin?x=1").as_deref(), Some("/admin?x=1"));
        for bad in [
            "",
            "admin",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/signin",
            "/ok\nSet-Cookie: x",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?} accepted");
        }
    }

    #[test]
    fn text_fields_are_trimmed_required_and_bounded() {
        assert_eq!(text("title", "a title", "  Hi  ", 10, true).unwrap(), "Hi");
        assert_eq!(text("title", "a title", "   ", 10, false).unwrap(), "");
        let e = text("title", "a title", " ", 10, true).unwrap_err();
        assert_eq!(e, AppError::invalid("title", "Enter a title."));
        assert!(text("title", "a title", &"x".repeat(11), 10, true).is_err());
        assert!(text("title", "a title", "a\u{7}b", 10, true).is_err());
        assert_eq!(
            text("d", "a description", "line\nnext", 20, false).unwrap(),
            "line\nnext"
        );
    }

    #[test]
    fn whole_numbers_are_parsed_with_clear_messages() {
        assert_eq!(whole_number("n", "a count", " 7 ", 0, 10).unwrap(), 7);
        assert_eq!(
            whole_number("n", "a count", "", 0, 10).unwrap_err(),
            AppError::invalid("n", "Enter a count.")
        );
        assert!(whole_number("n", "a count", "seven", 0, 10)
            .unwrap_err()
            .to_string()
            .contains("whole number"));
        assert!(whole_number("n", "a count", "-1", 0, 10)
            .unwrap_err()
            .to_string()
            .contains("between 0 and 10"));
        assert!(whole_number("n", "a count", "11", 0, 10).is_err());
    }
}

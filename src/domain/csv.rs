//! CSV in and out (RFC 4180): member exports and member imports. Small on purpose: fields are
//! separated by commas, quoted with `"` when they hold a comma, quote or line break.

use serde::{Deserialize, Serialize};

use crate::domain::members::dashboard_role;
use crate::domain::role::Role;
use crate::domain::validate;

/// One field, quoted when needed. A leading `=`, `+`, `-` or `@` is prefixed with `'` so a
/// spreadsheet never runs it as a formula (CSV injection).
pub fn field(raw: &str) -> String {
    let safe = if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// One line of fields, ending in CRLF.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// Splits CSV text into records of fields. Quoted fields may hold commas, doubled quotes and
/// line breaks; blank lines are skipped. Returns the line number each record starts on.
pub fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut line_no = 1;
    let mut record_start = 1;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    current.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line_no += 1;
                    current.push('\n');
                }
                _ => current.push(c),
            }
            continue;
        }
        match c {
            '"' if current.is_empty() => {
                in_quotes = true;
                any = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut current));
                any = true;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut current));
                if any || fields.iter().any(|f| !f.trim().is_empty()) {
                    records.push((record_start, std::mem::take(&mut fields)));
                } else {
                    fields.clear();
                }
                any = false;
                line_no += 1;
                record_start = line_no;
            }
            _ => {
                current.push(c);
                if !c.is_whitespace() {
                    any = true;
                }
            }
        }
    }
    if in_quotes {
        return Err(format!("Line {record_start} opens a quote that is never closed."));
    }
    fields.push(current);
    if any || fields.iter().any(|f| !f.trim().is_empty()) {
        records.push((record_start, fields));
    }
    Ok(records)
}

/// One checked row of a member import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The line it came from.
    pub line: usize,
    /// Name.
    pub name: String,
    /// Email, lower-cased.
    pub email: String,
    /// Member or manager.
    pub role: Role,
    /// Team name, or empty.
    pub team: String,
}

/// What happened to one row of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    /// The line in the file.
    pub line: usize,
    /// The email as given.
    pub email: String,
    /// `added`, `invited`, `skipped` or `rejected`.
    pub outcome: String,
    /// Why (for skipped and rejected rows), or what (the team).
    pub detail: String,
}

/// Checks every row of an import: a header `name,email,role,team` (any order, role and team
/// optional) and then one person per line. Good rows come back checked; bad rows as rejected
/// outcomes with the reason. Repeated emails are rejected after their first row.
pub fn check_import(text: &str) -> Result<(Vec<ImportRow>, Vec<ImportOutcome>), String> {
    let records = parse(text)?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(
            "The file is empty. Put a header line name,email,role,team and then one person per line.".into(),
        );
    };
    let column = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(name_col), Some(email_col)) = (column("name"), column("email")) else {
        return Err(
            "The first line must name the columns: name,email,role,team (role and team may be left out)."
                .into(),
        );
    };
    let (role_col, team_col) = (column("role"), column("team"));
    if rows.len() > 10_000 {
        return Err("Import at most 10,000 people at once; split the file.".into());
    }
    let mut good: Vec<ImportRow> = Vec::new();
    let mut bad = Vec::new();
    for (line, fields) in rows {
        let get = |i: Option<usize>| i.and_then(|i| fields.get(i)).map(|s| s.trim()).unwrap_or("");
        let raw_email = get(Some(email_col)).to_string();
        let reject = |reason: String| ImportOutcome {
            line: *line,
            email: raw_email.clone(),
            outcome: "rejected".into(),
            detail: reason,
        };
        let email = match validate::email(&raw_email) {
            Ok(e) => e,
            Err(e) => {
                bad.push(reject(e.to_string()));
                continue;
            }
        };
        let name = match validate::name(get(Some(name_col))) {
            Ok(n) => n,
            Err(e) => {
                bad.push(reject(e.to_string()));
                continue;
            }
        };
        let role = match dashboard_role(get(role_col)) {
            Ok(r) => r,
            Err(e) => {
                bad.push(reject(format!("Role \"{}\": {e}", get(role_col))));
                continue;
            }
        };
        if good.iter().any(|g| g.email == email) {
            bad.push(reject("This email appears on an earlier line.".into()));
            continue;
        }
        good.push(ImportRow {
            line: *line,
            name,
            email,
            role,
            team: get(team_col).to_string(),
        });
    }
    Ok((good, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed_and_never_run_as_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(line(&["a", "b c"]), "a,b c\r\n");
    }

    #[test]
    fn parsing_handles_quotes_commas_and_line_breaks() {
        let text = "name,email\r\n\"Ruiz, Ana\",ana@x.example\n\n\"Multi\nLine\",\"q\"\"uote@x.example\"\n";
        let r = parse(text).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[1],
            (2, vec!["Ruiz, Ana".to_string(), "ana@x.example".to_string()])
        );
        assert_eq!(r[2].0, 4);
        assert_eq!(
            r[2].1,
            vec!["Multi\nLine".to_string(), "q\"uote@x.example".to_string()]
        );
        assert!(parse("a,\"open").is_err());
    }

    #[test]
    fn round_trip() {
        let fields = ["Ruiz, Ana", "ana@x.example", "line\nbreak", "\"q\""];
        let parsed = parse(&line(&fields)).unwrap();
        assert_eq!(
            parsed[0].1,
            fields.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn imports_check_every_row() {
        let text = "Email,Name,Role,Team\n\
                    ana@x.example,Ana Ruiz,manager,Finance\n\
                    not-an-email,Bob,member,\n\
                    cara@x.example,,member,\n\
                    dan@x.example,Dan,boss,\n\
                    ANA@x.example,Ana Again,,\n\
                    eve@x.example,Eve,,\n";
        let (good, bad) = check_import(text).unwrap();
        assert_eq!(good.len(), 2);
        assert_eq!(good[0].role, Role::Manager);
        assert_eq!(good[0].team, "Finance");
        assert_eq!(good[1].role, Role::Member);
        let lines: Vec<_> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(bad[2].detail.contains("Role \"boss\": Choose a role"));
        assert!(bad[3].detail.contains("earlier line"));
    }

    #[test]
    fn imports_need_a_header() {
        assert!(check_import("").is_err());
        assert!(check_import("ana@x.example,Ana\n")
            .unwrap_err()
            .contains("first line"));
    }
}

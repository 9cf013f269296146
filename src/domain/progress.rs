//! Progress recorded from outside (an LMS through the REST API): what a row may say, checked
//! before anything is written. The LMS is the source of truth for its courses, so a row sets
//! the learner's state as given (a course restarted there goes back to in progress here).

use serde::{Deserialize, Serialize};

use crate::domain::ids::{CourseId, UserId};
use crate::error::AppError;

/// Most rows one bulk request may carry.
pub const MAX_BULK_ROWS: usize = 10_000;

/// One progress row as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// The learner (a member of the organization).
    pub user_id: i64,
    /// The course.
    pub course_id: i64,
    /// `not_started`, `in_progress` or `completed`.
    pub status: String,
    /// 0–100; left out: 100 when completed, 0 when not started, from `lessons_done` otherwise.
    #[serde(default)]
    pub percent: Option<i64>,
    /// Lessons done, up to the course's lesson count; left out: all when completed, else 0.
    #[serde(default)]
    pub lessons_done: Option<i64>,
    /// Score 0–100, if the course is scored.
    #[serde(default)]
    pub score: Option<f64>,
    /// Total time spent, in seconds.
    #[serde(default)]
    pub time_spent_seconds: Option<i64>,
    /// When it happened, `YYYY-MM-DDTHH:MM:SSZ` (UTC); left out: now.
    #[serde(default)]
    pub at: Option<String>,
}

/// A row ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedProgress {
    /// Learner.
    pub user: UserId,
    /// Course.
    pub course: CourseId,
    /// Stored status.
    pub status: &'static str,
    /// 0–100.
    pub percent: i64,
    /// Lessons done.
    pub lessons_done: i64,
    /// Score.
    pub score: Option<f64>,
    /// Seconds.
    pub time_spent_seconds: i64,
    /// When (UTC).
    pub at: String,
}

/// What the checker needs to know about the row's learner and course.
#[derive(Debug, Clone, Copy)]
pub struct RowFacts {
    /// The learner is an active member of the organization.
    pub is_member: bool,
    /// The course's lesson count, or `None` when there is no such course.
    pub lesson_count: Option<i64>,
}

/// Whether `s` is a UTC timestamp `YYYY-MM-DDTHH:MM:SSZ` with plausible fields.
pub fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'Z'
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
        && num(17..19) < 60
}

/// Checks one row against its facts; `now` is the current UTC timestamp. Errors name the field.
pub fn check(input: &ProgressInput, facts: RowFacts, now: &str) -> Result<CheckedProgress, AppError> {
    if !facts.is_member {
        return Err(AppError::invalid(
            "user_id",
            format!(
                "Person {} is not an active member of this organization.",
                input.user_id
            ),
        ));
    }
    let Some(lessons) = facts.lesson_count else {
        return Err(AppError::invalid(
            "course_id",
            format!("There is no course {} in the catalog.", input.course_id),
        ));
    };
    let status = match input.status.as_str() {
        "not_started" => "not_started",
        "in_progress" => "in_progress",
        "completed" => "completed",
        _ => {
            return Err(AppError::invalid(
                "status",
                "Use not_started, in_progress or completed.",
            ))
        }
    };
    let lessons_done = match input.lessons_done {
        Some(n) if !(0..=lessons).contains(&n) => {
            return Err(AppError::invalid(
                "lessons_done",
                format!("This course has {lessons} lessons: send 0 to {lessons}."),
            ))
        }
        Some(n) => n,
        None if status == "completed" => lessons,
        None => 0,
    };
    let percent = match input.percent {
        Some(p) if !(0..=100).contains(&p) => {
            return Err(AppError::invalid("percent", "Send a percent from 0 to 100."))
        }
        Some(p) => p,
        None => match status {
            "completed" => 100,
            "not_started" => 0,
            _ => (lessons_done * 100 / lessons.max(1)).min(99),
        },
    };
    match status {
        "completed" if percent != 100 => {
            return Err(AppError::invalid(
                "percent",
                "A completed course is at 100 percent.",
            ))
        }
        "not_started" if percent != 0 || lessons_done != 0 => {
            return Err(AppError::invalid(
                "status",
                "A course not started has 0 percent and 0 lessons done; send in_progress instead.",
            ))
        }
        _ => {}
    }
    if let Some(s) = input.score {
        if !(0.0..=100.0).contains(&s) || s.is_nan() {
            return Err(AppError::invalid("score", "Send a score from 0 to 100."));
        }
    }
    let time_spent_seconds = input.time_spent_seconds.unwrap_or(0);
    if !(0..=315_360_000).contains(&time_spent_seconds) {
        return Err(AppError::invalid(
            "time_spent_seconds",
            "Send the time spent in seconds, 0 or more.",
        ));
    }
    let at = match input.at.as_deref() {
        None => now.to_string(),
        Some(at) if !is_utc_timestamp(at) => {
            return Err(AppError::invalid(
                "at",
                "Send the time as YYYY-MM-DDTHH:MM:SSZ (UTC), like 2026-11-30T09:15:00Z.",
            ))
        }
        Some(at) if at > now => return Err(AppError::invalid("at", "This time is in the future.")),
        Some(at) => at.to_string(),
    };
    Ok(CheckedProgress {
        user: UserId(input.user_id),
        course: CourseId(input.course_id),
        status,
        percent,
        lessons_done,
        score: input.score,
        time_spent_seconds,
        at,
    })
}

/// One refused row of a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowError {
    /// Its position in `rows`, from 0.
    pub row: usize,
    /// The field at fault.
    pub field: String,
    /// What was wrong.
    pub message: String,
}

/// Checks every row; either all pass or the errors of every failing row (in order), each naming
/// its row. Two rows for the same learner and course are refused too: which would win?
pub fn check_all(
    rows: &[ProgressInput],
    facts: impl Fn(&ProgressInput) -> RowFacts,
    now: &str,
) -> Result<Vec<CheckedProgress>, Vec<RowError>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if let Some(first) = seen.insert((row.user_id, row.course_id), i) {
            errors.push(RowError {
                row: i,
                field: "course_id".into(),
                message: format!("Row {first} already sets this learner's progress in this course."),
            });
            continue;
        }
        match check(row, facts(row), now) {
            Ok(c) => out.push(c),
            Err(AppError::Invalid { field, message }) => errors.push(RowError {
                row: i,
                field,
                message,
            }),
            Err(other) => errors.push(RowError {
                row: i,
                field: String::new(),
                message: other.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-30T10:00:00Z";
    const OK: RowFacts = RowFacts {
        is_member: true,
        lesson_count: Some(4),
    };

    fn row(status: &str) -> ProgressInput {
        ProgressInput {
            user_id: 1,
            course_id: 2,
            status: status.into(),
            percent: None,
            lessons_done: None,
            score: None,
            time_spent_seconds: None,
            at: None,
        }
    }

    fn field(r: Result<CheckedProgress, AppError>) -> String {
        match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_follow_the_status() {
        let c = check(&row("completed"), OK, NOW).unwrap();
        assert_eq!((c.percent, c.lessons_done, c.at.as_str()), (100, 4, NOW));
        let mut r = row("in_progress");
        r.lessons_done = Some(2);
        assert_eq!(check(&r, OK, NOW).unwrap().percent, 50);
        r.lessons_done = Some(4);
        assert_eq!(
            check(&r, OK, NOW).unwrap().percent,
            99,
            "in progress is never 100"
        );
        assert_eq!(check(&row("not_started"), OK, NOW).unwrap().percent, 0);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut r = row("done");
        assert_eq!(field(check(&r, OK, NOW)), "status");
        r = row("completed");
        r.percent = Some(80);
        assert_eq!(field(check(&r, OK, NOW)), "percent");
        r = row("in_progress");
        r.percent = Some(101);
        assert_eq!(field(check(&r, OK, NOW)), "percent");
        r = row("in_progress");
        r.lessons_done = Some(5);
        assert_eq!(field(check(&r, OK, NOW)), "lessons_done");
        r = row("in_progress");
        r.score = Some(-1.0);
        assert_eq!(field(check(&r, OK, NOW)), "score");
        r = row("in_progress");
        r.time_spent_seconds = Some(-5);
        assert_eq!(field(check(&r, OK, NOW)), "time_spent_seconds");
        r = row("in_progress");
        r.at = Some("2026-11-30 09:00".into());
        assert_eq!(field(check(&r, OK, NOW)), "at");
        r.at = Some("2026-12-01T00:00:00Z".into());
        assert_eq!(field(check(&r, OK, NOW)), "at", "future");
        r = row("not_started");
        r.lessons_done = Some(1);
        assert_eq!(field(check(&r, OK, NOW)), "status");
        let stranger = RowFacts {
            is_member: false,
            lesson_count: Some(4),
        };
        assert_eq!(field(check(&row("completed"), stranger, NOW)), "user_id");
        let no_course = RowFacts {
            is_member: true,
            lesson_count: None,
        };
        assert_eq!(field(check(&row("completed"), no_course, NOW)), "course_id");
    }

    #[test]
    fn timestamps_are_strict() {
        assert!(is_utc_timestamp("2026-01-31T23:59:59Z"));
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00+01:00",
        ] {
            assert!(!is_utc_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn bulk_checks_every_row_and_names_each_bad_one() {
        let mut rows: Vec<ProgressInput> = (0..5)
            .map(|i| ProgressInput {
                course_id: i,
                ..row("completed")
            })
            .collect();
        assert_eq!(check_all(&rows, |_| OK, NOW).unwrap().len(), 5);
        rows[3].status = "finished".into();
        rows.push(rows[0].clone());
        let errors = check_all(&rows, |_| OK, NOW).unwrap_err();
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.row, e.field.as_str()))
                .collect::<Vec<_>>(),
            vec![(3, "status"), (5, "course_id")]
        );
    }
}

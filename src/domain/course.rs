//! The course catalog: what a course is, and the rules for writing one.

use serde::{Deserialize, Serialize};

use super::ids::CourseId;
use super::validate;
use crate::error::AppError;

/// Whether a course can be newly assigned. Retired courses stay in history and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CourseStatus {
    /// Not visible to learners yet.
    Draft,
    /// In the catalog; can be assigned.
    Published,
    /// Kept for history; cannot be newly assigned.
    Retired,
}

impl CourseStatus {
    /// Every status, in the order filters show them.
    pub const ALL: [CourseStatus; 3] = [
        CourseStatus::Published,
        CourseStatus::Draft,
        CourseStatus::Retired,
    ];

    /// The stored and URL form.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Draft => "draft",
            CourseStatus::Published => "published",
            CourseStatus::Retired => "retired",
        }
    }

    /// Parses the stored form.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            CourseStatus::Draft => "Draft",
            CourseStatus::Published => "Active",
            CourseStatus::Retired => "Retired",
        }
    }

    /// Whether a course in this status may be given to learners in a new assignment.
    pub fn assignable(self) -> bool {
        self == CourseStatus::Published
    }
}

/// A catalog course, as pages and the API see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    /// Id.
    pub id: CourseId,
    /// Short unique code (SEC-101).
    pub code: String,
    /// Title.
    pub title: String,
    /// What it teaches.
    pub description: String,
    /// Category for grouping.
    pub category: String,
    /// Number of lessons (at least one).
    pub lesson_count: i64,
    /// Expected duration in minutes.
    pub duration_minutes: i64,
    /// Draft, active or retired.
    pub status: CourseStatus,
}

/// The course form as typed (numbers arrive as text so mistakes get a clear message).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    /// Short unique code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Category.
    pub category: String,
    /// Number of lessons, as typed.
    pub lesson_count: String,
    /// Duration in minutes, as typed.
    pub duration_minutes: String,
}

/// A validated course, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseInput {
    /// Upper-cased code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Category.
    pub category: String,
    /// 1..=500.
    pub lesson_count: i64,
    /// 0..=10,000.
    pub duration_minutes: i64,
}

impl CourseForm {
    /// Checks every field; the first mistake is returned, naming its field.
    pub fn validate(&self) -> Result<CourseInput, AppError> {
        let code = validate::text("code", "a course code", &self.code, 40, true)?.to_uppercase();
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Err(AppError::invalid(
                "code",
                "Use letters, digits, '-', '_' or '.' in the code, like SEC-101.",
            ));
        }
        Ok(CourseInput {
            code,
            title: validate::text("title", "a title", &self.title, 200, true)?,
            description: validate::text("description", "a description", &self.description, 4000, false)?,
            category: validate::text("category", "a category", &self.category, 80, false)?,
            lesson_count: validate::whole_number(
                "lesson_count",
                "the number of lessons",
                &self.lesson_count,
                1,
                500,
            )?,
            duration_minutes: validate::whole_number(
                "duration_minutes",
                "the duration in minutes",
                &self.duration_minutes,
                0,
                10_000,
            )?,
        })
    }
}

impl From<&Course> for CourseForm {
    fn from(c: &Course) -> Self {
        CourseForm {
            code: c.code.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            category: c.category.clone(),
            lesson_count: c.lesson_count.to_string(),
            duration_minutes: c.duration_minutes.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CourseForm {
        CourseForm {
            code: " sec-101 ".into(),
            title: "Security Awareness".into(),
            description: "".into(),
            category: "Compliance".into(),
            lesson_count: "6".into(),
            duration_minutes: "45".into(),
        }
    }

    #[test]
    fn a_good_form_is_normalised() {
        let input = form().validate().unwrap();
        assert_eq!(input.code, "SEC-101");
        assert_eq!(input.lesson_count, 6);
        assert_eq!(input.duration_minutes, 45);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut CourseForm);
        let cases: [(Spoil, &str); 6] = [
            (|f| f.code = "".into(), "code"),
            (|f| f.code = "SEC 101".into(), "code"),
            (|f| f.title = "  ".into(), "title"),
            (|f| f.lesson_count = "0".into(), "lesson_count"),
            (|f| f.lesson_count = "six".into(), "lesson_count"),
            (|f| f.duration_minutes = "-5".into(), "duration_minutes"),
        ];
        for (spoil, field) in cases {
            let mut f = form();
            spoil(&mut f);
            match f.validate() {
                Err(AppError::Invalid { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn only_published_courses_are_assignable() {
        assert!(CourseStatus::Published.assignable());
        assert!(!CourseStatus::Retired.assignable());
        assert!(!CourseStatus::Draft.assignable());
        for s in CourseStatus::ALL {
            assert_eq!(CourseStatus::parse(s.as_str()), Some(s));
        }
    }
}

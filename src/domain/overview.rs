//! The Overview tab: an organization's front page. Every figure comes with the address of the
//! list behind it (the Members list, the Seats tab, a report), built here so the figure and the
//! list it links to are defined by the same filters.

use serde::{Deserialize, Serialize};

use super::ids::CourseId;
use super::rollup::Figures;
use super::seats::{days_until, SeatUsage};

/// How many courses the "most overdue" list shows.
pub const TOP_OVERDUE: usize = 5;

/// The windows of "members active in the last N days".
pub const ACTIVE_WINDOWS: [i64; 2] = [7, 30];

/// A course with its overdue learners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueCourse {
    /// The course.
    pub id: CourseId,
    /// Its title.
    pub title: String,
    /// Learners past the due date who have not completed it.
    pub overdue: i64,
}

/// Members active within one window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Active {
    /// The window in days.
    pub days: i64,
    /// Active members seen within it.
    pub members: i64,
}

/// Everything the Overview tab shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Seats used, pending and free.
    pub usage: SeatUsage,
    /// Active members (holding a seat).
    pub members: i64,
    /// Members seen in each of `ACTIVE_WINDOWS`.
    pub active: Vec<Active>,
    /// The organization's figures over every course; `None` when its plan has no reports.
    pub figures: Option<Figures>,
    /// The courses with the most overdue learners, most first (none overdue: empty).
    pub top_overdue: Vec<OverdueCourse>,
    /// Join requests waiting for a decision.
    pub join_requests: i64,
    /// When the organization expires, if ever.
    pub expires_at: Option<String>,
    /// "Expires on …", "Expired on …" or "No expiry date".
    pub expiry: String,
}

/// The courses with the most overdue learners: at most `TOP_OVERDUE`, most overdue first, ties
/// by title; courses with none overdue are left out.
pub fn top_overdue(rows: &[(CourseId, String, String, Figures)]) -> Vec<OverdueCourse> {
    let mut out: Vec<OverdueCourse> = rows
        .iter()
        .filter(|(.., f)| f.overdue > 0)
        .map(|(id, _, title, f)| OverdueCourse {
            id: *id,
            title: title.clone(),
            overdue: f.overdue,
        })
        .collect();
    out.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then_with(|| a.id.0.cmp(&b.id.0))
    });
    out.truncate(TOP_OVERDUE);
    out
}

/// The organization's figures over every course: the sum of the Course Report's rows (each row
/// counts one enrolment per person and course, so the sum counts each enrolment once).
pub fn total(rows: &[(CourseId, String, String, Figures)]) -> Figures {
    rows.iter().fold(Figures::default(), |mut t, (.., f)| {
        t.assigned += f.assigned;
        t.not_started += f.not_started;
        t.in_progress += f.in_progress;
        t.completed += f.completed;
        t.overdue += f.overdue;
        t.score_sum += f.score_sum;
        t.score_count += f.score_count;
        t.time_sum += f.time_sum;
        t.time_count += f.time_count;
        t
    })
}

/// The expiry as a sentence.
pub fn expiry_text(expires_at: Option<&str>, now: &str) -> String {
    let Some(at) = expires_at else {
        return "No expiry date".to_string();
    };
    let date = at.get(..10).unwrap_or(at);
    match days_until(at, now) {
        _ if at <= now => format!("Expired on {date}"),
        Some(0) => format!("Expires today ({date})"),
        Some(1) => format!("Expires tomorrow ({date})"),
        Some(d) => format!("Expires on {date}, in {d} days"),
        None => format!("Expires on {date}"),
    }
}

/// The addresses the figures link to.
pub mod links {
    use super::CourseId;

    /// The Seats tab.
    pub fn seats(slug: &str) -> String {
        format!("/orgs/{slug}/seats")
    }

    /// Members holding a seat.
    pub fn members(slug: &str) -> String {
        format!("/orgs/{slug}/members?status=active")
    }

    /// Members seen in the last `days` days.
    pub fn active(slug: &str, days: i64) -> String {
        format!("/orgs/{slug}/members?status=active&active={days}")
    }

    /// The Rollup report (completion of the organization, its departments and teams).
    pub fn completion(slug: &str) -> String {
        format!("/orgs/{slug}/reports?view=rollup")
    }

    /// The User Report cut to people with an overdue course.
    pub fn overdue(slug: &str) -> String {
        format!("/orgs/{slug}/reports?view=users&status=overdue")
    }

    /// One course's overdue learners.
    pub fn course_overdue(slug: &str, course: CourseId) -> String {
        format!(
            "/orgs/{slug}/reports?view=courses&status=overdue&learners={}",
            course.0
        )
    }

    /// The join requests on the Members tab.
    pub fn join_requests(slug: &str) -> String {
        format!("/orgs/{slug}/members#join-requests")
    }
}

/// Parses the Members list's "active in the last N days" filter: empty for any, else a whole
/// number of days from 1 to 365.
pub fn parse_active_days(raw: &str) -> Result<Option<i64>, crate::error::AppError> {
    match raw.trim() {
        "" => Ok(None),
        t => match t.parse::<i64>() {
            Ok(d) if (1..=365).contains(&d) => Ok(Some(d)),
            _ => Err(crate::error::AppError::invalid(
                "active",
                "Give the days as a whole number from 1 to 365, or leave it empty.",
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: i64,
        title: &str,
        assigned: i64,
        completed: i64,
        overdue: i64,
    ) -> (CourseId, String, String, Figures) {
        (
            CourseId(id),
            format!("C{id}"),
            title.to_string(),
            Figures {
                assigned,
                completed,
                not_started: assigned - completed,
                overdue,
                ..Figures::default()
            },
        )
    }

    #[test]
    fn the_most_overdue_courses_come_first_and_only_five() {
        let rows = vec![
            row(1, "Fire safety", 10, 2, 3),
            row(2, "anatomy", 10, 2, 3),
            row(3, "Billing", 10, 2, 9),
            row(4, "Done", 10, 10, 0),
            row(5, "E", 10, 0, 1),
            row(6, "F", 10, 0, 2),
            row(7, "G", 10, 0, 1),
            row(8, "H", 10, 0, 1),
        ];
        let top = top_overdue(&rows);
        let titles: Vec<&str> = top.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Billing", "anatomy", "Fire safety", "F", "E"]);
        assert!(top.iter().all(|c| c.overdue > 0));
        assert!(top_overdue(&[row(4, "Done", 10, 10, 0)]).is_empty());
    }

    #[test]
    fn the_total_adds_every_course() {
        let t = total(&[row(1, "A", 10, 5, 2), row(2, "B", 4, 1, 1)]);
        assert_eq!((t.assigned, t.completed, t.overdue, t.not_started), (14, 6, 3, 8));
        assert_eq!(t.completion_rate(), 42);
        assert_eq!(total(&[]).completion_rate(), 0);
    }

    #[test]
    fn expiry_reads_as_a_sentence() {
        let now = "2026-12-01T10:00:00Z";
        assert_eq!(expiry_text(None, now), "No expiry date");
        assert_eq!(
            expiry_text(Some("2026-11-20T00:00:00Z"), now),
            "Expired on 2026-11-20"
        );
        assert_eq!(
            expiry_text(Some("2026-12-01T23:00:00Z"), now),
            "Expires today (2026-12-01)"
        );
        assert_eq!(
            expiry_text(Some("2026-12-02T10:00:00Z"), now),
            "Expires tomorrow (2026-12-02)"
        );
        assert_eq!(
            expiry_text(Some("2027-01-01T00:00:00Z"), now),
            "Expires on 2027-01-01, in 31 days"
        );
    }

    #[test]
    fn the_active_filter_takes_days_from_1_to_365() {
        assert_eq!(parse_active_days("").unwrap(), None);
        assert_eq!(parse_active_days(" 7 ").unwrap(), Some(7));
        assert_eq!(parse_active_days("365").unwrap(), Some(365));
        for bad in ["0", "366", "-1", "seven", "1.5"] {
            assert!(parse_active_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn links_carry_the_filters_of_their_lists() {
        assert_eq!(
            links::active("acme", 7),
            "/orgs/acme/members?status=active&active=7"
        );
        assert_eq!(
            links::course_overdue("acme", CourseId(4)),
            "/orgs/acme/reports?view=courses&status=overdue&learners=4"
        );
    }
}

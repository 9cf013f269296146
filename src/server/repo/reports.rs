//! Report queries. Aggregates read the summary tables of migration 0014 (kept by triggers),
//! never raw progress rows; only drill-downs and one page of people read `progress`, through its
//! primary key. Every query names the organization.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::ids::{CourseId, OrgId, UserId};
use crate::domain::reports::{LearnerRow, PeopleSort, ReportScope, StatusFilter, WeekCount, PAGE_SIZE};
use crate::domain::rollup::{Figures, Progress};

/// The sums of summary rows (`SUMS`).
#[derive(sqlx::FromRow)]
struct Sums {
    assigned: i64,
    not_started: i64,
    in_progress: i64,
    completed: i64,
    score_sum: f64,
    score_count: i64,
    time_sum: i64,
    time_count: i64,
}

impl Sums {
    fn figures(self, overdue: i64) -> Figures {
        Figures {
            assigned: self.assigned,
            not_started: self.not_started,
            in_progress: self.in_progress,
            completed: self.completed,
            overdue,
            score_sum: self.score_sum,
            score_count: self.score_count,
            time_sum: self.time_sum,
            time_count: self.time_count,
        }
    }
}

/// An id, two names, the sums and the overdue count.
#[derive(sqlx::FromRow)]
struct NamedSums {
    id: i64,
    one: String,
    two: String,
    #[sqlx(flatten)]
    sums: Sums,
    overdue: i64,
}

/// A scope kind and id with its sums.
#[derive(sqlx::FromRow)]
struct ScopeSums {
    scope: String,
    scope_id: i64,
    #[sqlx(flatten)]
    sums: Sums,
}

/// Rows of an id, two names and the sums, with the id typed by `id`.
fn named<I>(rows: Vec<NamedSums>, id: fn(i64) -> I) -> Vec<(I, String, String, Figures)> {
    rows.into_iter()
        .map(|r| (id(r.id), r.one, r.two, r.sums.figures(r.overdue)))
        .collect()
}

fn scope_id(org: OrgId, scope: ReportScope) -> i64 {
    match scope {
        ReportScope::Organization => org.0,
        ReportScope::Department(d) => d.0,
        ReportScope::Team(t) => t.0,
    }
}

const SUMS: &str = "sum(s.assigned) AS assigned, sum(s.not_started) AS not_started,
    sum(s.in_progress) AS in_progress, sum(s.completed) AS completed, total(s.score_sum) AS score_sum,
    sum(s.score_count) AS score_count, sum(s.time_sum) AS time_sum, sum(s.time_count) AS time_count";

/// Course Report: figures per course in `scope` (`course` narrows to one), sorted by title.
pub async fn by_course(
    db: &mut SqliteConnection,
    org: OrgId,
    scope: ReportScope,
    course: Option<CourseId>,
    include_removed: bool,
    today: &str,
) -> sqlx::Result<Vec<(CourseId, String, String, Figures)>> {
    let rows: Vec<NamedSums> = sqlx::query_as(&format!(
        "SELECT s.course_id AS id, c.code AS one, c.title AS two, {SUMS},
                (SELECT coalesce(sum(d.open), 0) FROM report_due d
                 WHERE d.organization_id = ?1 AND d.scope = ?2 AND d.scope_id = ?3 AND d.course_id = s.course_id
                   AND (?4 OR d.removed = 0) AND d.due_date < ?6) AS overdue
         FROM report_summary s JOIN courses c ON c.id = s.course_id
         WHERE s.organization_id = ?1 AND s.scope = ?2 AND s.scope_id = ?3 AND (?4 OR s.removed = 0)
           AND (?5 IS NULL OR s.course_id = ?5)
         GROUP BY s.course_id HAVING sum(s.assigned) > 0
         ORDER BY c.title COLLATE NOCASE, s.course_id"
    ))
    .bind(org)
    .bind(scope.kind())
    .bind(scope_id(org, scope))
    .bind(include_removed)
    .bind(course)
    .bind(today)
    .fetch_all(&mut *db)
    .await?;
    Ok(named(rows, CourseId))
}

/// Rollup: figures of the organization, every department and every team (`course` narrows),
/// as (scope kind, id, figures).
pub async fn by_scope(
    db: &mut SqliteConnection,
    org: OrgId,
    course: Option<CourseId>,
    include_removed: bool,
    today: &str,
) -> sqlx::Result<Vec<(String, i64, Figures)>> {
    let rows: Vec<ScopeSums> = sqlx::query_as(&format!(
        "SELECT s.scope, s.scope_id, {SUMS}
         FROM report_summary s
         WHERE s.organization_id = ?1 AND (?2 OR s.removed = 0) AND (?3 IS NULL OR s.course_id = ?3)
         GROUP BY s.scope, s.scope_id"
    ))
    .bind(org)
    .bind(include_removed)
    .bind(course)
    .fetch_all(&mut *db)
    .await?;
    let overdue: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT d.scope, d.scope_id, sum(d.open) FROM report_due d
         WHERE d.organization_id = ?1 AND (?2 OR d.removed = 0) AND (?3 IS NULL OR d.course_id = ?3)
           AND d.due_date < ?4
         GROUP BY d.scope, d.scope_id",
    )
    .bind(org)
    .bind(include_removed)
    .bind(course)
    .bind(today)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let late = overdue
                .iter()
                .find(|(k, i, _)| *k == r.scope && *i == r.scope_id)
                .map(|(.., n)| *n)
                .unwrap_or(0);
            (r.scope, r.scope_id, r.sums.figures(late))
        })
        .collect())
}

pub use crate::domain::report_page::Structure;

/// The departments and teams of `org`, by name.
pub async fn structure(db: &mut SqliteConnection, org: OrgId) -> sqlx::Result<Structure> {
    let depts = sqlx::query_as(
        "SELECT id, parent_id, name FROM departments WHERE organization_id = ?1 ORDER BY name COLLATE NOCASE, id",
    )
    .bind(org)
    .fetch_all(&mut *db)
    .await?;
    let teams = sqlx::query_as(
        "SELECT id, department_id, name FROM teams WHERE organization_id = ?1 ORDER BY name COLLATE NOCASE, id",
    )
    .bind(org)
    .fetch_all(&mut *db)
    .await?;
    Ok((depts, teams))
}

/// The courses in `org`'s reports (the course filter's choices), by title.
pub async fn courses(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT c.id, c.title FROM courses c WHERE c.id IN
           (SELECT DISTINCT course_id FROM report_summary WHERE organization_id = ?1 AND scope = 'organization')
         ORDER BY c.title COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// The people of `scope` (`?1` organization, `?2` scope kind, `?3` scope id), as a FROM clause
/// ending in its WHERE: the whole organization reads report_people alone (in name order from
/// its index); a team or department goes through the places first.
fn people_in(scope: ReportScope) -> &'static str {
    match scope {
        ReportScope::Organization => "report_people rp WHERE rp.organization_id = ?1 AND ?2 = ?2 AND ?3 = ?3",
        _ => {
            "member_places mp JOIN report_people rp ON rp.organization_id = mp.organization_id AND rp.user_id = mp.user_id
             WHERE mp.organization_id = ?1 AND mp.scope = ?2 AND mp.scope_id = ?3"
        }
    }
}

/// One progress row of a person on the page: who, removed, status, score, time, due date.
#[derive(sqlx::FromRow)]
struct PersonProgress {
    user_id: UserId,
    removed: i64,
    status: String,
    score: Option<f64>,
    time_spent_seconds: i64,
    due_date: Option<String>,
}

/// What the User Report asks for.
#[derive(Clone, Copy)]
pub struct PeopleQuery<'a> {
    /// Whose people.
    pub scope: ReportScope,
    /// Figures over this course only.
    pub course: Option<CourseId>,
    /// Only people with a course in this state.
    pub status: Option<StatusFilter>,
    /// Whether removed members count.
    pub include_removed: bool,
    /// Today, for overdue.
    pub today: &'a str,
    /// The page, from 1; `None` for everyone.
    pub page: Option<i64>,
    /// How many people there are, when the caller counted them already.
    pub known_total: Option<i64>,
    /// A column to sort by, and whether descending (`None`: by name).
    pub sort: Option<(PeopleSort, bool)>,
}

/// One person of the User Report.
pub use crate::domain::report_page::PersonLine as PersonRow;

/// The User Report: one page of people in `scope` by name, with their figures (over one course
/// when `course` is set), and how many people there are in all (`known_total`: already counted
/// by the caller, e.g. from the distribution, when nothing narrows the list).
pub async fn people(
    db: &mut SqliteConnection,
    org: OrgId,
    q: &PeopleQuery<'_>,
) -> sqlx::Result<(Vec<PersonRow>, i64)> {
    let PeopleQuery {
        scope,
        course,
        status,
        include_removed,
        today,
        page,
        known_total,
        sort,
    } = *q;
    // Who: everyone placed in the scope with something counted (per course when filtered).
    let status_sql = match status {
        None => "",
        Some(StatusFilter::NotStarted) => " AND rp.not_started > 0",
        Some(StatusFilter::InProgress) => " AND rp.in_progress > 0",
        Some(StatusFilter::Completed) => " AND rp.completed > 0",
        Some(StatusFilter::Overdue) => {
            " AND EXISTS (SELECT 1 FROM progress x WHERE x.organization_id = rp.organization_id
               AND x.user_id = rp.user_id AND x.removed = rp.removed AND x.status <> 'completed' AND x.due_date < ?5
               AND (x.assigned = 1 OR x.status <> 'not_started') AND (?4 IS NULL OR x.course_id = ?4))"
        }
    };
    let course_sql = if course.is_some() {
        " AND EXISTS (SELECT 1 FROM progress x WHERE x.organization_id = rp.organization_id
            AND x.user_id = rp.user_id AND x.course_id = ?4 AND (x.assigned = 1 OR x.status <> 'not_started'))"
    } else {
        ""
    };
    let from = people_in(scope);
    let base = format!("FROM {from} AND rp.assigned > 0 AND (?6 OR rp.removed = 0){course_sql}{status_sql}");
    let total = match known_total {
        Some(n) if course.is_none() && status.is_none() => n,
        _ => {
            sqlx::query_scalar(&format!("SELECT count(*) {base}"))
                .bind(org)
                .bind(scope.kind())
                .bind(scope_id(org, scope))
                .bind(course)
                .bind(today)
                .bind(include_removed)
                .fetch_one(&mut *db)
                .await?
        }
    };
    let (limit, offset) = match page {
        Some(p) => (PAGE_SIZE, (p - 1) * PAGE_SIZE),
        None => (-1, 0),
    };
    // By name straight from the index unless another column is asked for; then by that
    // column, with the name order for ties.
    let (key, order) = match sort {
        None => (
            String::new(),
            "rp.sort_name COLLATE NOCASE, rp.user_id, rp.removed".to_string(),
        ),
        Some((by, desc)) => (
            format!(", {} AS sort_key", person_sort_key(by)),
            format!(
                "sort_key {} NULLS LAST, rp.sort_name COLLATE NOCASE, rp.user_id, rp.removed",
                if desc { "DESC" } else { "ASC" }
            ),
        ),
    };
    let outer = order.replace("sort_key", "rp.sort_key");
    let who: Vec<(UserId, String, String, i64, Option<String>)> = sqlx::query_as(&format!(
        "SELECT u.id, u.name, u.email, rp.removed, rp.last_activity_at
         FROM (SELECT rp.user_id, rp.removed, rp.last_activity_at, rp.sort_name{key} {base}
               ORDER BY {order} LIMIT ?7 OFFSET ?8) rp
         JOIN users u ON u.id = rp.user_id
         ORDER BY {outer}"
    ))
    .bind(org)
    .bind(scope.kind())
    .bind(scope_id(org, scope))
    .bind(course)
    .bind(today)
    .bind(include_removed)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *db)
    .await?;
    if who.is_empty() {
        return Ok((Vec::new(), total));
    }
    // Their figures, from their own progress rows, in one read by primary key. The ids are
    // integers, so they are safe to inline.
    let ids = who
        .iter()
        .map(|w| w.0 .0.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let rows: Vec<PersonProgress> = sqlx::query_as(&format!(
        "SELECT user_id, removed, status, score, time_spent_seconds, due_date FROM progress
         WHERE organization_id = ?1 AND user_id IN ({ids}) AND (?2 IS NULL OR course_id = ?2)
           AND (assigned = 1 OR status <> 'not_started')"
    ))
    .bind(org)
    .bind(course)
    .fetch_all(&mut *db)
    .await?;
    let mut figures: std::collections::HashMap<(UserId, i64), Figures> = std::collections::HashMap::new();
    for r in rows {
        figures.entry((r.user_id, r.removed)).or_default().add(
            &crate::domain::rollup::Enrolment {
                user: r.user_id,
                course: CourseId(0),
                teams: Vec::new(),
                progress: Progress::parse(&r.status),
                due: r.due_date,
                score: r.score,
                time_spent: r.time_spent_seconds,
                removed: r.removed == 1,
            },
            today,
        );
    }
    let out = who
        .into_iter()
        .map(|(user, name, email, removed, last)| {
            let f = figures.remove(&(user, removed)).unwrap_or_default();
            (user, name, email, removed == 1, f, last)
        })
        .collect();
    Ok((out, total))
}

/// The SQL of one User Report column for one person `rp`, counted over the same progress rows
/// as the figures the page shows (`?4` the course filter, `?5` today).
fn person_sort_key(by: PeopleSort) -> String {
    let rows = |what: &str, cond: &str| {
        format!(
            "(SELECT {what} FROM progress x WHERE x.organization_id = rp.organization_id AND x.user_id = rp.user_id
               AND x.removed = rp.removed AND (x.assigned = 1 OR x.status <> 'not_started')
               AND (?4 IS NULL OR x.course_id = ?4){cond})"
        )
    };
    match by {
        PeopleSort::Name => "lower(rp.sort_name)".into(),
        PeopleSort::Email => "(SELECT lower(e.email) FROM users e WHERE e.id = rp.user_id)".into(),
        PeopleSort::Assigned => rows("count(*)", ""),
        PeopleSort::Completed => rows("count(*)", " AND x.status = 'completed'"),
        PeopleSort::InProgress => rows("count(*)", " AND x.status = 'in_progress'"),
        PeopleSort::NotStarted => rows("count(*)", " AND x.status = 'not_started'"),
        PeopleSort::Overdue => rows("count(*)", " AND x.status <> 'completed' AND x.due_date < ?5"),
        // Whole percent rounded down, as shown, so ties sort by name as the page reads them.
        PeopleSort::CompletionRate => format!(
            "({} * 100 / max({}, 1))",
            rows("count(*)", " AND x.status = 'completed'"),
            rows("count(*)", "")
        ),
        PeopleSort::TimeSpent => rows("nullif(sum(x.time_spent_seconds), 0)", ""),
        PeopleSort::LastActivity => "rp.last_activity_at".into(),
    }
}

/// People per completion bucket (`domain::reports::bucket`) in `scope`.
pub async fn distribution(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    scope: ReportScope,
    include_removed: bool,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let from = people_in(scope);
    sqlx::query_as(&format!(
        "SELECT CASE WHEN rp.completed = 0 THEN 0 WHEN rp.completed >= rp.assigned THEN 3
                     WHEN rp.completed * 100 / rp.assigned >= 50 THEN 2 ELSE 1 END AS b, count(*)
         FROM {from} AND rp.assigned > 0 AND (?4 OR rp.removed = 0)
         GROUP BY b"
    ))
    .bind(org)
    .bind(scope.kind())
    .bind(scope_id(org, scope))
    .bind(include_removed)
    .fetch_all(db)
    .await
}

/// Completions per week in `scope` between two Mondays (inclusive).
pub async fn trend(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    scope: ReportScope,
    course: Option<CourseId>,
    include_removed: bool,
    from_week: &str,
    to_week: &str,
) -> sqlx::Result<Vec<WeekCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT week, sum(completed) FROM report_trend
         WHERE organization_id = ?1 AND scope = ?2 AND scope_id = ?3 AND (?4 IS NULL OR course_id = ?4)
           AND (?5 OR removed = 0) AND week BETWEEN ?6 AND ?7
         GROUP BY week ORDER BY week",
    )
    .bind(org)
    .bind(scope.kind())
    .bind(scope_id(org, scope))
    .bind(course)
    .bind(include_removed)
    .bind(from_week)
    .bind(to_week)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(week, completed)| WeekCount { week, completed })
        .collect())
}

#[derive(sqlx::FromRow)]
struct Learner {
    user_id: UserId,
    name: String,
    email: String,
    course_id: CourseId,
    title: String,
    status: String,
    percent: i64,
    score: Option<f64>,
    time_spent_seconds: i64,
    due_date: Option<String>,
    completed_at: Option<String>,
    last_activity_at: Option<String>,
    removed: i64,
}

/// Which learner rows (person × course) to list.
#[derive(Clone, Copy)]
pub struct LearnerQuery<'a> {
    /// Whose people.
    pub scope: ReportScope,
    /// One course only.
    pub course: Option<CourseId>,
    /// One person only.
    pub user: Option<UserId>,
    /// Only rows in this state.
    pub status: Option<StatusFilter>,
    /// Last activity from and to (dates).
    pub period: (Option<&'a str>, Option<&'a str>),
    /// Whether removed members count.
    pub include_removed: bool,
    /// Today, for overdue.
    pub today: &'a str,
}

/// Drill-down rows: one course's learners in `scope` (`course`), or one person's courses
/// (`user`), filtered by status and by last activity within the period.
pub async fn learners(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    q: &LearnerQuery<'_>,
) -> sqlx::Result<Vec<LearnerRow>> {
    let LearnerQuery {
        scope,
        course,
        user,
        status,
        period,
        include_removed,
        today,
    } = *q;
    let rows: Vec<Learner> = sqlx::query_as(
        "SELECT u.id AS user_id, u.name, u.email, p.course_id, c.title, p.status, p.percent, p.score, p.time_spent_seconds,
                p.due_date, p.completed_at, p.last_activity_at, p.removed
         FROM member_places mp
         JOIN progress p ON p.organization_id = mp.organization_id AND p.user_id = mp.user_id
         JOIN users u ON u.id = p.user_id
         JOIN courses c ON c.id = p.course_id
         WHERE mp.organization_id = ?1 AND mp.scope = ?2 AND mp.scope_id = ?3
           AND (?4 IS NULL OR p.course_id = ?4) AND (?5 IS NULL OR p.user_id = ?5)
           AND (p.assigned = 1 OR p.status <> 'not_started') AND (?6 OR p.removed = 0)
           AND (?7 IS NULL OR p.last_activity_at >= ?7) AND (?8 IS NULL OR p.last_activity_at < date(?8, '+1 day'))
           AND (?9 IS NULL OR (?9 = 'overdue' AND p.status <> 'completed' AND p.due_date < ?10) OR p.status = ?9)
         ORDER BY u.name COLLATE NOCASE, u.id, c.title COLLATE NOCASE
         LIMIT 1000",
    )
    .bind(org)
    .bind(scope.kind())
    .bind(scope_id(org, scope))
    .bind(course)
    .bind(user)
    .bind(include_removed)
    .bind(period.0)
    .bind(period.1)
    .bind(status.map(|s| s.as_str()))
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let progress = Progress::parse(&r.status);
            LearnerRow {
                user: r.user_id,
                name: r.name,
                email: r.email,
                course: r.course_id,
                course_title: r.title,
                status: progress.label().to_string(),
                percent: r.percent,
                score: r.score,
                time_spent: r.time_spent_seconds,
                overdue: progress != Progress::Completed && r.due_date.as_deref().is_some_and(|d| d < today),
                due_date: r.due_date,
                completed_at: r.completed_at,
                last_activity: r.last_activity_at,
                removed: r.removed == 1,
            }
        })
        .collect())
}

/// Admin > Reports: the organization-level figures of every organization, by name.
pub async fn all_orgs(
    db: &mut SqliteConnection,
    include_removed: bool,
    today: &str,
) -> sqlx::Result<Vec<(OrgId, String, String, Figures)>> {
    let rows: Vec<NamedSums> = sqlx::query_as(&format!(
        "SELECT o.id AS id, o.slug AS one, o.name AS two, {SUMS},
                (SELECT coalesce(sum(d.open), 0) FROM report_due d
                 WHERE d.organization_id = o.id AND d.scope = 'organization' AND d.scope_id = o.id
                   AND (?1 OR d.removed = 0) AND d.due_date < ?2) AS overdue
         FROM organizations o
         JOIN report_summary s ON s.organization_id = o.id AND s.scope = 'organization' AND s.scope_id = o.id
         WHERE ?1 OR s.removed = 0
         GROUP BY o.id ORDER BY o.name COLLATE NOCASE"
    ))
    .bind(include_removed)
    .bind(today)
    .fetch_all(&mut *db)
    .await?;
    Ok(named(rows, OrgId))
}

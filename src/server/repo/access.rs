//! Assignments, the facts `domain::access` decides from, and lesson completions.
//! Every query names the organization, so one organization's rows never answer for another's.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::access::{
    Assignment, CourseFact, DepartmentFact, Due, Facts, Membership, SeatFact, Target, TeamFact,
};
use crate::domain::assignments::{AssignmentView, LessonProgress};
use crate::domain::course::CourseStatus;
use crate::domain::ids::{AssignmentId, CourseId, DepartmentId, OrgId, TeamId, UserId};
use crate::domain::members::MemberStatus;
use crate::domain::org::OrgStatus;
use crate::domain::org_type::BenefitRole;
use crate::domain::role::Role;

/// Where an assignment points, as stored.
#[derive(sqlx::FromRow)]
struct Placed {
    id: AssignmentId,
    course_id: CourseId,
    level: String,
    department_id: Option<DepartmentId>,
    team_id: Option<TeamId>,
    user_id: Option<UserId>,
}

impl Placed {
    fn target(&self) -> Option<Target> {
        target_of(&self.level, self.department_id, self.team_id, self.user_id)
    }
}

/// An assignment as the access facts read it.
#[derive(sqlx::FromRow)]
struct FactAssignment {
    #[sqlx(flatten)]
    at: Placed,
    due_date: Option<String>,
    due_days: Option<i64>,
    created_at: String,
}

/// An assignment as the Courses tab lists it.
#[derive(sqlx::FromRow)]
struct Listed {
    #[sqlx(flatten)]
    at: Placed,
    code: String,
    title: String,
    target_name: Option<String>,
    due_date: Option<String>,
    due_days: Option<i64>,
    assigned_by: Option<String>,
    created_at: String,
}

/// A person's recorded progress in one course.
#[derive(sqlx::FromRow)]
struct ProgressRow {
    course_id: CourseId,
    title: String,
    status: String,
    percent: i64,
    lessons_done: i64,
    lesson_count: i64,
    last_activity_at: Option<String>,
}

fn target_of(level: &str, d: Option<DepartmentId>, t: Option<TeamId>, u: Option<UserId>) -> Option<Target> {
    match (level, d, t, u) {
        ("organization", ..) => Some(Target::Organization),
        ("department", Some(d), ..) => Some(Target::Department(d)),
        ("team", _, Some(t), _) => Some(Target::Team(t)),
        ("member", _, _, Some(u)) => Some(Target::Member(u)),
        _ => None,
    }
}

fn ids(target: Target) -> (Option<DepartmentId>, Option<TeamId>, Option<UserId>) {
    match target {
        Target::Organization => (None, None, None),
        Target::Department(d) => (Some(d), None, None),
        Target::Team(t) => (None, Some(t), None),
        Target::Member(u) => (None, None, Some(u)),
    }
}

/// The organization-wide part of the facts: loaded once, shared by every member's facts.
pub struct OrgFacts {
    org_name: String,
    org_status: OrgStatus,
    expires_at: Option<String>,
    departments: Vec<DepartmentFact>,
    assignments: Vec<Assignment>,
    seats: std::collections::HashMap<&'static str, Option<SeatFact>>,
    courses: Vec<CourseFact>,
}

/// One person's own part of the facts.
pub struct PersonFacts {
    /// The person.
    pub user: UserId,
    /// Their name.
    pub name: String,
    /// Their role, when they have a membership.
    pub role: Option<Role>,
    /// The membership.
    pub membership: Membership,
    /// Their teams in the organization.
    pub teams: Vec<TeamFact>,
}

impl OrgFacts {
    /// Loads `org`'s name, status, departments, assignments (only `user`'s member-level ones when
    /// given), seat types per role and the courses these mention. `None` when `org` does not exist.
    pub async fn load(
        db: &mut SqliteConnection,
        org: OrgId,
        user: Option<UserId>,
    ) -> sqlx::Result<Option<OrgFacts>> {
        let now = super::now();
        let head: Option<(String, String, Option<String>)> =
            sqlx::query_as("SELECT name, status, expires_at FROM organizations WHERE id = ?1")
                .bind(org)
                .fetch_optional(&mut *db)
                .await?;
        let Some((org_name, status, expires_at)) = head else {
            return Ok(None);
        };
        let departments: Vec<(DepartmentId, Option<DepartmentId>, String)> =
            sqlx::query_as("SELECT id, parent_id, name FROM departments WHERE organization_id = ?1")
                .bind(org)
                .fetch_all(&mut *db)
                .await?;
        let rows: Vec<FactAssignment> = sqlx::query_as(&super::one_or_all(
            "SELECT id, course_id, level, department_id, team_id, user_id, due_date, due_days, created_at
                 FROM assignments WHERE organization_id = ?1 AND (?2 IS NULL OR user_id IS NULL OR user_id = ?2)",
            user.is_some(),
        ))
        .bind(org)
        .bind(user)
        .fetch_all(&mut *db)
        .await?;
        let assignments: Vec<Assignment> = rows
            .into_iter()
            .filter_map(|r| {
                Some(Assignment {
                    id: r.at.id,
                    course: r.at.course_id,
                    target: r.at.target()?,
                    due: Due::from_columns(r.due_date, r.due_days),
                    created_at: r.created_at,
                })
            })
            .collect();
        let mut seats = std::collections::HashMap::new();
        for role in [
            Role::Owner,
            Role::OrgAdmin,
            Role::DepartmentAdmin,
            Role::Manager,
            Role::Member,
        ] {
            let key = BenefitRole::of(role).as_str();
            if !seats.contains_key(key) {
                seats.insert(key, seat_of(&mut *db, org, role).await?);
            }
        }
        let mut course_ids: Vec<CourseId> = assignments.iter().map(|a| a.course).collect();
        for seat in seats.values().flatten() {
            course_ids.extend(seat.courses.iter().copied());
        }
        course_ids.sort();
        course_ids.dedup();
        let courses = course_facts(&mut *db, &course_ids).await?;
        Ok(Some(OrgFacts {
            org_name,
            org_status: OrgStatus::effective(&status, expires_at.as_deref(), &now),
            expires_at,
            departments: departments
                .into_iter()
                .map(|(id, parent, name)| DepartmentFact { id, parent, name })
                .collect(),
            assignments,
            seats,
            courses,
        }))
    }

    /// The facts of one person, from the organization's part and theirs.
    pub fn of(&self, p: PersonFacts) -> Facts {
        let seat = p
            .role
            .and_then(|r| self.seats.get(BenefitRole::of(r).as_str()).cloned().flatten());
        Facts {
            user: p.user,
            user_name: p.name,
            org_name: self.org_name.clone(),
            org_status: self.org_status,
            expires_at: self.expires_at.clone(),
            membership: p.membership,
            teams: p.teams,
            departments: self.departments.clone(),
            assignments: self
                .assignments
                .iter()
                .filter(|a| !matches!(a.target, Target::Member(u) if u != p.user))
                .cloned()
                .collect(),
            seat,
            courses: self.courses.clone(),
        }
    }
}

fn membership_of(
    status: &str,
    joined_at: Option<String>,
    removed_at: Option<String>,
    created_at: String,
) -> Membership {
    match status {
        "active" => Membership::Active {
            joined_at: joined_at.unwrap_or(created_at),
        },
        "invited" => Membership::Invited,
        _ => Membership::Removed { removed_at },
    }
}

/// A person's membership as the access facts read it.
#[derive(sqlx::FromRow)]
struct PersonRow {
    id: UserId,
    name: String,
    role: String,
    status: String,
    joined_at: Option<String>,
    removed_at: Option<String>,
    created_at: String,
}
type TeamTuple = (UserId, TeamId, String, Option<DepartmentId>, String);

/// The own facts of every person with a membership in `org` (or only `user`), by user id.
pub async fn people_facts(
    db: &mut SqliteConnection,
    org: OrgId,
    user: Option<UserId>,
) -> sqlx::Result<Vec<PersonFacts>> {
    let one = user.is_some();
    let rows: Vec<PersonRow> = sqlx::query_as(&super::one_or_all(
        "SELECT u.id, u.name, m.role, m.status, m.joined_at, m.removed_at, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND (?2 IS NULL OR m.user_id = ?2) ORDER BY u.id",
        one,
    ))
    .bind(org)
    .bind(user)
    .fetch_all(&mut *db)
    .await?;
    let teams: Vec<TeamTuple> = sqlx::query_as(&super::one_or_all(
        "SELECT tm.user_id, t.id, t.name, t.department_id, tm.added_at
         FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE t.organization_id = ?1 AND (?2 IS NULL OR tm.user_id = ?2)
         ORDER BY tm.user_id, t.name COLLATE NOCASE",
        one,
    ))
    .bind(org)
    .bind(user)
    .fetch_all(&mut *db)
    .await?;
    let mut by_user: std::collections::HashMap<UserId, Vec<TeamFact>> = std::collections::HashMap::new();
    for (u, id, name, department, added_at) in teams {
        by_user.entry(u).or_default().push(TeamFact {
            id,
            name,
            department,
            added_at,
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| PersonFacts {
            user: r.id,
            name: r.name,
            role: Some(r.role.parse::<Role>().unwrap_or(Role::Member)),
            membership: membership_of(&r.status, r.joined_at, r.removed_at, r.created_at),
            teams: by_user.remove(&r.id).unwrap_or_default(),
        })
        .collect())
}

/// Everything `domain::access` needs for `user` in `org`; `None` when either does not exist.
pub async fn facts(db: &mut SqliteConnection, org: OrgId, user: UserId) -> sqlx::Result<Option<Facts>> {
    let Some(org_facts) = OrgFacts::load(&mut *db, org, Some(user)).await? else {
        return Ok(None);
    };
    let person = match people_facts(&mut *db, org, Some(user)).await?.pop() {
        Some(p) => p,
        None => {
            let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = ?1")
                .bind(user)
                .fetch_optional(&mut *db)
                .await?;
            let Some(name) = name else { return Ok(None) };
            PersonFacts {
                user,
                name,
                role: None,
                membership: Membership::None,
                teams: Vec::new(),
            }
        }
    };
    Ok(Some(org_facts.of(person)))
}

/// The seat type a role receives in `org`: the organization's own benefit for the role, else
/// its type's benefit, else the type's default seat type.
async fn seat_of(db: &mut SqliteConnection, org: OrgId, role: Role) -> sqlx::Result<Option<SeatFact>> {
    let seat: Option<(i64, String)> = sqlx::query_as(
        "SELECT s.id, s.name FROM seat_types s WHERE s.id = coalesce(
            (SELECT seat_type_id FROM org_seat_benefits WHERE organization_id = ?1 AND role = ?2),
            (SELECT b.seat_type_id FROM type_seat_benefits b JOIN organizations o ON o.type_id = b.type_id
              WHERE o.id = ?1 AND b.role = ?2),
            (SELECT t.default_seat_type_id FROM organization_types t JOIN organizations o ON o.type_id = t.id
              WHERE o.id = ?1))",
    )
    .bind(org)
    .bind(BenefitRole::of(role).as_str())
    .fetch_optional(&mut *db)
    .await?;
    let Some((id, name)) = seat else { return Ok(None) };
    let courses = sqlx::query_scalar("SELECT course_id FROM seat_type_courses WHERE seat_type_id = ?1")
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
    Ok(Some(SeatFact { name, courses }))
}

/// Title and status of each course in `ids`.
pub async fn course_facts(db: &mut SqliteConnection, ids: &[CourseId]) -> sqlx::Result<Vec<CourseFact>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
    // The list is made of integers only, so it is safe to inline.
    let rows: Vec<(CourseId, String, String)> = sqlx::query_as(&format!(
        "SELECT id, title, status FROM courses WHERE id IN ({list})"
    ))
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, status)| CourseFact {
            id,
            title,
            status: CourseStatus::parse(&status).unwrap_or(CourseStatus::Retired),
        })
        .collect())
}

/// The organizations `user` has ever belonged to (any membership status), by name.
pub async fn orgs_of(
    db: impl SqliteExecutor<'_>,
    user: UserId,
) -> sqlx::Result<Vec<(OrgId, String, String)>> {
    sqlx::query_as(
        "SELECT o.id, o.slug, o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = ?1 AND m.status IN ('active', 'removed') ORDER BY o.name COLLATE NOCASE",
    )
    .bind(user)
    .fetch_all(db)
    .await
}

/// `user`'s progress in `org` (rows with something recorded; `progress` also holds untouched
/// enrolments for the reports): course, title, status, percent, lessons done, last activity.
pub async fn progress_of(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Vec<LessonProgress>> {
    let rows: Vec<ProgressRow> = sqlx::query_as(
        "SELECT p.course_id, c.title, p.status, p.percent, p.lessons_done, c.lesson_count, p.last_activity_at
         FROM progress p JOIN courses c ON c.id = p.course_id
         WHERE p.organization_id = ?1 AND p.user_id = ?2 AND p.status <> 'not_started'",
    )
    .bind(org)
    .bind(user)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LessonProgress {
            course: r.course_id,
            title: r.title,
            status: r.status,
            percent: r.percent,
            lessons_done: r.lessons_done,
            lesson_count: r.lesson_count,
            last_activity: r.last_activity_at,
        })
        .collect())
}

/// The assignments of `org` as the Courses tab lists them, newest first.
pub async fn list(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<AssignmentView>> {
    let rows: Vec<Listed> = sqlx::query_as(
        "SELECT a.id, a.course_id, c.code, c.title, a.level, a.department_id, a.team_id, a.user_id,
                coalesce(d.name, t.name, u.name || ' (' || u.email || ')') AS target_name,
                a.due_date, a.due_days, by.email AS assigned_by, a.created_at
         FROM assignments a
         JOIN courses c ON c.id = a.course_id
         LEFT JOIN departments d ON d.id = a.department_id
         LEFT JOIN teams t ON t.id = a.team_id
         LEFT JOIN users u ON u.id = a.user_id
         LEFT JOIN users by ON by.id = a.assigned_by
         WHERE a.organization_id = ?1
         ORDER BY c.title COLLATE NOCASE, a.level, a.id",
    )
    .bind(org)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(AssignmentView {
                id: r.at.id,
                course: r.at.course_id,
                target: r.at.target()?,
                course_code: r.code,
                course_title: r.title,
                target_name: r.target_name.unwrap_or_default(),
                due: Due::from_columns(r.due_date, r.due_days),
                assigned_by: r.assigned_by.unwrap_or_default(),
                created_at: r.created_at,
                removable: false,
            })
        })
        .collect())
}

/// One assignment of `org` (none when it belongs to another organization).
pub async fn get(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: AssignmentId,
) -> sqlx::Result<Option<(CourseId, Target)>> {
    let row: Option<Placed> = sqlx::query_as(
        "SELECT id, course_id, level, department_id, team_id, user_id FROM assignments
         WHERE organization_id = ?1 AND id = ?2",
    )
    .bind(org)
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|r| Some((r.course_id, r.target()?))))
}

/// Assigns `course` to `target` in `org`, or changes the due date when it already is.
/// Returns the id and whether it was new.
pub async fn upsert(
    db: &mut SqliteConnection,
    org: OrgId,
    course: CourseId,
    target: Target,
    due: &Due,
    by: Option<UserId>,
) -> sqlx::Result<(AssignmentId, bool)> {
    let (d, t, u) = ids(target);
    let (date, days) = due.columns();
    let existing: Option<AssignmentId> = sqlx::query_scalar(
        "SELECT id FROM assignments WHERE organization_id = ?1 AND course_id = ?2 AND level = ?3
           AND department_id IS ?4 AND team_id IS ?5 AND user_id IS ?6",
    )
    .bind(org)
    .bind(course)
    .bind(target.level())
    .bind(d)
    .bind(t)
    .bind(u)
    .fetch_optional(&mut *db)
    .await?;
    if let Some(id) = existing {
        sqlx::query("UPDATE assignments SET due_date = ?2, due_days = ?3 WHERE id = ?1")
            .bind(id)
            .bind(date)
            .bind(days)
            .execute(&mut *db)
            .await?;
        return Ok((id, false));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO assignments (organization_id, course_id, level, department_id, team_id, user_id,
                                  due_date, due_days, assigned_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    )
    .bind(org)
    .bind(course)
    .bind(target.level())
    .bind(d)
    .bind(t)
    .bind(u)
    .bind(date)
    .bind(days)
    .bind(by)
    .fetch_one(&mut *db)
    .await?;
    Ok((id, true))
}

/// Deletes one assignment of `org`; false when there was none.
pub async fn delete(db: impl SqliteExecutor<'_>, org: OrgId, id: AssignmentId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM assignments WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The member of `org` with this email (any status), with their teams there.
pub async fn member_by_email(
    db: &mut SqliteConnection,
    org: OrgId,
    email: &str,
) -> sqlx::Result<Option<(UserId, MemberStatus, Vec<TeamId>)>> {
    let row: Option<(UserId, MemberStatus)> = sqlx::query_as(
        "SELECT u.id, m.status FROM users u JOIN memberships m ON m.user_id = u.id AND m.organization_id = ?1
         WHERE u.email = ?2 COLLATE NOCASE",
    )
    .bind(org)
    .bind(email)
    .fetch_optional(&mut *db)
    .await?;
    let Some((user, status)) = row else {
        return Ok(None);
    };
    let teams = super::members::teams_of(&mut *db, org, user).await?;
    Ok(Some((user, status, teams)))
}

/// The lessons of `course` that `user` completed in `org`.
pub async fn lessons_done(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
    course: CourseId,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT lesson FROM lesson_completions WHERE organization_id = ?1 AND user_id = ?2 AND course_id = ?3
         ORDER BY lesson",
    )
    .bind(org)
    .bind(user)
    .bind(course)
    .fetch_all(db)
    .await
}

/// Records lesson `lesson` of `course` (of `lesson_count`) as done and brings the progress row up
/// to date (lessons done, percent, status, started/completed/last activity). Returns false when
/// it was already done. Call inside a `BEGIN IMMEDIATE` transaction.
pub async fn complete_lesson(
    db: &mut SqliteConnection,
    org: OrgId,
    user: UserId,
    course: CourseId,
    lesson: i64,
    lesson_count: i64,
) -> sqlx::Result<bool> {
    let now = super::now();
    let added = sqlx::query(
        "INSERT INTO lesson_completions (organization_id, user_id, course_id, lesson, completed_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
    )
    .bind(org)
    .bind(user)
    .bind(course)
    .bind(lesson)
    .bind(&now)
    .execute(&mut *db)
    .await?
    .rows_affected()
        > 0;
    if !added {
        return Ok(false);
    }
    let done: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM lesson_completions WHERE organization_id = ?1 AND user_id = ?2 AND course_id = ?3",
    )
    .bind(org)
    .bind(user)
    .bind(course)
    .fetch_one(&mut *db)
    .await?;
    let done = done.min(lesson_count);
    let percent = (done * 100 / lesson_count.max(1)).clamp(0, 100);
    let status = if done >= lesson_count {
        "completed"
    } else {
        "in_progress"
    };
    let completed_at = (status == "completed").then(|| now.clone());
    sqlx::query(
        "INSERT INTO progress (organization_id, user_id, course_id, status, percent, lessons_done,
                               started_at, completed_at, last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)
         ON CONFLICT (organization_id, user_id, course_id) DO UPDATE SET
            status = CASE WHEN progress.status = 'completed' THEN 'completed' ELSE excluded.status END,
            percent = max(progress.percent, excluded.percent),
            lessons_done = max(progress.lessons_done, excluded.lessons_done),
            started_at = coalesce(progress.started_at, excluded.started_at),
            completed_at = coalesce(progress.completed_at, excluded.completed_at),
            last_activity_at = excluded.last_activity_at",
    )
    .bind(org)
    .bind(user)
    .bind(course)
    .bind(status)
    .bind(percent)
    .bind(done)
    .bind(&now)
    .bind(completed_at)
    .execute(&mut *db)
    .await?;
    Ok(true)
}

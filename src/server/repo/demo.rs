//! The demo's rows, written exactly as a long-running platform would hold them (back-dated
//! times, finished progress), which no service operation does: only `server::seed` calls these,
//! inside its one transaction on an empty database.

use sqlx::SqliteConnection;

use crate::domain::ids::{CourseId, DepartmentId, OrgId, OrgTypeId, TeamId, UserId};

/// A catalog course.
pub struct DemoCourse<'a> {
    /// Code.
    pub code: &'a str,
    /// Title.
    pub title: &'a str,
    /// Category.
    pub category: &'a str,
    /// Lessons.
    pub lessons: i64,
    /// Minutes.
    pub minutes: i64,
    /// `published`, `draft` or `retired`.
    pub status: &'a str,
}

/// Adds a course; its id.
pub async fn course(db: &mut SqliteConnection, c: &DemoCourse<'_>) -> sqlx::Result<CourseId> {
    sqlx::query_scalar(
        "INSERT INTO courses (code, title, category, lesson_count, duration_minutes, status, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )
    .bind(c.code)
    .bind(c.title)
    .bind(c.category)
    .bind(c.lessons)
    .bind(c.minutes)
    .bind(c.status)
    .bind(format!(
        "{}: a {}-minute {} course in {} lessons.",
        c.title, c.minutes, c.category, c.lessons
    ))
    .fetch_one(db)
    .await
}

/// Adds a seat type with the courses of `codes`; its id.
pub async fn seat_type(
    db: &mut SqliteConnection,
    name: &str,
    description: &str,
    codes: &[&str],
) -> sqlx::Result<i64> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO seat_types (name, description) VALUES (?1, ?2) RETURNING id")
            .bind(name)
            .bind(description)
            .fetch_one(&mut *db)
            .await?;
    for code in codes {
        sqlx::query("INSERT INTO seat_type_courses (seat_type_id, course_id) SELECT ?1, id FROM courses WHERE code = ?2")
            .bind(id)
            .bind(code)
            .execute(&mut *db)
            .await?;
    }
    Ok(id)
}

/// Gives `role` of organization type `ty` seat type `seat`.
pub async fn type_benefit(
    db: &mut SqliteConnection,
    ty: OrgTypeId,
    role: &str,
    seat: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO type_seat_benefits (type_id, role, seat_type_id) VALUES (?1, ?2, ?3)")
        .bind(ty)
        .bind(role)
        .bind(seat)
        .execute(db)
        .await?;
    Ok(())
}

/// Makes `seat` the default seat type of every organization type.
pub async fn default_seat_type(db: &mut SqliteConnection, seat: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE organization_types SET default_seat_type_id = ?1")
        .bind(seat)
        .execute(db)
        .await?;
    Ok(())
}

/// An organization type.
pub struct DemoOrgType<'a> {
    /// Name.
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Membership policy.
    pub policy: &'a str,
    /// Days of access, if limited.
    pub expiry_days: Option<i64>,
    /// Whether the REST API is part of it.
    pub api: bool,
}

/// Adds an organization type (the demo's plans include self-registration); its id.
pub async fn org_type(db: &mut SqliteConnection, t: &DemoOrgType<'_>) -> sqlx::Result<OrgTypeId> {
    sqlx::query_scalar(
        "INSERT INTO organization_types (name, description, membership_policy, expiry_days, feature_api,
                                         allow_domain_registration)
         VALUES (?1, ?2, ?3, ?4, ?5, 1) RETURNING id",
    )
    .bind(t.name)
    .bind(t.description)
    .bind(t.policy)
    .bind(t.expiry_days)
    .bind(t.api)
    .fetch_one(db)
    .await
}

/// Owners of organizations of type `t` add seats themselves up to `cap` in all.
pub async fn owner_seat_cap(db: &mut SqliteConnection, t: OrgTypeId, cap: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE organization_types SET owner_seats = 'cap', owner_seat_cap = ?2 WHERE id = ?1")
        .bind(t)
        .bind(cap)
        .execute(db)
        .await?;
    Ok(())
}

/// An organization.
pub struct DemoOrg<'a> {
    /// Name.
    pub name: &'a str,
    /// Slug.
    pub slug: &'a str,
    /// Industry.
    pub industry: &'a str,
    /// Owner (also its contact).
    pub owner: UserId,
    /// Type.
    pub kind: OrgTypeId,
    /// Seats bought.
    pub seats: i64,
    /// When access ends.
    pub expires_at: Option<String>,
    /// Its website.
    pub website: String,
    /// When it was created.
    pub created_at: String,
}

/// Adds an organization with its type's seat benefits, features, visibility and policy; its id.
pub async fn org(db: &mut SqliteConnection, o: &DemoOrg<'_>) -> sqlx::Result<OrgId> {
    let id: OrgId = sqlx::query_scalar(
        "INSERT INTO organizations (name, slug, industry, owner_user_id, type_id, seat_count, expires_at,
                                    description, website, contact_name, contact_email, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, u.name, u.email, ?10 FROM users u WHERE u.id = ?4
         RETURNING id",
    )
    .bind(o.name)
    .bind(o.slug)
    .bind(o.industry)
    .bind(o.owner)
    .bind(o.kind)
    .bind(o.seats)
    .bind(&o.expires_at)
    .bind(format!("{} trains its people with Orgboard.", o.name))
    .bind(&o.website)
    .bind(&o.created_at)
    .fetch_one(&mut *db)
    .await?;
    super::orgs::copy_type_benefits(&mut *db, id, Some(o.kind)).await?;
    sqlx::query(
        "UPDATE organizations SET (feature_reports, feature_csv_export, feature_api, allow_domain_registration,
                                   visibility, membership_policy)
            = (SELECT feature_reports, feature_csv_export, feature_api, allow_domain_registration,
                      visibility, membership_policy
               FROM organization_types WHERE id = ?2)
         WHERE id = ?1 AND ?2 IS NOT NULL",
    )
    .bind(id)
    .bind(o.kind)
    .execute(&mut *db)
    .await?;
    Ok(id)
}

/// Makes `user` an administrator of `department`.
pub async fn department_admin(
    db: &mut SqliteConnection,
    department: DepartmentId,
    user: UserId,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO department_admins (department_id, user_id) VALUES (?1, ?2)")
        .bind(department)
        .bind(user)
        .execute(db)
        .await?;
    Ok(())
}

/// An active membership.
pub struct DemoMember<'a> {
    /// Organization.
    pub org: OrgId,
    /// Person.
    pub user: UserId,
    /// Role as stored.
    pub role: &'a str,
    /// When they joined (also when they entered their teams).
    pub joined_at: &'a str,
    /// When they were last active.
    pub last_active_at: &'a str,
    /// Their teams, with whether they lead each.
    pub teams: &'a [TeamId],
}

/// Adds an active membership holding a seat, with its teams.
pub async fn member(db: &mut SqliteConnection, m: &DemoMember<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at, last_active_at)
         VALUES (?1, ?2, ?3, 'active', 1, ?4, ?5)",
    )
    .bind(m.org)
    .bind(m.user)
    .bind(m.role)
    .bind(m.joined_at)
    .bind(m.last_active_at)
    .execute(&mut *db)
    .await?;
    for team in m.teams {
        sqlx::query("INSERT INTO team_members (team_id, user_id, added_at) VALUES (?1, ?2, ?3)")
            .bind(team)
            .bind(m.user)
            .bind(m.joined_at)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// Marks a membership removed at `at` (its seat freed).
pub async fn removed(db: &mut SqliteConnection, org: OrgId, user: UserId, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE memberships SET status = 'removed', holds_seat = 0, removed_at = ?3
         WHERE organization_id = ?1 AND user_id = ?2",
    )
    .bind(org)
    .bind(user)
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

/// An assignment of the course with `code`.
pub struct DemoAssignment<'a> {
    /// Organization.
    pub org: OrgId,
    /// Course code.
    pub code: &'a str,
    /// `organization`, `department` or `team`.
    pub level: &'a str,
    /// Department, at that level.
    pub department: Option<DepartmentId>,
    /// Team, at that level.
    pub team: Option<TeamId>,
    /// Due date, if any.
    pub due_date: Option<String>,
    /// When it was made.
    pub created_at: &'a str,
}

/// Adds an assignment.
pub async fn assignment(db: &mut SqliteConnection, a: &DemoAssignment<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO assignments (organization_id, course_id, level, department_id, team_id, due_date, created_at)
         SELECT ?1, id, ?2, ?3, ?4, ?5, ?6 FROM courses WHERE code = ?7",
    )
    .bind(a.org)
    .bind(a.level)
    .bind(a.department)
    .bind(a.team)
    .bind(&a.due_date)
    .bind(a.created_at)
    .bind(a.code)
    .execute(db)
    .await?;
    Ok(())
}

/// One person's progress in one course.
pub struct DemoProgress {
    /// Organization.
    pub org: OrgId,
    /// Person.
    pub user: UserId,
    /// Course.
    pub course: CourseId,
    /// `in_progress` or `completed`.
    pub status: &'static str,
    /// Percent done.
    pub percent: i64,
    /// Lessons done.
    pub lessons_done: i64,
    /// Score, when completed.
    pub score: Option<f64>,
    /// Time spent.
    pub time_spent_seconds: i64,
    /// Started.
    pub started_at: String,
    /// Completed.
    pub completed_at: Option<String>,
    /// Last activity.
    pub last_activity_at: String,
}

/// Adds a progress row.
pub async fn progress(db: &mut SqliteConnection, p: &DemoProgress) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO progress (organization_id, user_id, course_id, status, percent, lessons_done, score,
                               time_spent_seconds, started_at, completed_at, last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .bind(p.org)
    .bind(p.user)
    .bind(p.course)
    .bind(p.status)
    .bind(p.percent)
    .bind(p.lessons_done)
    .bind(p.score)
    .bind(p.time_spent_seconds)
    .bind(&p.started_at)
    .bind(&p.completed_at)
    .bind(&p.last_activity_at)
    .execute(db)
    .await?;
    Ok(())
}

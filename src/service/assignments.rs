//! Course assignments of one organization: listing, assigning (organization, department, team
//! or members, with a due date) and removing them, within the caller's scope. Access itself is
//! decided only by `domain::access`.

use crate::domain::audit::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};

use super::caller::{Access, Caller};
use crate::domain::access::{self, Facts};
use crate::domain::assignments::{AssignOptions, AssignRequest, AssignmentView, MemberCourses};
use crate::domain::course::CourseStatus;
use crate::domain::ids::{AssignmentId, CourseId, DepartmentId, OrgId, UserId};
use crate::domain::members::{MemberStatus, Scope};
use crate::domain::role::{Action, Role};
use crate::error::AppError;
use crate::server::repo;

/// The departments a department admin may assign to (theirs and everything below).
pub async fn departments_in_scope(
    db: &mut SqliteConnection,
    org: OrgId,
    access: &Access,
) -> Result<Vec<DepartmentId>, AppError> {
    if access.role == Some(Role::DepartmentAdmin) && !access.user.is_platform_admin {
        Ok(repo::members::subtree_departments(&mut *db, org, access.user.id).await?)
    } else {
        Ok(Vec::new())
    }
}

/// The facts of a member the viewer may look at: anyone ever in the organization for a
/// whole-organization scope, otherwise people in the viewer's teams.
pub async fn member_facts(
    db: &mut SqliteConnection,
    org: OrgId,
    scope: &Scope,
    user: UserId,
) -> Result<Facts, AppError> {
    let facts = repo::access::facts(&mut *db, org, user)
        .await?
        .ok_or(AppError::NotFound)?;
    let ever_member = !matches!(facts.membership, access::Membership::None);
    let teams: Vec<_> = facts.teams.iter().map(|t| t.id).collect();
    if !ever_member || !scope.covers_member(&teams) {
        return Err(AppError::NotFound);
    }
    Ok(facts)
}

/// The organization's assignments; member-level ones only for people in the caller's scope.
pub async fn list(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<AssignmentView>, AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::check_assign_scope;
    use crate::domain::role::Action;
    use crate::server::repo::{access, members};

    let (viewer, scope) = caller.require_scoped(db, org, Action::AssignCourses).await?;
    let mut db = db.acquire().await?;
    let departments = departments_in_scope(&mut db, org, &viewer).await?;
    let mut out = Vec::new();
    for mut a in access::list(&mut *db, org).await? {
        let member_teams = match a.target {
            Target::Member(u) => members::teams_of(&mut *db, org, u).await?,
            _ => Vec::new(),
        };
        if matches!(a.target, Target::Member(_)) && !scope.covers_member(&member_teams) {
            continue;
        }
        a.removable = check_assign_scope(&scope, &departments, a.target, &member_teams).is_ok();
        out.push(a);
    }
    Ok(out)
}

/// What an assignment request did, and the organization's assignments after it.
#[derive(Debug, Clone)]
pub struct Assigned {
    /// In words ("2 assignments added").
    pub message: String,
    /// Every assignment the caller sees now.
    pub assignments: Vec<AssignmentView>,
}

/// Assigns the ticked courses to the chosen target with an optional due date; all or nothing.
/// Assigning again changes the due date.
pub async fn assign(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    request: &AssignRequest,
) -> Result<Assigned, AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::{check_assign_scope, AssignOutcome, AssignTo};
    use crate::domain::course::CourseStatus;
    use crate::domain::role::Action;
    use crate::server::audit;
    use crate::server::repo::{access, courses, structure};

    let (viewer, scope) = caller.require_scoped(db, org, Action::AssignCourses).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let departments = departments_in_scope(&mut tx, org, &viewer).await?;
    // Resolve and check every target first.
    let mut targets = Vec::new();
    match &request.to {
        AssignTo::Target(t @ Target::Organization) => targets.push(*t),
        AssignTo::Target(t @ Target::Department(d)) => {
            structure::department(&mut *tx, org, *d)
                .await?
                .ok_or_else(|| AppError::invalid("department_id", "Choose a department from the list."))?;
            targets.push(*t);
        }
        AssignTo::Target(t @ Target::Team(team)) => {
            match structure::team(&mut *tx, *team).await? {
                Some((_, Some(o))) if o == org => {}
                _ => return Err(AppError::invalid("team_id", "Choose a team from the list.")),
            }
            targets.push(*t);
        }
        AssignTo::Target(t @ Target::Member(_)) => targets.push(*t),
        AssignTo::Members(emails) => {
            for email in emails {
                match access::member_by_email(&mut tx, org, email).await? {
                    Some((user, MemberStatus::Active, teams)) => {
                        check_assign_scope(&scope, &departments, Target::Member(user), &teams).map_err(
                            |_| AppError::invalid("emails", format!("{email} is not in your teams.")),
                        )?;
                        targets.push(Target::Member(user));
                    }
                    _ => {
                        return Err(AppError::invalid(
                            "emails",
                            format!(
                            "{email} is not an active member of this organization. Add or invite them first."
                        ),
                        ))
                    }
                }
            }
        }
    }
    for t in &targets {
        if !matches!(t, Target::Member(_)) {
            check_assign_scope(&scope, &departments, *t, &[])?;
        }
    }
    let mut found = Vec::new();
    for id in &request.courses {
        let course = courses::get(&mut *tx, *id).await?.ok_or_else(|| {
            AppError::invalid(
                "courses",
                "One of the ticked courses no longer exists. Reload the page.",
            )
        })?;
        if course.status != CourseStatus::Published {
            return Err(AppError::invalid(
                "courses",
                format!(
                    "{} is {} and cannot be newly assigned.",
                    course.title,
                    course.status.label().to_lowercase()
                ),
            ));
        }
        found.push(course);
    }
    let actor = viewer.actor();
    let mut outcome = AssignOutcome::default();
    for course in &found {
        for target in &targets {
            let (id, new) = access::upsert(
                &mut tx,
                org,
                course.id,
                *target,
                &request.due,
                Some(viewer.user.id),
            )
            .await?;
            if new {
                outcome.added += 1;
            } else {
                outcome.updated += 1;
            }
            let action = if new {
                AuditAction::AssignmentCreated
            } else {
                AuditAction::AssignmentDueChanged
            };
            let entry = audit::Entry::new(&actor, action, "assignment", id.0)
                .in_org(org)
                .details(serde_json::json!({
                    "course": course.code,
                    "level": target.level(),
                    "target": target,
                    "due": request.due.label(),
                }));
            audit::record(&mut *tx, entry).await?;
        }
    }
    tx.commit().await?;
    Ok(Assigned {
        message: outcome.message(),
        assignments: list(db, caller, org).await?,
    })
}

/// Removes one assignment: access that came only from it ends at once; progress stays.
pub async fn remove(db: &SqlitePool, caller: &Caller, org: OrgId, id: AssignmentId) -> Result<(), AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::check_assign_scope;
    use crate::domain::role::Action;
    use crate::server::audit;
    use crate::server::repo::{access, members};

    let (viewer, scope) = caller.require_scoped(db, org, Action::AssignCourses).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (course, target) = access::get(&mut *tx, org, id).await?.ok_or(AppError::NotFound)?;
    let member_teams = match target {
        Target::Member(u) => members::teams_of(&mut *tx, org, u).await?,
        _ => Vec::new(),
    };
    let departments = departments_in_scope(&mut tx, org, &viewer).await?;
    check_assign_scope(&scope, &departments, target, &member_teams).map_err(|_| AppError::Forbidden)?;
    access::delete(&mut *tx, org, id).await?;
    let actor = viewer.actor();
    let entry = audit::Entry::new(&actor, AuditAction::AssignmentRemoved, "assignment", id.0)
        .in_org(org)
        .details(serde_json::json!({ "course_id": course, "level": target.level(), "target": target }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// What the assign form may offer the caller in `org`.
pub async fn options(pool: &SqlitePool, caller: &Caller, org: OrgId) -> Result<AssignOptions, AppError> {
    use crate::domain::structure::path;
    use crate::server::repo::structure;

    let (access, scope) = caller.require_scoped(pool, org, Action::AssignCourses).await?;
    let mut db = pool.acquire().await?;
    let in_scope = departments_in_scope(&mut db, org, &access).await?;
    let depts = structure::departments(&mut *db, org).await?;
    let departments = depts
        .iter()
        .filter(|d| scope.is_organization() || in_scope.contains(&d.id))
        .map(|d| (d.id, path(&depts, d.id)))
        .collect::<Vec<_>>();
    let teams = structure::teams(&mut *db, org)
        .await?
        .into_iter()
        .filter(|t| scope.covers_team(t.id))
        .map(|t| (t.id, t.name))
        .collect();
    let rows = crate::server::repo::courses::by_title(&mut *db).await?;
    let courses = rows
        .iter()
        .filter(|c| c.status == CourseStatus::Published)
        .map(|c| (c.id, format!("{} — {}", c.code, c.title)))
        .collect();
    let all_courses = rows.into_iter().map(|c| (c.id, c.title)).collect();
    let mut departments = departments;
    departments.sort_by_key(|d| d.1.to_lowercase());
    Ok(AssignOptions {
        courses,
        whole_org: scope.is_organization(),
        departments,
        teams,
        all_courses,
    })
}

/// A member's effective courses with their sources and due dates (Members tab).
pub async fn member_courses(
    pool: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    user_id: UserId,
) -> Result<MemberCourses, AppError> {
    use crate::domain::access::effective;

    let (_, scope) = caller.require_scoped(pool, org, Action::ViewMembers).await?;
    let mut db = pool.acquire().await?;
    let facts = member_facts(&mut db, org, &scope, user_id).await?;
    Ok(MemberCourses {
        name: facts.user_name.clone(),
        courses: effective(&facts),
    })
}

/// "Why can't they see it?": one sentence for a member and a course.
pub async fn why_not_visible(
    pool: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    user_id: UserId,
    course: CourseId,
) -> Result<String, AppError> {
    use crate::domain::access::why_not;
    use crate::server::repo::access;

    let (_, scope) = caller.require_scoped(pool, org, Action::ViewMembers).await?;
    let mut db = pool.acquire().await?;
    let mut facts = member_facts(&mut db, org, &scope, user_id).await?;
    if !facts.courses.iter().any(|c| c.id == course) {
        let extra = access::course_facts(&mut db, &[course]).await?;
        if extra.is_empty() {
            return Err(AppError::invalid("course", "Choose a course from the list."));
        }
        facts.courses.extend(extra);
    }
    Ok(why_not(&facts, course))
}

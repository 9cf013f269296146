//! Course access: assigning courses (Courses tab, admin area), a member's effective courses and
//! the "why can't they see it?" check (Members tab), and the learner's own My learning.
//! Access itself is decided only by `domain::access`.

use leptos::prelude::*;

use crate::domain::assignments::{
    AssignForm, AssignOptions, AssignmentView, CourseDetail, MemberCourses, MyOrgLearning,
};
use crate::domain::ids::{AssignmentId, CourseId, OrgId, UserId};
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod support {
    use sqlx::SqliteConnection;

    use crate::domain::access::{self, Facts};
    use crate::domain::ids::{DepartmentId, OrgId, UserId};
    use crate::domain::members::Scope;
    use crate::domain::role::Role;
    use crate::error::AppError;
    use crate::server::auth::Access;
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
}

/// What the assign form may offer the viewer in `org`.
#[server]
pub async fn get_assign_options(org: OrgId) -> Result<AssignOptions, AppError> {
    use crate::domain::role::Action;
    use crate::domain::structure::path;
    use crate::server::auth;
    use crate::server::repo::structure;

    let (state, access, scope) = auth::require_scoped(org, Action::AssignCourses).await?;
    let mut db = state.db.acquire().await?;
    let in_scope = support::departments_in_scope(&mut db, org, &access).await?;
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
    let rows: Vec<(CourseId, String, String, String)> =
        sqlx::query_as("SELECT id, code, title, status FROM courses ORDER BY title COLLATE NOCASE")
            .fetch_all(&mut *db)
            .await?;
    let courses = rows
        .iter()
        .filter(|r| r.3 == "published")
        .map(|(id, code, title, _)| (*id, format!("{code} — {title}")))
        .collect();
    let all_courses = rows.into_iter().map(|(id, _, title, _)| (id, title)).collect();
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

/// The organization's assignments; member-level ones only for people in the viewer's scope.
#[server]
pub async fn list_assignments(org: OrgId) -> Result<Vec<AssignmentView>, AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::check_assign_scope;
    use crate::domain::role::Action;
    use crate::server::auth;
    use crate::server::repo::{access, members};

    let (state, viewer, scope) = auth::require_scoped(org, Action::AssignCourses).await?;
    let mut db = state.db.acquire().await?;
    let departments = support::departments_in_scope(&mut db, org, &viewer).await?;
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

/// Assigns the ticked courses to the chosen target with an optional due date; all or nothing.
/// Assigning again changes the due date.
#[server]
pub async fn assign_courses(org: OrgId, form: AssignForm) -> Result<String, AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::{check_assign_scope, AssignOutcome, AssignTo};
    use crate::domain::course::CourseStatus;
    use crate::domain::role::Action;
    use crate::server::repo::{access, courses, structure};
    use crate::server::{audit, auth};

    let (state, viewer, scope) = auth::require_scoped(org, Action::AssignCourses).await?;
    let request = form.validate()?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let departments = support::departments_in_scope(&mut tx, org, &viewer).await?;
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
                    Some((user, status, teams)) if status == "active" => {
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
                "assignment.created"
            } else {
                "assignment.due_changed"
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
    Ok(outcome.message())
}

/// Removes one assignment: access that came only from it ends at once; progress stays.
#[server]
pub async fn remove_assignment(org: OrgId, id: AssignmentId) -> Result<(), AppError> {
    use crate::domain::access::Target;
    use crate::domain::assignments::check_assign_scope;
    use crate::domain::role::Action;
    use crate::server::repo::{access, members};
    use crate::server::{audit, auth};

    let (state, viewer, scope) = auth::require_scoped(org, Action::AssignCourses).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let (course, target) = access::get(&mut *tx, org, id).await?.ok_or(AppError::NotFound)?;
    let member_teams = match target {
        Target::Member(u) => members::teams_of(&mut *tx, org, u).await?,
        _ => Vec::new(),
    };
    let departments = support::departments_in_scope(&mut tx, org, &viewer).await?;
    check_assign_scope(&scope, &departments, target, &member_teams).map_err(|_| AppError::Forbidden)?;
    access::delete(&mut *tx, org, id).await?;
    let actor = viewer.actor();
    let entry = audit::Entry::new(&actor, "assignment.removed", "assignment", id.0)
        .in_org(org)
        .details(serde_json::json!({ "course_id": course, "level": target.level(), "target": target }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A member's effective courses with their sources and due dates (Members tab).
#[server]
pub async fn get_member_courses(org: OrgId, user_id: UserId) -> Result<MemberCourses, AppError> {
    use crate::domain::access::effective;
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _viewer, scope) = auth::require_scoped(org, Action::ViewMembers).await?;
    let mut db = state.db.acquire().await?;
    let facts = support::member_facts(&mut db, org, &scope, user_id).await?;
    Ok(MemberCourses {
        name: facts.user_name.clone(),
        courses: effective(&facts),
    })
}

/// "Why can't they see it?": one sentence for a member and a course.
#[server]
pub async fn why_cant_they_see_it(org: OrgId, user_id: UserId, course: String) -> Result<String, AppError> {
    use crate::domain::access::why_not;
    use crate::domain::role::Action;
    use crate::server::auth;
    use crate::server::repo::access;

    let course = course
        .trim()
        .parse::<i64>()
        .ok()
        .map(CourseId)
        .ok_or_else(|| AppError::invalid("course", "Choose a course from the list."))?;
    let (state, _viewer, scope) = auth::require_scoped(org, Action::ViewMembers).await?;
    let mut db = state.db.acquire().await?;
    let mut facts = support::member_facts(&mut db, org, &scope, user_id).await?;
    if !facts.courses.iter().any(|c| c.id == course) {
        let extra = access::course_facts(&mut db, &[course]).await?;
        if extra.is_empty() {
            return Err(AppError::invalid("course", "Choose a course from the list."));
        }
        facts.courses.extend(extra);
    }
    Ok(why_not(&facts, course))
}

/// The signed-in person's organizations and courses (My learning).
#[server]
pub async fn my_learning() -> Result<Vec<MyOrgLearning>, AppError> {
    use crate::domain::access::{blocked_by_membership_or_org, effective};
    use crate::domain::assignments::my_courses;
    use crate::server::auth;
    use crate::server::repo::access;

    let (state, me) = auth::require_user().await?;
    let mut db = state.db.acquire().await?;
    let today = crate::server::repo::today();
    let mut out = Vec::new();
    for (org, _slug, name) in access::orgs_of(&mut *db, me.id).await? {
        let Some(facts) = access::facts(&mut db, org, me.id).await? else {
            continue;
        };
        let progress = access::progress_of(&mut *db, org, me.id).await?;
        out.push(MyOrgLearning {
            org,
            name,
            notice: blocked_by_membership_or_org(&facts).map(|b| b.label()),
            courses: my_courses(&effective(&facts), &progress, &today),
        });
    }
    Ok(out)
}

/// One of the signed-in person's courses with its lessons.
#[server]
pub async fn get_my_course(org: OrgId, course: CourseId) -> Result<CourseDetail, AppError> {
    use crate::domain::access::effective;
    use crate::domain::assignments::my_courses;
    use crate::server::auth;
    use crate::server::repo::{access, courses};

    let (state, me) = auth::require_user().await?;
    let mut db = state.db.acquire().await?;
    let facts = access::facts(&mut db, org, me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let progress = access::progress_of(&mut *db, org, me.id).await?;
    let mine = my_courses(&effective(&facts), &progress, &crate::server::repo::today())
        .into_iter()
        .find(|c| c.course == course)
        .ok_or(AppError::NotFound)?;
    let c = courses::get(&mut *db, course).await?.ok_or(AppError::NotFound)?;
    let done = access::lessons_done(&mut *db, org, me.id, course).await?;
    Ok(CourseDetail {
        org,
        org_name: facts.org_name,
        course,
        title: c.title,
        description: c.description,
        lessons: (1..=c.lesson_count).map(|n| (n, done.contains(&n))).collect(),
        percent: mine.percent,
        status: mine.status,
        sources: mine.sources,
        due_date: mine.due_date,
        open: mine.open,
        history_reason: mine.history_reason,
    })
}

/// Marks one lesson of one of the person's open courses complete (records progress).
#[server]
pub async fn complete_lesson(org: OrgId, course: CourseId, lesson: i64) -> Result<(), AppError> {
    use crate::domain::access::{effective, why_not};
    use crate::server::auth;
    use crate::server::repo::{access, courses};

    let (state, me) = auth::require_user().await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let facts = access::facts(&mut tx, org, me.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = effective(&facts).iter().any(|e| e.course == course && e.open());
    if !open {
        if matches!(facts.membership, crate::domain::access::Membership::None) {
            return Err(AppError::NotFound);
        }
        return Err(AppError::Conflict(why_not(&facts, course)));
    }
    let c = courses::get(&mut *tx, course).await?.ok_or(AppError::NotFound)?;
    if !(1..=c.lesson_count).contains(&lesson) {
        return Err(AppError::invalid(
            "lesson",
            format!("{} has lessons 1 to {}.", c.title, c.lesson_count),
        ));
    }
    access::complete_lesson(&mut tx, org, me.id, course, lesson, c.lesson_count).await?;
    tx.commit().await?;
    Ok(())
}

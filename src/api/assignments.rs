//! Course access: assigning courses (Courses tab, admin area), a member's effective courses and
//! the "why can't they see it?" check (Members tab), and the learner's own My learning.
//! Access itself is decided only by `domain::access`.

use leptos::prelude::*;

use crate::domain::assignments::{
    AssignForm, AssignOptions, AssignmentView, CourseDetail, MemberCourses, MyOrgLearning,
};
use crate::domain::ids::{AssignmentId, CourseId, OrgId, UserId};
use crate::error::AppError;

/// What the assign form may offer the viewer in `org`.
#[server]
pub async fn get_assign_options(org: OrgId) -> Result<AssignOptions, AppError> {
    use crate::domain::role::Action;
    use crate::domain::structure::path;
    use crate::server::auth;
    use crate::server::repo::structure;

    let (state, access, scope) = auth::require_scoped(org, Action::AssignCourses).await?;
    let mut db = state.db.acquire().await?;
    let in_scope = crate::service::assignments::departments_in_scope(&mut db, org, &access).await?;
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
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::assignments::list(&state.db, &caller, org).await
}

/// Assigns the ticked courses to the chosen target with an optional due date; all or nothing.
/// Assigning again changes the due date.
#[server]
pub async fn assign_courses(org: OrgId, form: AssignForm) -> Result<String, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    Ok(
        crate::service::assignments::assign(&state.db, &caller, org, &form)
            .await?
            .message,
    )
}

/// Removes one assignment: access that came only from it ends at once; progress stays.
#[server]
pub async fn remove_assignment(org: OrgId, id: AssignmentId) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::assignments::remove(&state.db, &caller, org, id).await
}

/// A member's effective courses with their sources and due dates (Members tab).
#[server]
pub async fn get_member_courses(org: OrgId, user_id: UserId) -> Result<MemberCourses, AppError> {
    use crate::domain::access::effective;
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _viewer, scope) = auth::require_scoped(org, Action::ViewMembers).await?;
    let mut db = state.db.acquire().await?;
    let facts = crate::service::assignments::member_facts(&mut db, org, &scope, user_id).await?;
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
    let mut facts = crate::service::assignments::member_facts(&mut db, org, &scope, user_id).await?;
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

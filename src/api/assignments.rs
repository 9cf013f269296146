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
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::assignments::options(&state.db, &caller, org).await
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
    let request = caller
        .parsed(
            &state.db,
            org,
            crate::domain::role::Action::AssignCourses,
            form.validate(),
        )
        .await?;
    Ok(
        crate::service::assignments::assign(&state.db, &caller, org, &request)
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
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::assignments::member_courses(&state.db, &caller, org, user_id).await
}

/// "Why can't they see it?": one sentence for a member and a course.
#[server]
pub async fn why_cant_they_see_it(org: OrgId, user_id: UserId, course: String) -> Result<String, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let course = course
        .trim()
        .parse::<i64>()
        .ok()
        .map(CourseId)
        .ok_or_else(|| AppError::invalid("course", "Choose a course from the list."));
    let course = caller
        .parsed(&state.db, org, crate::domain::role::Action::ViewMembers, course)
        .await?;
    crate::service::assignments::why_not_visible(&state.db, &caller, org, user_id, course).await
}

/// The signed-in person's organizations and courses (My learning).
#[server]
pub async fn my_learning() -> Result<Vec<MyOrgLearning>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::learning::mine(&state.db, &caller).await
}

/// One of the signed-in person's courses with its lessons.
#[server]
pub async fn get_my_course(org: OrgId, course: CourseId) -> Result<CourseDetail, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::learning::course(&state.db, &caller, org, course).await
}

/// Marks one lesson of one of the person's open courses complete (records progress).
#[server]
pub async fn complete_lesson(org: OrgId, course: CourseId, lesson: i64) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::learning::complete_lesson(&state.db, &caller, org, course, lesson).await
}

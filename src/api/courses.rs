//! The course catalog (Admin > Courses).

use leptos::prelude::*;

use crate::domain::course::Course;
use crate::domain::ids::CourseId;
use crate::error::AppError;

/// Catalog courses matching `search` (code, title or category), optionally of one `status`.
#[server]
pub async fn list_courses(search: String, status: String) -> Result<Vec<Course>, AppError> {
    use crate::domain::course::CourseStatus;

    let (state, caller) = crate::server::auth::caller().await?;
    let status = match status.as_str() {
        "" | "all" => Ok(None),
        other => CourseStatus::parse(other)
            .map(Some)
            .ok_or_else(|| AppError::invalid("status", "Choose a status from the list.")),
    };
    let status = crate::service::caller::authorized_first(status, || async {
        caller.platform_admin(&state.db).await.map(|_| ())
    })
    .await?;
    crate::service::courses::list(&state.db, &caller, &search, status).await
}

/// One course, for its edit page.
#[server]
pub async fn get_course(id: CourseId) -> Result<Course, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::courses::get(&state.db, &caller, id).await
}

/// Adds a course to the catalog and opens it.
#[server]
pub async fn create_course(
    code: String,
    title: String,
    description: String,
    category: String,
    lesson_count: String,
    duration_minutes: String,
) -> Result<CourseId, AppError> {
    use crate::domain::course::CourseForm;

    let (state, caller) = crate::server::auth::caller().await?;
    let form = CourseForm {
        code,
        title,
        description,
        category,
        lesson_count,
        duration_minutes,
    };
    let id = crate::service::courses::create(&state.db, &caller, &form)
        .await?
        .id;
    leptos_axum::redirect(&format!("/admin/courses/{id}?saved=1"));
    Ok(id)
}

/// Rewrites a course's fields.
#[server]
pub async fn update_course(
    id: CourseId,
    code: String,
    title: String,
    description: String,
    category: String,
    lesson_count: String,
    duration_minutes: String,
) -> Result<Course, AppError> {
    use crate::domain::course::CourseForm;

    let (state, caller) = crate::server::auth::caller().await?;
    let form = CourseForm {
        code,
        title,
        description,
        category,
        lesson_count,
        duration_minutes,
    };
    crate::service::courses::update(&state.db, &caller, id, &form).await
}

/// Retires a course (it stays in history and reports, but cannot be newly assigned) or makes it
/// active again. `status` is `retired` or `published`.
#[server]
pub async fn set_course_status(id: CourseId, status: String) -> Result<Course, AppError> {
    use crate::domain::course::CourseStatus;

    let (state, caller) = crate::server::auth::caller().await?;
    let status = CourseStatus::parse(&status)
        .ok_or_else(|| AppError::invalid("status", "Choose active, draft or retired."));
    let status = crate::service::caller::authorized_first(status, || async {
        caller.platform_admin(&state.db).await.map(|_| ())
    })
    .await?;
    crate::service::courses::set_status(&state.db, &caller, id, status).await
}

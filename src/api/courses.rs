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
    if status.is_err() {
        caller.platform_admin(&state.db).await?;
    }
    crate::service::courses::list(&state.db, &caller, &search, status?).await
}

/// One course, for its edit page.
#[server]
pub async fn get_course(id: CourseId) -> Result<Course, AppError> {
    use crate::server::{auth, repo::courses};

    let (state, _admin) = auth::require_platform_admin().await?;
    courses::get(&state.db, id).await?.ok_or(AppError::NotFound)
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
    use crate::server::{audit, auth, repo::courses};

    let (state, admin) = auth::require_platform_admin().await?;
    let form = CourseForm {
        code,
        title,
        description,
        category,
        lesson_count,
        duration_minutes,
    };
    let input = form.validate()?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if courses::code_taken(&mut *tx, &input.code, None).await? {
        return Err(code_taken(&input.code));
    }
    let id = courses::insert(&mut *tx, &input).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    let actor = audit::Actor::of(&admin);
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, "course.created", "course", id).changes(None, Some(&after)),
    )
    .await?;
    tx.commit().await?;
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
    use crate::server::{audit, auth, repo::courses};

    let (state, admin) = auth::require_platform_admin().await?;
    let form = CourseForm {
        code,
        title,
        description,
        category,
        lesson_count,
        duration_minutes,
    };
    let input = form.validate()?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = courses::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if courses::code_taken(&mut *tx, &input.code, Some(id)).await? {
        return Err(code_taken(&input.code));
    }
    courses::update(&mut *tx, id, &input).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    let actor = audit::Actor::of(&admin);
    let entry =
        audit::Entry::new(&actor, "course.updated", "course", id).changes(Some(&before), Some(&after));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(after)
}

/// Retires a course (it stays in history and reports, but cannot be newly assigned) or makes it
/// active again. `status` is `retired` or `published`.
#[server]
pub async fn set_course_status(id: CourseId, status: String) -> Result<Course, AppError> {
    use crate::domain::course::CourseStatus;
    use crate::server::{audit, auth, repo::courses};

    let (state, admin) = auth::require_platform_admin().await?;
    let status = CourseStatus::parse(&status)
        .ok_or_else(|| AppError::invalid("status", "Choose active, draft or retired."))?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let before = courses::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    courses::set_status(&mut *tx, id, status).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    let action = if status == CourseStatus::Retired {
        "course.retired"
    } else {
        "course.status_changed"
    };
    let actor = audit::Actor::of(&admin);
    audit::record(
        &mut *tx,
        audit::Entry::new(&actor, action, "course", id).changes(Some(&before), Some(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

#[cfg(feature = "ssr")]
fn code_taken(code: &str) -> AppError {
    AppError::invalid(
        "code",
        format!("Another course already uses the code {code}. Choose a different code."),
    )
}

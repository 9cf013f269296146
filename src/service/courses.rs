//! The course catalog as callers read it: platform admins see every course; an organization's
//! own API token sees the published ones. Editing the catalog is for platform admins.

use crate::domain::audit::AuditAction;
use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::course::{Course, CourseForm, CourseStatus};
use crate::domain::ids::CourseId;
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::audit::{self, Entry};
use crate::server::repo::courses;

/// Catalog courses matching `search` (code, title or category), of one `status` or all.
pub async fn list(
    db: &SqlitePool,
    caller: &Caller,
    search: &str,
    status: Option<CourseStatus>,
) -> Result<Vec<Course>, AppError> {
    match caller {
        Caller::Token(token) if token.org.is_some() => {
            if status != Some(CourseStatus::Published) {
                return Err(AppError::invalid(
                    "status",
                    "Organization tokens see published courses only.",
                ));
            }
            let own = token.org.ok_or(AppError::Forbidden)?;
            caller.require(db, own, Action::ViewDashboard).await?;
        }
        _ => {
            caller.platform_admin(db).await?;
        }
    }
    Ok(courses::list(db, search, status).await?)
}

/// One course, for its edit page (platform admins).
pub async fn get(db: &SqlitePool, caller: &Caller, id: CourseId) -> Result<Course, AppError> {
    caller.platform_admin(db).await?;
    courses::get(db, id).await?.ok_or(AppError::NotFound)
}

/// Adds a course to the catalog; answers it as stored.
pub async fn create(db: &SqlitePool, caller: &Caller, form: &CourseForm) -> Result<Course, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let input = form.validate()?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if courses::code_taken(&mut *tx, &input.code, None).await? {
        return Err(code_taken(&input.code));
    }
    let id = courses::insert(&mut *tx, &input).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    audit::record(
        &mut *tx,
        Entry::new(&actor, AuditAction::CourseCreated, "course", id).changes(None, Some(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Rewrites a course's fields; answers it as stored.
pub async fn update(
    db: &SqlitePool,
    caller: &Caller,
    id: CourseId,
    form: &CourseForm,
) -> Result<Course, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let input = form.validate()?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = courses::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if courses::code_taken(&mut *tx, &input.code, Some(id)).await? {
        return Err(code_taken(&input.code));
    }
    courses::update(&mut *tx, id, &input).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    let entry =
        Entry::new(&actor, AuditAction::CourseUpdated, "course", id).changes(Some(&before), Some(&after));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(after)
}

/// Retires a course (it stays in history and reports, but cannot be newly assigned) or gives it
/// another status; answers it as stored.
pub async fn set_status(
    db: &SqlitePool,
    caller: &Caller,
    id: CourseId,
    status: CourseStatus,
) -> Result<Course, AppError> {
    let (_, actor) = caller.platform_actor(db).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let before = courses::get(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    courses::set_status(&mut *tx, id, status).await?;
    let after = courses::get(&mut *tx, id).await?.ok_or(AppError::Internal)?;
    let action = if status == CourseStatus::Retired {
        AuditAction::CourseRetired
    } else {
        AuditAction::CourseStatusChanged
    };
    audit::record(
        &mut *tx,
        Entry::new(&actor, action, "course", id).changes(Some(&before), Some(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

fn code_taken(code: &str) -> AppError {
    AppError::invalid(
        "code",
        format!("Another course already uses the code {code}. Choose a different code."),
    )
}

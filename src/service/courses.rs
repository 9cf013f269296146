//! The course catalog as callers read it: platform admins see every course; an organization's
//! own API token sees the published ones.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::course::{Course, CourseStatus};
use crate::domain::role::Action;
use crate::error::AppError;
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

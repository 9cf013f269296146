//! My learning: the signed-in person's own organizations and courses, and their lessons.

use sqlx::SqlitePool;

use super::caller::Caller;
use crate::domain::assignments::{CourseDetail, MyOrgLearning};
use crate::domain::ids::{CourseId, OrgId};
use crate::error::AppError;

/// The signed-in person's organizations and courses.
pub async fn mine(pool: &SqlitePool, caller: &Caller) -> Result<Vec<MyOrgLearning>, AppError> {
    use crate::domain::access::{blocked_by_membership_or_org, effective};
    use crate::domain::assignments::my_courses;
    use crate::server::repo::access;

    let me = caller.person()?;
    let mut db = pool.acquire().await?;
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
pub async fn course(
    pool: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    course: CourseId,
) -> Result<CourseDetail, AppError> {
    use crate::domain::access::effective;
    use crate::domain::assignments::my_courses;
    use crate::server::repo::{access, courses};

    let me = caller.person()?;
    let mut db = pool.acquire().await?;
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
pub async fn complete_lesson(
    pool: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    course: CourseId,
    lesson: i64,
) -> Result<(), AppError> {
    use crate::domain::access::{effective, why_not};
    use crate::server::repo::{access, courses};

    let me = caller.person()?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
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

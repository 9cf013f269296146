//! Reports of an organization (Reports tab, CSV, REST) and of the whole platform (Admin >
//! Reports), read from the summary tables. Who may see which part is decided here: the report's
//! people are limited to the caller's scope. Loading is here; the pages are built by
//! `domain::report_page`.

use sqlx::SqlitePool;

use super::caller::{Access, Caller};
use crate::domain::ids::OrgId;
use crate::domain::members::Scope;
use crate::domain::report_page::{self, Frame};
use crate::domain::reports::{PeopleSort, ReportPage, ReportQuery, ReportScope, View};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::repo::reports::{self as q, LearnerQuery, PeopleQuery};
use crate::server::repo::{orgs, report_sync, today};

/// One report of `org` as `query` asks for it, within what the caller may see; refused when
/// the organization's plan has no reports.
pub async fn report(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    query: &ReportQuery,
) -> Result<ReportPage, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ViewReports).await?;
    let slug = check_feature(db, org, &access, crate::domain::features::Feature::Reports).await?;
    load(db, org, &slug, &scope, query, true).await
}

/// Every organization's figures side by side (platform admins and platform tokens).
pub async fn admin_report(
    db: &SqlitePool,
    caller: &Caller,
    include_removed: bool,
) -> Result<ReportPage, AppError> {
    caller.platform_admin(db).await?;
    load_admin(db, include_removed).await
}

/// The report `query` asks for, as `allowed` may see it, for a caller already authorized (the
/// Reports tab, its CSV download). `paged`: the User Report one page at a time (the page) or
/// whole (the CSV).
pub async fn load(
    db: &SqlitePool,
    org: OrgId,
    slug: &str,
    allowed: &Scope,
    query: &ReportQuery,
    paged: bool,
) -> Result<ReportPage, AppError> {
    report_sync::settle(db).await?;
    let mut filter = query.validate()?;
    let mut conn = db.acquire().await?;
    let structure = q::structure(&mut conn, org).await?;
    let (departments, teams) = report_page::choices(&structure, allowed);
    report_page::limit(&mut filter, allowed, &departments, &teams)?;
    let courses = q::courses(&mut *conn, org).await?;
    let today = today();
    let frame = Frame {
        query,
        filter: &filter,
        slug,
        departments,
        teams,
        courses,
        limited: matches!(allowed, Scope::Teams(_)),
        today: &today,
    };
    let scope = ReportScope::of(&filter);
    let period = (filter.from.as_deref(), filter.to.as_deref());
    let learners = |course, user| LearnerQuery {
        scope,
        course,
        user,
        status: filter.status,
        period,
        include_removed: filter.include_removed,
        today: &today,
    };
    let mut page = match filter.view {
        View::Courses => {
            let rows = q::by_course(
                &mut conn,
                org,
                scope,
                filter.course,
                filter.include_removed,
                &today,
            )
            .await?;
            let drill = match filter.learners {
                Some(course) => Some(q::learners(&mut *conn, org, &learners(Some(course), None)).await?),
                None => None,
            };
            report_page::courses(&frame, rows, drill.as_deref())
        }
        View::Users => {
            let found = q::distribution(&mut *conn, org, scope, filter.include_removed).await?;
            let counts = report_page::distribution_counts(&found);
            let ask = PeopleQuery {
                scope,
                course: filter.course,
                status: filter.status,
                include_removed: filter.include_removed,
                today: &today,
                page: paged.then_some(filter.page),
                known_total: Some(counts.iter().sum()),
                sort: filter
                    .sort
                    .as_ref()
                    .and_then(|s| Some((PeopleSort::of(&s.column)?, s.descending))),
            };
            let (rows, total) = q::people(&mut conn, org, &ask).await?;
            let drill = match filter.member {
                Some(user) => Some(q::learners(&mut *conn, org, &learners(None, Some(user))).await?),
                None => None,
            };
            report_page::users(&frame, counts, (&rows, total), drill.as_deref())
        }
        View::Rollup => {
            let figures = q::by_scope(&mut conn, org, filter.course, filter.include_removed, &today).await?;
            report_page::rollup(&frame, org, &structure, &figures)
        }
        View::Trend => {
            let (from, to) = report_page::trend_days(&filter, &today);
            let (first, last) = report_page::trend_weeks(&from, &to);
            let found = q::trend(
                &mut *conn,
                org,
                scope,
                filter.course,
                filter.include_removed,
                &first,
                &last,
            )
            .await?;
            report_page::trend(&frame, (&from, &to), &found)
        }
    };
    report_page::sort(&frame, &mut page)?;
    Ok(page)
}

/// Admin > Reports for a caller already authorized (its CSV download).
pub async fn load_admin(db: &SqlitePool, include_removed: bool) -> Result<ReportPage, AppError> {
    report_sync::settle(db).await?;
    let today = today();
    let mut conn = db.acquire().await?;
    let rows = q::all_orgs(&mut conn, include_removed, &today).await?;
    Ok(report_page::admin(&rows, include_removed, &today))
}

/// The organization's slug, once it is known that its plan includes `feature`; platform admins
/// see reports regardless.
pub async fn check_feature(
    db: &SqlitePool,
    org: OrgId,
    access: &Access,
    feature: crate::domain::features::Feature,
) -> Result<String, AppError> {
    let (slug, on) = orgs::slug_and_feature(db, org, feature)
        .await?
        .ok_or(AppError::NotFound)?;
    if !on && !access.user.is_platform_admin {
        return Err(AppError::Conflict(feature.missing_message()));
    }
    Ok(slug)
}

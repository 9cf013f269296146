//! The course catalog.

use sqlx::SqliteExecutor;

use crate::domain::course::{Course, CourseInput, CourseStatus};
use crate::domain::ids::CourseId;

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: CourseId,
    code: String,
    title: String,
    description: String,
    category: String,
    lesson_count: i64,
    duration_minutes: i64,
    status: String,
}

impl From<CourseRow> for Course {
    fn from(r: CourseRow) -> Self {
        Course {
            id: r.id,
            code: r.code,
            title: r.title,
            description: r.description,
            category: r.category,
            lesson_count: r.lesson_count,
            duration_minutes: r.duration_minutes,
            status: CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Retired),
        }
    }
}

const SELECT: &str =
    "SELECT id, code, title, description, category, lesson_count, duration_minutes, status FROM courses";

/// Courses whose code, title or category contains `search`, optionally of one status,
/// active ones first, then by title.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    search: &str,
    status: Option<CourseStatus>,
) -> sqlx::Result<Vec<Course>> {
    let pattern = format!("%{}%", escape_like(search.trim()));
    let rows: Vec<CourseRow> = sqlx::query_as(&format!(
        "{SELECT}
         WHERE (?1 = '%%' OR code LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\' OR category LIKE ?1 ESCAPE '\\')
           AND (?2 IS NULL OR status = ?2)
         ORDER BY status = 'retired', title COLLATE NOCASE"
    ))
    .bind(pattern)
    .bind(status.map(CourseStatus::as_str))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Course::from).collect())
}

/// Every course, by title.
pub async fn by_title(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<Course>> {
    let rows: Vec<CourseRow> = sqlx::query_as(&format!("{SELECT} ORDER BY title COLLATE NOCASE"))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Course::from).collect())
}

/// One course.
pub async fn get(db: impl SqliteExecutor<'_>, id: CourseId) -> sqlx::Result<Option<Course>> {
    let row: Option<CourseRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(Course::from))
}

/// Whether another course already uses `code` (codes are unique, case-insensitively).
pub async fn code_taken(
    db: impl SqliteExecutor<'_>,
    code: &str,
    except: Option<CourseId>,
) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM courses WHERE code = ?1 AND id IS NOT ?2)")
        .bind(code)
        .bind(except)
        .fetch_one(db)
        .await
}

/// Adds a published course.
pub async fn insert(db: impl SqliteExecutor<'_>, c: &CourseInput) -> sqlx::Result<CourseId> {
    sqlx::query_scalar(
        "INSERT INTO courses (code, title, description, category, lesson_count, duration_minutes, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'published') RETURNING id",
    )
    .bind(&c.code)
    .bind(&c.title)
    .bind(&c.description)
    .bind(&c.category)
    .bind(c.lesson_count)
    .bind(c.duration_minutes)
    .fetch_one(db)
    .await
}

/// Rewrites a course's fields (not its status).
pub async fn update(db: impl SqliteExecutor<'_>, id: CourseId, c: &CourseInput) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE courses SET code = ?2, title = ?3, description = ?4, category = ?5, lesson_count = ?6,
                duration_minutes = ?7 WHERE id = ?1",
    )
    .bind(id)
    .bind(&c.code)
    .bind(&c.title)
    .bind(&c.description)
    .bind(&c.category)
    .bind(c.lesson_count)
    .bind(c.duration_minutes)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a course's status.
pub async fn set_status(
    db: impl SqliteExecutor<'_>,
    id: CourseId,
    status: CourseStatus,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE courses SET status = ?2 WHERE id = ?1")
        .bind(id)
        .bind(status.as_str())
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE ... ESCAPE '\'` pattern.
pub fn escape_like(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

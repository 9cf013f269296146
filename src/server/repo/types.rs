//! Seat types and organization types.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::ids::{CourseId, OrgId, OrgTypeId, SeatTypeId};
use crate::domain::org_type::{
    BenefitRole, MembershipPolicy, OrgType, OrgTypeInput, SeatType, SeatTypeInput, Visibility,
};

#[derive(sqlx::FromRow)]
struct SeatTypeRow {
    id: SeatTypeId,
    name: String,
    description: String,
    courses: Option<String>,
}

impl From<SeatTypeRow> for SeatType {
    fn from(r: SeatTypeRow) -> Self {
        SeatType {
            id: r.id,
            name: r.name,
            description: r.description,
            courses: r
                .courses
                .as_deref()
                .map(|c| {
                    c.split(',')
                        .filter_map(|n| n.parse().ok())
                        .map(CourseId)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

const SEAT_TYPE_SELECT: &str = "SELECT s.id, s.name, s.description,
        (SELECT group_concat(course_id) FROM seat_type_courses c WHERE c.seat_type_id = s.id) AS courses
     FROM seat_types s";

/// Every seat type, by name.
pub async fn list_seat_types(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<SeatType>> {
    let rows: Vec<SeatTypeRow> =
        sqlx::query_as(&format!("{SEAT_TYPE_SELECT} ORDER BY s.name COLLATE NOCASE"))
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(SeatType::from).collect())
}

/// One seat type.
pub async fn get_seat_type(db: impl SqliteExecutor<'_>, id: SeatTypeId) -> sqlx::Result<Option<SeatType>> {
    let row: Option<SeatTypeRow> = sqlx::query_as(&format!("{SEAT_TYPE_SELECT} WHERE s.id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(SeatType::from))
}

/// Ids of every seat type (to validate choices).
pub async fn seat_type_ids(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<SeatTypeId>> {
    sqlx::query_scalar("SELECT id FROM seat_types")
        .fetch_all(db)
        .await
}

/// Whether another seat type has this name.
pub async fn seat_type_name_taken(
    db: impl SqliteExecutor<'_>,
    name: &str,
    except: Option<SeatTypeId>,
) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM seat_types WHERE name = ?1 AND id IS NOT ?2)")
        .bind(name)
        .bind(except)
        .fetch_one(db)
        .await
}

/// Creates (`id` none) or rewrites a seat type with its courses.
pub async fn save_seat_type(
    db: &mut SqliteConnection,
    id: Option<SeatTypeId>,
    input: &SeatTypeInput,
) -> sqlx::Result<SeatTypeId> {
    let id = match id {
        Some(id) => {
            sqlx::query("UPDATE seat_types SET name = ?2, description = ?3 WHERE id = ?1")
                .bind(id)
                .bind(&input.name)
                .bind(&input.description)
                .execute(&mut *db)
                .await?;
            sqlx::query("DELETE FROM seat_type_courses WHERE seat_type_id = ?1")
                .bind(id)
                .execute(&mut *db)
                .await?;
            id
        }
        None => {
            sqlx::query_scalar("INSERT INTO seat_types (name, description) VALUES (?1, ?2) RETURNING id")
                .bind(&input.name)
                .bind(&input.description)
                .fetch_one(&mut *db)
                .await?
        }
    };
    for course in &input.courses {
        sqlx::query("INSERT INTO seat_type_courses (seat_type_id, course_id) VALUES (?1, ?2)")
            .bind(id)
            .bind(course)
            .execute(&mut *db)
            .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct OrgTypeRow {
    id: OrgTypeId,
    name: String,
    description: String,
    visibility: String,
    membership_policy: String,
    allow_domain_registration: bool,
    expiry_days: Option<i64>,
    feature_reports: bool,
    feature_csv_export: bool,
    feature_api: bool,
    default_seat_type_id: Option<SeatTypeId>,
    benefits: Option<String>,
    owner_seats: String,
    owner_seat_cap: Option<i64>,
    organizations: i64,
}

impl From<OrgTypeRow> for OrgType {
    fn from(r: OrgTypeRow) -> Self {
        OrgType {
            id: r.id,
            name: r.name,
            description: r.description,
            visibility: Visibility::parse(&r.visibility).unwrap_or(Visibility::Private),
            membership_policy: MembershipPolicy::parse(&r.membership_policy)
                .unwrap_or(MembershipPolicy::InviteOnly),
            allow_domain_registration: r.allow_domain_registration,
            expiry_days: r.expiry_days,
            feature_reports: r.feature_reports,
            feature_csv_export: r.feature_csv_export,
            feature_api: r.feature_api,
            default_seat_type: r.default_seat_type_id,
            benefits: parse_benefits(r.benefits.as_deref()),
            owner_seats: crate::domain::seats::OwnerSeats::from_stored(
                Some(&r.owner_seats),
                r.owner_seat_cap,
            ),
            organizations: r.organizations,
        }
    }
}

/// `role:id,role:id` (from `group_concat`) → pairs, in role order.
pub(crate) fn parse_benefits(raw: Option<&str>) -> Vec<(BenefitRole, SeatTypeId)> {
    let mut out: Vec<(BenefitRole, SeatTypeId)> = raw
        .unwrap_or_default()
        .split(',')
        .filter_map(|pair| {
            let (role, id) = pair.split_once(':')?;
            Some((BenefitRole::parse(role)?, SeatTypeId(id.parse().ok()?)))
        })
        .collect();
    out.sort_by_key(|(role, _)| BenefitRole::ALL.iter().position(|r| r == role));
    out
}

const ORG_TYPE_SELECT: &str = "SELECT t.id, t.name, t.description, t.visibility, t.membership_policy,
        t.allow_domain_registration, t.expiry_days, t.feature_reports, t.feature_csv_export, t.feature_api,
        t.default_seat_type_id, t.owner_seats, t.owner_seat_cap,
        (SELECT group_concat(b.role || ':' || b.seat_type_id) FROM type_seat_benefits b WHERE b.type_id = t.id)
            AS benefits,
        (SELECT COUNT(*) FROM organizations o WHERE o.type_id = t.id) AS organizations
     FROM organization_types t";

/// Every organization type, by name.
pub async fn list_org_types(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<OrgType>> {
    let rows: Vec<OrgTypeRow> = sqlx::query_as(&format!("{ORG_TYPE_SELECT} ORDER BY t.name COLLATE NOCASE"))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(OrgType::from).collect())
}

/// One organization type.
pub async fn get_org_type(db: impl SqliteExecutor<'_>, id: OrgTypeId) -> sqlx::Result<Option<OrgType>> {
    let row: Option<OrgTypeRow> = sqlx::query_as(&format!("{ORG_TYPE_SELECT} WHERE t.id = ?1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(OrgType::from))
}

/// Whether another type has this name.
pub async fn org_type_name_taken(
    db: impl SqliteExecutor<'_>,
    name: &str,
    except: Option<OrgTypeId>,
) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organization_types WHERE name = ?1 AND id IS NOT ?2)")
        .bind(name)
        .bind(except)
        .fetch_one(db)
        .await
}

/// Creates (`id` none) or rewrites an organization type with its seat benefits.
pub async fn save_org_type(
    db: &mut SqliteConnection,
    id: Option<OrgTypeId>,
    t: &OrgTypeInput,
) -> sqlx::Result<OrgTypeId> {
    let id: OrgTypeId = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE organization_types SET name = ?2, description = ?3, visibility = ?4, membership_policy = ?5,
                        allow_domain_registration = ?6, expiry_days = ?7, feature_reports = ?8,
                        feature_csv_export = ?9, feature_api = ?10, default_seat_type_id = ?11,
                        owner_seats = ?12, owner_seat_cap = ?13
                 WHERE id = ?1",
            )
            .bind(id)
            .bind(&t.name)
            .bind(&t.description)
            .bind(t.visibility.as_str())
            .bind(t.membership_policy.as_str())
            .bind(t.allow_domain_registration)
            .bind(t.expiry_days)
            .bind(t.feature_reports)
            .bind(t.feature_csv_export)
            .bind(t.feature_api)
            .bind(t.default_seat_type)
            .bind(t.owner_seats.as_str())
            .bind(t.owner_seats.cap())
            .execute(&mut *db)
            .await?;
            sqlx::query("DELETE FROM type_seat_benefits WHERE type_id = ?1").bind(id).execute(&mut *db).await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO organization_types (name, description, visibility, membership_policy,
                        allow_domain_registration, expiry_days, feature_reports, feature_csv_export, feature_api,
                        default_seat_type_id, owner_seats, owner_seat_cap)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
            )
            .bind(&t.name)
            .bind(&t.description)
            .bind(t.visibility.as_str())
            .bind(t.membership_policy.as_str())
            .bind(t.allow_domain_registration)
            .bind(t.expiry_days)
            .bind(t.feature_reports)
            .bind(t.feature_csv_export)
            .bind(t.feature_api)
            .bind(t.default_seat_type)
            .bind(t.owner_seats.as_str())
            .bind(t.owner_seats.cap())
            .fetch_one(&mut *db)
            .await?
        }
    };
    for (role, seat_type) in &t.benefits {
        sqlx::query("INSERT INTO type_seat_benefits (type_id, role, seat_type_id) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(role.as_str())
            .bind(seat_type)
            .execute(&mut *db)
            .await?;
    }
    Ok(id)
}

/// Deletes a type (the caller has checked no organization uses it).
pub async fn delete_org_type(db: impl SqliteExecutor<'_>, id: OrgTypeId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM organization_types WHERE id = ?1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ids of courses that may be put in a seat type: published ones plus those already in it.
pub async fn includable_courses(
    db: impl SqliteExecutor<'_>,
    seat_type: Option<SeatTypeId>,
) -> sqlx::Result<Vec<CourseId>> {
    sqlx::query_scalar(
        "SELECT id FROM courses WHERE status = 'published'
            OR id IN (SELECT course_id FROM seat_type_courses WHERE seat_type_id IS ?1)",
    )
    .bind(seat_type)
    .fetch_all(db)
    .await
}

/// The seat type `org` chose itself for `role`, and the name of the one its type gives (the
/// type's benefit, else the type's default seat type).
pub async fn org_benefit(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    role: BenefitRole,
) -> sqlx::Result<(Option<SeatTypeId>, Option<String>)> {
    sqlx::query_as(
        "SELECT (SELECT seat_type_id FROM org_seat_benefits WHERE organization_id = ?1 AND role = ?2),
                (SELECT s.name FROM seat_types s WHERE s.id = coalesce(
                    (SELECT b.seat_type_id FROM type_seat_benefits b JOIN organizations o ON o.type_id = b.type_id
                      WHERE o.id = ?1 AND b.role = ?2),
                    (SELECT t.default_seat_type_id FROM organization_types t JOIN organizations o ON o.type_id = t.id
                      WHERE o.id = ?1)))",
    )
    .bind(org)
    .bind(role)
    .fetch_one(db)
    .await
}

/// Every seat type's id and name, by name.
pub async fn seat_type_names(db: impl SqliteExecutor<'_>) -> sqlx::Result<Vec<(SeatTypeId, String)>> {
    sqlx::query_as("SELECT id, name FROM seat_types ORDER BY name COLLATE NOCASE")
        .fetch_all(db)
        .await
}

/// The seat benefits `org` chose itself, by role.
pub async fn org_benefits(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Vec<(BenefitRole, SeatTypeId)>> {
    sqlx::query_as(
        "SELECT role, seat_type_id FROM org_seat_benefits WHERE organization_id = ?1 ORDER BY role",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// Replaces the seat benefits `org` chose itself.
pub async fn set_org_benefits(
    db: &mut SqliteConnection,
    org: OrgId,
    chosen: &[(BenefitRole, SeatTypeId)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM org_seat_benefits WHERE organization_id = ?1")
        .bind(org)
        .execute(&mut *db)
        .await?;
    for (role, seat) in chosen {
        sqlx::query(
            "INSERT INTO org_seat_benefits (organization_id, role, seat_type_id) VALUES (?1, ?2, ?3)",
        )
        .bind(org)
        .bind(role)
        .bind(seat)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

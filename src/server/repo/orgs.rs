//! Organization lists and totals.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::ids::{OrgId, OrgTypeId, UserId};
use crate::domain::org::{OrgStatus, OrgSummary, StoredStatus};
use crate::domain::org_admin::{OrgDetail, OrgInput, OrgSort};
use crate::domain::org_type::{MembershipPolicy, Visibility};
use crate::domain::settings::{OrgSettings, OrgSettingsForm};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: OrgId,
    name: String,
    slug: String,
    type_name: Option<String>,
    owner_email: String,
    status: String,
    seats_used: i64,
    seat_count: i64,
    expires_at: Option<String>,
    my_role: Option<String>,
}

impl SummaryRow {
    fn into_summary(self, now: &str) -> OrgSummary {
        OrgSummary {
            status: OrgStatus::effective(&self.status, self.expires_at.as_deref(), now),
            id: self.id,
            name: self.name,
            slug: self.slug,
            type_name: self.type_name,
            owner_email: self.owner_email,
            seats_used: self.seats_used,
            seat_count: self.seat_count,
            expires_at: self.expires_at,
            my_role: self.my_role.and_then(|r| r.parse().ok()),
        }
    }
}

/// Seats used is computed with the partial index on held seats, per organization.
const SUMMARY_SELECT: &str = "SELECT o.id, o.name, o.slug, t.name AS type_name, u.email AS owner_email,
        o.status, o.seat_count, o.expires_at,
        ((SELECT COUNT(*) FROM memberships s WHERE s.organization_id = o.id AND s.holds_seat = 1) + (SELECT COUNT(*) FROM invitations iv WHERE iv.organization_id = o.id AND iv.status = 'pending' AND iv.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))) AS seats_used";

/// Every organization, by name (the admin list; search and paging come with the admin area).
pub async fn list_all(db: impl SqliteExecutor<'_>, limit: i64) -> sqlx::Result<Vec<OrgSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT}, NULL AS my_role
         FROM organizations o JOIN users u ON u.id = o.owner_user_id
         LEFT JOIN organization_types t ON t.id = o.type_id
         ORDER BY o.name COLLATE NOCASE LIMIT ?1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?;
    let now = super::now();
    Ok(rows.into_iter().map(|r| r.into_summary(&now)).collect())
}

/// The organizations where `user` has an active membership (only manager and above when
/// `managers_only`), each with the user's role there.
pub async fn list_for_user(
    db: impl SqliteExecutor<'_>,
    user: UserId,
    managers_only: bool,
) -> sqlx::Result<Vec<OrgSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT}, m.role AS my_role
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
         JOIN users u ON u.id = o.owner_user_id
         LEFT JOIN organization_types t ON t.id = o.type_id
         WHERE m.user_id = ?1 AND m.status = 'active' AND (?2 = 0 OR m.role <> 'member')
         ORDER BY o.name COLLATE NOCASE"
    ))
    .bind(user)
    .bind(managers_only)
    .fetch_all(db)
    .await?;
    let now = super::now();
    Ok(rows.into_iter().map(|r| r.into_summary(&now)).collect())
}

/// Row counts for the admin overview: organizations, users, courses, organization types.
pub async fn platform_counts(db: impl SqliteExecutor<'_>) -> sqlx::Result<(i64, i64, i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organizations), (SELECT COUNT(*) FROM users),
                (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM organization_types)",
    )
    .fetch_one(db)
    .await
}

/// One page of Admin > Organizations: name or owner email contains `search`, optionally of one
/// type and effective status, sorted; with the number of matches on all pages.
pub async fn search_admin(
    db: &mut SqliteConnection,
    search: &str,
    type_id: Option<OrgTypeId>,
    status: Option<OrgStatus>,
    sort: OrgSort,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<OrgSummary>, i64)> {
    let now = super::now();
    let pattern = format!("%{}%", super::courses::escape_like(search.trim()));
    let status = status.map(|s| match s {
        OrgStatus::Active => "active",
        OrgStatus::Expired => "expired",
        OrgStatus::Suspended => "suspended",
        OrgStatus::Archived => "archived",
    });
    const FROM: &str = "FROM organizations o JOIN users u ON u.id = o.owner_user_id
         LEFT JOIN organization_types t ON t.id = o.type_id
         WHERE (?1 = '%%' OR o.name LIKE ?1 ESCAPE '\\' OR u.email LIKE ?1 ESCAPE '\\')
           AND (?2 IS NULL OR o.type_id = ?2)
           AND (?3 IS NULL
                OR (?3 = 'active' AND o.status = 'active' AND (o.expires_at IS NULL OR o.expires_at > ?4))
                OR (?3 = 'expired' AND o.status = 'active' AND o.expires_at <= ?4)
                OR (?3 IN ('suspended', 'archived') AND o.status = ?3))";
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {FROM}"))
        .bind(&pattern)
        .bind(type_id)
        .bind(status)
        .bind(&now)
        .fetch_one(&mut *db)
        .await?;
    let order = match sort {
        OrgSort::Name => "o.name COLLATE NOCASE, o.id",
        OrgSort::Newest => "o.created_at DESC, o.id DESC",
        OrgSort::Expiry => "o.expires_at IS NULL, o.expires_at, o.name COLLATE NOCASE",
        OrgSort::SeatsUsed => "seats_used DESC, o.name COLLATE NOCASE",
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT}, NULL AS my_role {FROM} ORDER BY {order} LIMIT ?5 OFFSET ?6"
    ))
    .bind(&pattern)
    .bind(type_id)
    .bind(status)
    .bind(&now)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *db)
    .await?;
    Ok((rows.into_iter().map(|r| r.into_summary(&now)).collect(), total))
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: OrgId,
    name: String,
    slug: String,
    description: String,
    industry: String,
    website: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    address: String,
    owner_name: String,
    owner_email: String,
    type_id: Option<OrgTypeId>,
    seat_count: i64,
    seats_used: i64,
    expires_at: Option<String>,
    visibility: String,
    membership_policy: String,
    auto_join_domains: String,
    status: String,
}

/// Everything an admin edits about one organization.
pub async fn detail(db: impl SqliteExecutor<'_>, id: OrgId) -> sqlx::Result<Option<OrgDetail>> {
    let row: Option<DetailRow> = sqlx::query_as(
        "SELECT o.id, o.name, o.slug, o.description, o.industry, o.website, o.contact_name, o.contact_email,
                o.contact_phone, o.address, u.name AS owner_name, u.email AS owner_email, o.type_id, o.seat_count,
                ((SELECT COUNT(*) FROM memberships s WHERE s.organization_id = o.id AND s.holds_seat = 1) + (SELECT COUNT(*) FROM invitations iv WHERE iv.organization_id = o.id AND iv.status = 'pending' AND iv.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))) AS seats_used,
                o.expires_at, o.visibility, o.membership_policy, o.auto_join_domains, o.status
         FROM organizations o JOIN users u ON u.id = o.owner_user_id WHERE o.id = ?1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let now = super::now();
    Ok(row.map(|r| OrgDetail {
        status: OrgStatus::effective(&r.status, r.expires_at.as_deref(), &now),
        id: r.id,
        name: r.name,
        slug: r.slug,
        description: r.description,
        industry: r.industry,
        website: r.website,
        contact_name: r.contact_name,
        contact_email: r.contact_email,
        contact_phone: r.contact_phone,
        address: r.address,
        owner_name: r.owner_name,
        owner_email: r.owner_email,
        type_id: r.type_id,
        seat_count: r.seat_count,
        seats_used: r.seats_used,
        expires_at: r.expires_at,
        visibility: Visibility::parse(&r.visibility).unwrap_or(Visibility::Private),
        membership_policy: MembershipPolicy::parse(&r.membership_policy)
            .unwrap_or(MembershipPolicy::InviteOnly),
        auto_join_domains: r.auto_join_domains,
        stored_status: r.status,
    }))
}

/// The organization with this slug.
pub async fn id_by_slug(db: impl SqliteExecutor<'_>, slug: &str) -> sqlx::Result<Option<OrgId>> {
    sqlx::query_scalar("SELECT id FROM organizations WHERE slug = ?1")
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// Slugs equal to `base` or `base-N`, to pick a free one.
pub async fn slugs_like(db: impl SqliteExecutor<'_>, base: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT slug FROM organizations WHERE slug = ?1 OR slug LIKE ?2 ESCAPE '\\'")
        .bind(base)
        .bind(format!("{}-%", super::courses::escape_like(base)))
        .fetch_all(db)
        .await
}

/// Seats held in `org` (active members and pending invitations); 0 for an unknown organization.
pub async fn seats_used(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<i64> {
    Ok(super::members::seat_usage(db, org)
        .await?
        .map(|u| u.in_use())
        .unwrap_or(0))
}

/// Creates an organization; features and seat benefits are copied from its type.
pub async fn insert(
    db: &mut SqliteConnection,
    o: &OrgInput,
    slug: &str,
    owner: UserId,
) -> sqlx::Result<OrgId> {
    let id: OrgId = sqlx::query_scalar(
        "INSERT INTO organizations (name, slug, description, industry, website, contact_name, contact_email,
                contact_phone, address, owner_user_id, type_id, seat_count, expires_at, visibility, membership_policy,
                auto_join_domains, feature_reports, feature_csv_export, feature_api, allow_domain_registration)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 COALESCE((SELECT feature_reports FROM organization_types WHERE id = ?11), 1),
                 COALESCE((SELECT feature_csv_export FROM organization_types WHERE id = ?11), 1),
                 COALESCE((SELECT feature_api FROM organization_types WHERE id = ?11), 0),
                 COALESCE((SELECT allow_domain_registration FROM organization_types WHERE id = ?11), 0))
         RETURNING id",
    )
    .bind(&o.name)
    .bind(slug)
    .bind(&o.description)
    .bind(&o.industry)
    .bind(&o.website)
    .bind(&o.contact_name)
    .bind(&o.contact_email)
    .bind(&o.contact_phone)
    .bind(&o.address)
    .bind(owner)
    .bind(o.type_id)
    .bind(o.seat_count)
    .bind(&o.expires_at)
    .bind(o.visibility.as_str())
    .bind(o.membership_policy.as_str())
    .bind(&o.auto_join_domains)
    .fetch_one(&mut *db)
    .await?;
    copy_type_benefits(&mut *db, id, o.type_id).await?;
    Ok(id)
}

/// Gives a new organization its type's seat benefits (none without a type).
pub async fn copy_type_benefits(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    kind: Option<OrgTypeId>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO org_seat_benefits (organization_id, role, seat_type_id)
         SELECT ?1, role, seat_type_id FROM type_seat_benefits WHERE type_id = ?2",
    )
    .bind(org)
    .bind(kind)
    .execute(db)
    .await?;
    Ok(())
}

/// Rewrites an organization's fields (not its slug or status).
pub async fn update(db: impl SqliteExecutor<'_>, id: OrgId, o: &OrgInput, owner: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE organizations SET name = ?2, description = ?3, industry = ?4, website = ?5, contact_name = ?6,
                contact_email = ?7, contact_phone = ?8, address = ?9, owner_user_id = ?10, type_id = ?11,
                seat_count = ?12, expires_at = ?13, visibility = ?14, membership_policy = ?15,
                auto_join_domains = ?16, updated_at = ?17
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&o.name)
    .bind(&o.description)
    .bind(&o.industry)
    .bind(&o.website)
    .bind(&o.contact_name)
    .bind(&o.contact_email)
    .bind(&o.contact_phone)
    .bind(&o.address)
    .bind(owner)
    .bind(o.type_id)
    .bind(o.seat_count)
    .bind(&o.expires_at)
    .bind(o.visibility.as_str())
    .bind(o.membership_policy.as_str())
    .bind(&o.auto_join_domains)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Sets the stored status: `active`, `suspended` or `archived`.
pub async fn set_status(db: impl SqliteExecutor<'_>, id: OrgId, status: StoredStatus) -> sqlx::Result<()> {
    sqlx::query("UPDATE organizations SET status = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(id)
        .bind(status.as_str())
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes an organization: its memberships, departments, progress and benefits go with it
/// (foreign keys cascade); its teams are kept, unassigned; the people's accounts are kept.
pub async fn delete(db: impl SqliteExecutor<'_>, id: OrgId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM organizations WHERE id = ?1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The name of `org`.
pub async fn name_of(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_one(db)
        .await
}

/// Records `owner` as the owner of `org` (the memberships follow in `memberships::set_owner`).
pub async fn set_owner_user(db: impl SqliteExecutor<'_>, org: OrgId, owner: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE organizations SET owner_user_id = ?2 WHERE id = ?1")
        .bind(org)
        .bind(owner)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    name: String,
    description: String,
    website: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    brand_color: String,
    visibility: String,
    membership_policy: String,
    auto_join_domains: String,
    invitation_days: i64,
}

/// The settings of `org` as its Settings form shows them.
pub async fn settings(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<OrgSettingsForm> {
    let r: SettingsRow = sqlx::query_as(
        "SELECT name, description, website, contact_name, contact_email, contact_phone, brand_color,
                visibility, membership_policy, auto_join_domains, invitation_days
         FROM organizations WHERE id = ?1",
    )
    .bind(org)
    .fetch_one(db)
    .await?;
    Ok(OrgSettingsForm {
        name: r.name,
        description: r.description,
        website: r.website,
        contact_name: r.contact_name,
        contact_email: r.contact_email,
        contact_phone: r.contact_phone,
        brand_color: r.brand_color,
        visibility: r.visibility,
        membership_policy: r.membership_policy,
        auto_join_domains: r.auto_join_domains,
        invitation_days: r.invitation_days.to_string(),
    })
}

/// Writes validated settings of `org`.
pub async fn save_settings(db: impl SqliteExecutor<'_>, org: OrgId, s: &OrgSettings) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE organizations SET name = ?2, description = ?3, website = ?4, contact_name = ?5, contact_email = ?6,
                contact_phone = ?7, brand_color = ?8, visibility = ?9, membership_policy = ?10,
                auto_join_domains = ?11, invitation_days = ?12, updated_at = ?13
         WHERE id = ?1",
    )
    .bind(org)
    .bind(&s.name)
    .bind(&s.description)
    .bind(&s.website)
    .bind(&s.contact_name)
    .bind(&s.contact_email)
    .bind(&s.contact_phone)
    .bind(&s.brand_color)
    .bind(s.visibility.as_str())
    .bind(s.membership_policy.as_str())
    .bind(&s.auto_join_domains)
    .bind(s.invitation_days)
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Whether organization `id` exists.
pub async fn exists(db: impl SqliteExecutor<'_>, id: OrgId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ?1)")
        .bind(id)
        .fetch_one(db)
        .await
}

/// The slug of `org` and whether its plan includes `feature`.
pub async fn slug_and_feature(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    feature: crate::domain::features::Feature,
) -> sqlx::Result<Option<(String, bool)>> {
    sqlx::query_as(&format!(
        "SELECT slug, {} FROM organizations WHERE id = ?1",
        feature.column()
    ))
    .bind(org)
    .fetch_optional(db)
    .await
}

const FEATURES: &str = "feature_reports, feature_csv_export, feature_api, allow_domain_registration";

/// The plan features of `org`.
pub async fn features(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Option<crate::domain::features::PlanFeatures>> {
    sqlx::query_as(&format!("SELECT {FEATURES} FROM organizations WHERE id = ?1"))
        .bind(org)
        .fetch_optional(db)
        .await
}

/// The defaults of `org`'s type, when it has one.
pub async fn type_features(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Option<crate::domain::features::PlanFeatures>> {
    sqlx::query_as(&format!(
        "SELECT {FEATURES} FROM organization_types WHERE id = (SELECT type_id FROM organizations WHERE id = ?1)"
    ))
    .bind(org)
    .fetch_optional(db)
    .await
}

/// Sets the plan features of `org`.
pub async fn set_features(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    f: &crate::domain::features::PlanFeatures,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE organizations SET feature_reports = ?2, feature_csv_export = ?3, feature_api = ?4,
                allow_domain_registration = ?5 WHERE id = ?1",
    )
    .bind(org)
    .bind(f.feature_reports)
    .bind(f.feature_csv_export)
    .bind(f.feature_api)
    .bind(f.allow_domain_registration)
    .execute(db)
    .await?;
    Ok(())
}

/// The logo of `org`: its PNG and version, if it has one.
pub async fn logo(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Option<(Vec<u8>, i64)>> {
    sqlx::query_as("SELECT png, version FROM organization_logos WHERE organization_id = ?1")
        .bind(org)
        .fetch_optional(db)
        .await
}

/// Stores `png` as the logo of `org` (a new version); answers the version.
pub async fn set_logo(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    png: &[u8],
    (width, height): (u32, u32),
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO organization_logos (organization_id, png, width, height) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organization_id) DO UPDATE SET png = excluded.png, width = excluded.width,
             height = excluded.height, version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
         RETURNING version",
    )
    .bind(org)
    .bind(png)
    .bind(width)
    .bind(height)
    .fetch_one(db)
    .await
}

/// Removes the logo of `org`; whether it had one.
pub async fn remove_logo(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM organization_logos WHERE organization_id = ?1")
        .bind(org)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

//! Organizations: platform tokens list, create (with teams), update, suspend and delete them;
//! an organization token reads and updates its own organization's settings.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{merge_form, Ctx, JsonBody, ListPage, PageParams, PathParams, QueryParams};
use crate::domain::ids::OrgId;
use crate::domain::org_admin::{OrgDetail, OrgForm};
use crate::domain::role::Action;
use crate::error::AppError;
use crate::server::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orgs, create_org))
        .routes(routes!(get_org, update_org, delete_org))
        .routes(routes!(suspend_org))
        .routes(routes!(reactivate_org))
        .routes(routes!(get_settings, update_settings))
}

/// An organization.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Organization {
    /// Stable id.
    pub id: i64,
    /// URL name (`/orgs/{slug}` in the dashboard).
    pub slug: String,
    /// Name.
    pub name: String,
    /// `active`, `suspended` or `archived`.
    pub status: String,
    /// Organization type id.
    pub type_id: Option<i64>,
    /// Seats bought.
    pub seat_count: i64,
    /// Seats held by members and pending invitations.
    pub seats_used: i64,
    /// When access ends (RFC 3339 UTC), if ever.
    pub expires_at: Option<String>,
    /// Owner's email.
    pub owner_email: String,
    /// Owner's name.
    pub owner_name: String,
    /// Description.
    pub description: String,
    /// Industry.
    pub industry: String,
    /// Website.
    pub website: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Postal address.
    pub address: String,
    /// `public` or `private`.
    pub visibility: String,
    /// Membership policy.
    pub membership_policy: String,
    /// Email domains whose people may join by themselves, comma-separated.
    pub auto_join_domains: String,
}

impl From<OrgDetail> for Organization {
    fn from(o: OrgDetail) -> Self {
        Organization {
            id: o.id.0,
            slug: o.slug,
            name: o.name,
            status: o.stored_status,
            type_id: o.type_id.map(|t| t.0),
            seat_count: o.seat_count,
            seats_used: o.seats_used,
            expires_at: o.expires_at,
            owner_email: o.owner_email,
            owner_name: o.owner_name,
            description: o.description,
            industry: o.industry,
            website: o.website,
            contact_name: o.contact_name,
            contact_email: o.contact_email,
            contact_phone: o.contact_phone,
            address: o.address,
            visibility: o.visibility.as_str().into(),
            membership_policy: o.membership_policy.as_str().into(),
            auto_join_domains: o.auto_join_domains,
        }
    }
}

/// Fields of an organization to create or change (left out: unchanged, or empty on create).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgFields {
    /// Name (required on create).
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Website (https://…).
    pub website: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Owner's email (required on create); a new email gets an account and a set-password link.
    pub owner_email: Option<String>,
    /// Owner's name, needed when the owner has no account yet.
    pub owner_name: Option<String>,
    /// Organization type id.
    pub type_id: Option<i64>,
    /// Seats bought (required on create; at least the seats in use).
    pub seat_count: Option<i64>,
    /// Expiry date `YYYY-MM-DD` (empty: never).
    pub expires_at: Option<String>,
    /// `public`, `private` (default) or `hidden`.
    pub visibility: Option<String>,
    /// `invite_only` (default), `approval` or `open`.
    pub membership_policy: Option<String>,
    /// Comma-separated email domains.
    pub auto_join_domains: Option<String>,
}

/// A new organization, optionally with its teams (all created in one transaction).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOrganization {
    /// The organization's fields.
    #[serde(flatten)]
    pub fields: OrgFields,
    /// Names of teams to create in it.
    #[serde(default)]
    pub teams: Vec<String>,
}

/// The organization and the ids of the teams created with it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedOrganization {
    /// The organization.
    pub organization: Organization,
    /// The teams, in the order given.
    pub teams: Vec<super::structure::TeamOut>,
}

/// Filters of the organization list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgFilter {
    /// Part of the name, slug or owner email.
    pub q: Option<String>,
    /// `active`, `suspended`, `archived` or `expired`.
    pub status: Option<String>,
}

/// Confirmation of a deletion.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteConfirm {
    /// The organization's exact name, to confirm.
    pub confirm_name: String,
}

/// The organization `id` if the token may read it.
async fn read(ctx: &Ctx, id: OrgId) -> ApiResult<Organization> {
    ctx.run(|| async move {
        let (state, _) = crate::server::auth::require(id, Action::ViewDashboard).await?;
        crate::server::repo::orgs::detail(&state.db, id)
            .await?
            .map(Organization::from)
            .ok_or(AppError::NotFound)
    })
    .await
}

/// List organizations (platform tokens: all; organization tokens: their own).
#[utoipa::path(get, path = "/orgs", tag = "Organizations", params(OrgFilter, PageParams),
    responses((status = 200, body = ListPage<Organization>), (status = 401, body = super::ErrorBody)))]
async fn list_orgs(
    ctx: Ctx,
    QueryParams(filter): QueryParams<OrgFilter>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<Organization>>> {
    if let Some(own) = ctx.caller.org {
        return Ok(axum::Json(ListPage {
            data: vec![read(&ctx, own).await?],
            next_cursor: None,
        }));
    }
    let (limit, position) = (page.limit()?, page.position()?);
    let (data, more) = ctx
        .run(|| async move {
            use crate::domain::org_admin::{parse_status_filter, OrgSort};
            let (state, _) = crate::server::auth::require_platform_admin().await?;
            let status = parse_status_filter(filter.status.as_deref().unwrap_or(""))?;
            let mut conn = state.db.acquire().await?;
            let (items, _) = crate::server::repo::orgs::search_admin(
                &mut conn,
                filter.q.as_deref().unwrap_or(""),
                None,
                status,
                OrgSort::parse("name"),
                limit + 1,
                position,
            )
            .await?;
            let more = items.len() as i64 > limit;
            let mut data = Vec::new();
            for o in items.into_iter().take(limit as usize) {
                // Authorized once above; each row's full record on the same connection.
                if let Some(d) = crate::server::repo::orgs::detail(&mut *conn, o.id).await? {
                    data.push(Organization::from(d));
                }
            }
            Ok((data, more))
        })
        .await?;
    let next_cursor = more.then(|| PageParams::cursor_at(position + limit));
    Ok(axum::Json(ListPage { data, next_cursor }))
}

/// Create an organization, optionally with teams (platform tokens).
#[utoipa::path(post, path = "/orgs", tag = "Organizations", request_body = NewOrganization,
    responses((status = 201, body = CreatedOrganization), (status = 422, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody)))]
async fn create_org(
    ctx: Ctx,
    JsonBody(new): JsonBody<NewOrganization>,
) -> ApiResult<(StatusCode, axum::Json<CreatedOrganization>)> {
    // What the admin form preselects: private, by invitation only.
    let base = OrgForm {
        visibility: "private".into(),
        membership_policy: "invite_only".into(),
        ..OrgForm::default()
    };
    let form = merge_form(&base, &new.fields)?;
    let teams = new.teams;
    let (id, team_ids) = ctx
        .run(|| async move {
            use crate::domain::structure::structure_name;
            use crate::server::repo::structure;
            let (state, admin) = crate::server::auth::require_platform_admin().await?;
            let actor = crate::server::audit::Actor::of(&admin);
            let mut names: Vec<String> = Vec::new();
            for (i, raw) in teams.iter().enumerate() {
                let name = structure_name(&format!("teams[{i}]"), "Team name", raw)?;
                if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                    return Err(AppError::invalid(
                        &format!("teams[{i}]"),
                        format!("{name} is in the list twice. Give each team its own name."),
                    ));
                }
                names.push(name);
            }
            let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
            let id = crate::api::org_admin::support::save_in(&mut tx, &actor, None, form).await?;
            let mut team_ids = Vec::new();
            for name in &names {
                let team = structure::insert_team(&mut *tx, Some(id), None, name).await?;
                let entry = crate::server::audit::Entry::new(&actor, "team.created", "team", team)
                    .in_org(id)
                    .details(serde_json::json!({ "name": name, "department_id": null }));
                crate::server::audit::record(&mut *tx, entry).await?;
                team_ids.push((team, name.clone()));
            }
            tx.commit().await?;
            Ok((id, team_ids))
        })
        .await?;
    let organization = read(&ctx, id).await?;
    let teams = team_ids
        .into_iter()
        .map(|(id, name)| super::structure::TeamOut {
            id: id.0,
            name,
            department_id: None,
            member_count: 0,
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedOrganization { organization, teams }),
    ))
}

/// Get one organization.
#[utoipa::path(get, path = "/orgs/{org}", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 404, body = super::ErrorBody)))]
async fn get_org(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Organization>> {
    Ok(axum::Json(read(&ctx, OrgId(org)).await?))
}

/// Change an organization's fields, seats, owner or type (platform tokens). Fields left out
/// keep their value.
#[utoipa::path(patch, path = "/orgs/{org}", tag = "Organizations", request_body = OrgFields,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 422, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody)))]
async fn update_org(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(fields): JsonBody<OrgFields>,
) -> ApiResult<axum::Json<Organization>> {
    let id = OrgId(org);
    let before = ctx
        .run(|| async move {
            let (state, _) = crate::server::auth::require_platform_admin().await?;
            crate::server::repo::orgs::detail(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)
        })
        .await?;
    let form = merge_form(&OrgForm::from(&before), &fields)?;
    ctx.run(|| crate::api::org_admin::save_org(org.to_string(), form))
        .await?;
    Ok(axum::Json(read(&ctx, id).await?))
}

/// Suspend an organization: its members lose access, its data is kept (platform tokens).
#[utoipa::path(post, path = "/orgs/{org}/suspend", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 404, body = super::ErrorBody)))]
async fn suspend_org(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Organization>> {
    ctx.run(|| crate::api::org_admin::set_org_status(OrgId(org), "suspended".into()))
        .await?;
    Ok(axum::Json(read(&ctx, OrgId(org)).await?))
}

/// Make a suspended or archived organization active again (platform tokens).
#[utoipa::path(post, path = "/orgs/{org}/reactivate", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 404, body = super::ErrorBody)))]
async fn reactivate_org(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Organization>> {
    ctx.run(|| crate::api::org_admin::set_org_status(OrgId(org), "active".into()))
        .await?;
    Ok(axum::Json(read(&ctx, OrgId(org)).await?))
}

/// Delete an organization (platform tokens); `confirm_name` must be its exact name.
#[utoipa::path(delete, path = "/orgs/{org}", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id"), DeleteConfirm),
    responses((status = 204), (status = 422, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
async fn delete_org(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    QueryParams(confirm): QueryParams<DeleteConfirm>,
) -> ApiResult<StatusCode> {
    ctx.run(|| crate::api::org_admin::delete_org(OrgId(org), confirm.confirm_name))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The settings an organization's own administrators edit (Settings tab).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrgSettingsOut {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Website.
    pub website: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact phone.
    pub contact_phone: String,
    /// Logo (https://…).
    pub logo_url: String,
    /// Brand colour (#rrggbb).
    pub brand_color: String,
    /// `public` or `private`.
    pub visibility: String,
    /// `invite_only`, `approval` or `open`.
    pub membership_policy: String,
    /// Comma-separated email domains.
    pub auto_join_domains: String,
    /// Days an invitation link works.
    pub invitation_days: String,
}

/// Settings to change (left out: unchanged).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgSettingsPatch {
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Logo (https://…).
    pub logo_url: Option<String>,
    /// Brand colour (#rrggbb).
    pub brand_color: Option<String>,
    /// `public` or `private`.
    pub visibility: Option<String>,
    /// `invite_only`, `approval` or `open`.
    pub membership_policy: Option<String>,
    /// Comma-separated email domains.
    pub auto_join_domains: Option<String>,
    /// Days an invitation link works.
    pub invitation_days: Option<i64>,
}

fn settings_out(f: crate::domain::settings::OrgSettingsForm) -> OrgSettingsOut {
    OrgSettingsOut {
        name: f.name,
        description: f.description,
        website: f.website,
        contact_name: f.contact_name,
        contact_email: f.contact_email,
        contact_phone: f.contact_phone,
        logo_url: f.logo_url,
        brand_color: f.brand_color,
        visibility: f.visibility,
        membership_policy: f.membership_policy,
        auto_join_domains: f.auto_join_domains,
        invitation_days: f.invitation_days,
    }
}

/// Read an organization's own settings.
#[utoipa::path(get, path = "/orgs/{org}/settings", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = OrgSettingsOut), (status = 404, body = super::ErrorBody)))]
async fn get_settings(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<OrgSettingsOut>> {
    let f = ctx
        .run(|| crate::api::settings::get_org_settings(OrgId(org)))
        .await?;
    Ok(axum::Json(settings_out(f)))
}

/// Change an organization's own settings (fields left out keep their value).
#[utoipa::path(patch, path = "/orgs/{org}/settings", tag = "Organizations", request_body = OrgSettingsPatch,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = OrgSettingsOut), (status = 422, body = super::ErrorBody)))]
async fn update_settings(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(patch): JsonBody<OrgSettingsPatch>,
) -> ApiResult<axum::Json<OrgSettingsOut>> {
    let org = OrgId(org);
    let before = ctx.run(|| crate::api::settings::get_org_settings(org)).await?;
    let form = merge_form(&before, &patch)?;
    ctx.run(|| crate::api::settings::save_org_settings(org, form))
        .await?;
    let after = ctx.run(|| crate::api::settings::get_org_settings(org)).await?;
    Ok(axum::Json(settings_out(after)))
}

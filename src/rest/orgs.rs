//! Organizations: platform tokens list, create (with teams), update, suspend and delete them;
//! an organization token reads and updates its own organization's settings.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, JsonBody, ListPage, PageParams, PathParams, QueryParams};
use crate::domain::ids::OrgId;
use crate::domain::org::StoredStatus;
use crate::domain::org_admin::{OrgDetail, OrgForm};
use crate::server::state::AppState;
use crate::service::orgs as service;

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
    Ok(service::read(ctx.db(), &ctx.caller(), id).await?.into())
}

impl OrgFields {
    /// The fields sent, put over the admin form.
    fn apply(self, f: &mut OrgForm) {
        let number = |n: Option<i64>| n.map(|n| n.to_string());
        let fields = [
            (self.name, &mut f.name),
            (self.description, &mut f.description),
            (self.industry, &mut f.industry),
            (self.website, &mut f.website),
            (self.contact_name, &mut f.contact_name),
            (self.contact_email, &mut f.contact_email),
            (self.contact_phone, &mut f.contact_phone),
            (self.address, &mut f.address),
            (self.owner_email, &mut f.owner_email),
            (self.owner_name, &mut f.owner_name),
            (number(self.type_id), &mut f.type_id),
            (number(self.seat_count), &mut f.seat_count),
            (self.expires_at, &mut f.expires_at),
            (self.visibility, &mut f.visibility),
            (self.membership_policy, &mut f.membership_policy),
            (self.auto_join_domains, &mut f.auto_join_domains),
        ];
        for (sent, field) in fields {
            if let Some(value) = sent {
                *field = value;
            }
        }
    }
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
    let search = service::OrgSearch {
        text: filter.q.unwrap_or_default(),
        type_id: None,
        status: filter.status.unwrap_or_default(),
        sort: crate::domain::org_admin::OrgSort::parse("name"),
    };
    let rows = service::search_details(ctx.db(), &ctx.caller(), &search, limit + 1, position).await?;
    let more = rows.len() as i64 > limit;
    let data = rows
        .into_iter()
        .take(limit as usize)
        .map(Organization::from)
        .collect();
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
    let mut form = base;
    new.fields.apply(&mut form);
    let (organization, team_ids) =
        service::create_with_teams(ctx.db(), ctx.config(), &ctx.caller(), form, &new.teams).await?;
    let organization = Organization::from(organization);
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
    let saved = service::update(ctx.db(), ctx.config(), &ctx.caller(), OrgId(org), |form| {
        fields.apply(form)
    })
    .await?;
    Ok(axum::Json(saved.into()))
}

/// Suspend an organization: its members lose access, its data is kept (platform tokens).
#[utoipa::path(post, path = "/orgs/{org}/suspend", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 404, body = super::ErrorBody)))]
async fn suspend_org(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Organization>> {
    let saved = service::set_status(ctx.db(), &ctx.caller(), OrgId(org), StoredStatus::Suspended).await?;
    Ok(axum::Json(saved.into()))
}

/// Make a suspended or archived organization active again (platform tokens).
#[utoipa::path(post, path = "/orgs/{org}/reactivate", tag = "Organizations",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Organization), (status = 404, body = super::ErrorBody)))]
async fn reactivate_org(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Organization>> {
    let saved = service::set_status(ctx.db(), &ctx.caller(), OrgId(org), StoredStatus::Active).await?;
    Ok(axum::Json(saved.into()))
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
    service::delete(ctx.db(), &ctx.caller(), OrgId(org), &confirm.confirm_name).await?;
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
    /// Brand colour (#rrggbb; white text on it needs a contrast of at least 4.5:1). The logo is
    /// uploaded in Settings and served at `/orgs/{slug}/logo`.
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

impl OrgSettingsPatch {
    /// The fields sent, put over the current settings.
    fn apply(self, f: &mut crate::domain::settings::OrgSettingsForm) {
        let fields = [
            (self.name, &mut f.name),
            (self.description, &mut f.description),
            (self.website, &mut f.website),
            (self.contact_name, &mut f.contact_name),
            (self.contact_email, &mut f.contact_email),
            (self.contact_phone, &mut f.contact_phone),
            (self.brand_color, &mut f.brand_color),
            (self.visibility, &mut f.visibility),
            (self.membership_policy, &mut f.membership_policy),
            (self.auto_join_domains, &mut f.auto_join_domains),
            (
                self.invitation_days.map(|d| d.to_string()),
                &mut f.invitation_days,
            ),
        ];
        for (sent, field) in fields {
            if let Some(value) = sent {
                *field = value;
            }
        }
    }
}

fn settings_out(f: crate::domain::settings::OrgSettingsForm) -> OrgSettingsOut {
    OrgSettingsOut {
        name: f.name,
        description: f.description,
        website: f.website,
        contact_name: f.contact_name,
        contact_email: f.contact_email,
        contact_phone: f.contact_phone,
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
    let f = crate::service::settings::get(ctx.db(), &ctx.caller(), OrgId(org)).await?;
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
    let after =
        crate::service::settings::update(ctx.db(), &ctx.caller(), OrgId(org), |f| patch.apply(f)).await?;
    Ok(axum::Json(settings_out(after)))
}

//! Members, invitations and seats of an organization.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::ApiResult;
use super::{Ctx, JsonBody, ListPage, PageParams, PathParams, QueryParams};
use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::members::{check_email_list, dashboard_role, MemberQuery, MemberRow, NewMemberForm};
use crate::domain::role::Action;
use crate::domain::seats::{LedgerLine, SeatUsage};
use crate::server::state::AppState;
use crate::service::{members as service, seats};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_members, add_member))
        .routes(routes!(remove_member))
        .routes(routes!(change_role))
        .routes(routes!(move_to_team))
        .routes(routes!(invite))
        .routes(routes!(get_seats, add_seats))
        .routes(routes!(seat_ledger))
        .routes(routes!(list_seat_requests, request_seats))
        .routes(routes!(all_seat_requests))
        .routes(routes!(decide_seat_request))
}

/// A team a member is in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberTeam {
    /// Team id.
    pub id: i64,
    /// Team name.
    pub name: String,
}

/// A member, or a pending invitation (`user_id` null, `invitation_id` set).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Member {
    /// The person's id (null for an invitation not yet accepted).
    pub user_id: Option<i64>,
    /// The invitation's id, for pending invitations.
    pub invitation_id: Option<i64>,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// `owner`, `org_admin`, `department_admin`, `manager` or `member`.
    pub role: String,
    /// `active`, `invited` or `removed`.
    pub status: String,
    /// Teams.
    pub teams: Vec<MemberTeam>,
    /// When they joined (RFC 3339 UTC).
    pub joined_at: Option<String>,
    /// Their last activity.
    pub last_active_at: Option<String>,
    /// When a pending invitation expires.
    pub expires_at: Option<String>,
}

impl From<MemberRow> for Member {
    fn from(m: MemberRow) -> Self {
        Member {
            user_id: m.user_id.map(|u| u.0),
            invitation_id: m.invitation_id,
            name: m.name,
            email: m.email,
            role: m.role.as_str().into(),
            status: m.status.as_str().into(),
            teams: m
                .teams
                .into_iter()
                .map(|t| MemberTeam {
                    id: t.id.0,
                    name: t.name,
                })
                .collect(),
            joined_at: m.joined_at,
            last_active_at: m.last_active_at,
            expires_at: m.expires_at,
        }
    }
}

/// Filters of the member list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberFilter {
    /// Part of a name or email.
    pub q: Option<String>,
    /// Team id.
    pub team: Option<i64>,
    /// Role (`member`, `manager`, …).
    pub role: Option<String>,
    /// `active` (default), `invited`, `removed` or `all`.
    pub status: Option<String>,
    /// Only people seen in the last this many days.
    #[param(minimum = 1, maximum = 365)]
    pub active_days: Option<i64>,
}

/// A person to add (takes a seat at once).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    /// Email.
    pub email: String,
    /// Name (needed when the email has no account yet).
    #[serde(default)]
    pub name: String,
    /// `member` (default) or `manager`.
    #[serde(default)]
    pub role: String,
    /// Team ids.
    #[serde(default)]
    pub teams: Vec<i64>,
}

/// People to invite (each invitation holds a seat while pending).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitations {
    /// Emails.
    pub emails: Vec<String>,
    /// `member` (default) or `manager`.
    #[serde(default)]
    pub role: String,
    /// A team to put them in.
    pub team_id: Option<i64>,
}

/// What an invitation request did.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationOutcome {
    /// Invited now.
    pub invited: Vec<String>,
    /// Left alone, with the reason.
    pub skipped: Vec<SkippedEmail>,
}

/// An email not invited.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedEmail {
    /// The email.
    pub email: String,
    /// Why (already a member, already invited).
    pub reason: String,
}

/// A new role.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// `member` or `manager`.
    pub role: String,
}

/// The team to move a member into.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMove {
    /// Team id.
    pub team_id: i64,
}

/// What happens to a removed member's progress.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemoveOptions {
    /// `keep` (default: stays in reports as a removed member) or `erase`.
    pub history: Option<String>,
}

/// Seat usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct Seats {
    /// Seats bought.
    pub total: i64,
    /// Held by members.
    pub members: i64,
    /// Held by pending invitations.
    pub pending: i64,
    /// Free.
    pub free: i64,
}

/// A change of the seat allocation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatChange {
    /// Seats to add (negative to remove; never below the seats in use).
    pub count: i64,
    /// Why (kept in the ledger).
    pub note: String,
}

/// One line of the seat ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerEntry {
    /// When (RFC 3339 UTC).
    pub at: String,
    /// `allocation`, `taken`, `freed`, `held`, `released`, `requested` (a seat request was
    /// sent) or `declined` (one was declined; an approval is an `allocation`).
    pub kind: String,
    /// Seats added (+) or given back (−).
    pub delta: i64,
    /// Note.
    pub note: String,
    /// Whose seat, if a person's.
    pub subject: Option<String>,
    /// Who made the change.
    pub actor: String,
}

impl From<LedgerLine> for LedgerEntry {
    fn from(l: LedgerLine) -> Self {
        LedgerEntry {
            at: l.at,
            kind: l.kind.as_str().into(),
            delta: l.delta,
            note: l.note,
            subject: l.subject,
            actor: l.actor,
        }
    }
}

/// List members and pending invitations.
#[utoipa::path(get, path = "/orgs/{org}/members", tag = "Members",
    params(("org" = i64, Path, description = "Organization id"), MemberFilter, PageParams),
    responses((status = 200, body = ListPage<Member>), (status = 404, body = super::ErrorBody)))]
async fn list_members(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    QueryParams(filter): QueryParams<MemberFilter>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<Member>>> {
    let (limit, position) = (page.limit()?, page.position()?);
    let org = OrgId(org);
    let query = MemberQuery {
        q: filter.q.unwrap_or_default(),
        team: filter.team.map(|t| t.to_string()).unwrap_or_default(),
        role: filter.role.unwrap_or_default(),
        status: filter.status.unwrap_or_default(),
        sort: "name".into(),
        active: filter.active_days.map(|d| d.to_string()).unwrap_or_default(),
        page: 1,
    };
    let (rows, total) = service::list(ctx.db(), &ctx.caller(), org, &query, limit, position).await?;
    let next_cursor = (position + limit < total).then(|| PageParams::cursor_at(position + limit));
    Ok(axum::Json(ListPage {
        data: rows.into_iter().map(Member::from).collect(),
        next_cursor,
    }))
}

/// Add a member (takes one seat; 409 when none is free). A new email gets an account and a
/// set-password link.
#[utoipa::path(post, path = "/orgs/{org}/members", tag = "Members", request_body = NewMember,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = Member), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn add_member(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewMember>,
) -> ApiResult<(StatusCode, axum::Json<Member>)> {
    let org = OrgId(org);
    let caller = ctx.caller();
    let form = NewMemberForm {
        name: new.name,
        email: new.email,
        role: new.role,
        teams: new.teams,
    };
    let input = caller
        .parsed(ctx.db(), org, Action::ManageMembers, form.validate())
        .await?;
    let member = service::add(ctx.db(), ctx.config(), &caller, org, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(member.into())))
}

/// Invite people by email (all or none: refused with the numbers when seats are short).
#[utoipa::path(post, path = "/orgs/{org}/invitations", tag = "Members", request_body = NewInvitations,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = InvitationOutcome), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn invite(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewInvitations>,
) -> ApiResult<(StatusCode, axum::Json<InvitationOutcome>)> {
    let (org, caller) = (OrgId(org), ctx.caller());
    let input = (|| {
        Ok(service::Invite {
            emails: check_email_list(new.emails.iter().map(String::as_str))?,
            role: dashboard_role(&new.role)?,
            team: new.team_id.map(TeamId),
        })
    })();
    let input = caller.parsed(ctx.db(), org, Action::InviteMembers, input).await?;
    let result = service::invite(ctx.db(), ctx.config(), &caller, org, input).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(InvitationOutcome {
            invited: result.invited,
            skipped: result
                .skipped
                .into_iter()
                .map(|(email, reason)| SkippedEmail { email, reason })
                .collect(),
        }),
    ))
}

/// Remove a member: their seat is freed at once.
#[utoipa::path(delete, path = "/orgs/{org}/members/{user}", tag = "Members",
    params(("org" = i64, Path, description = "Organization id"), ("user" = i64, Path, description = "Person id"), RemoveOptions),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
async fn remove_member(
    ctx: Ctx,
    PathParams((org, user)): PathParams<(i64, i64)>,
    QueryParams(opts): QueryParams<RemoveOptions>,
) -> ApiResult<StatusCode> {
    let erase = match opts.history.as_deref().map(str::trim) {
        None | Some("") | Some("keep") => false,
        Some("erase") => true,
        Some(_) => return Err(crate::error::AppError::invalid("history", "Choose keep or erase.").into()),
    };
    service::remove(ctx.db(), &ctx.caller(), OrgId(org), UserId(user), erase).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make a member a manager, or a manager a member.
#[utoipa::path(put, path = "/orgs/{org}/members/{user}/role", tag = "Members", request_body = RoleChange,
    params(("org" = i64, Path, description = "Organization id"), ("user" = i64, Path, description = "Person id")),
    responses((status = 200, body = Member), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn change_role(
    ctx: Ctx,
    PathParams((org, user)): PathParams<(i64, i64)>,
    JsonBody(change): JsonBody<RoleChange>,
) -> ApiResult<axum::Json<Member>> {
    let (org, caller) = (OrgId(org), ctx.caller());
    let role = caller
        .parsed(ctx.db(), org, Action::ManageMembers, dashboard_role(&change.role))
        .await?;
    let member = service::change_role(ctx.db(), &caller, org, UserId(user), role).await?;
    Ok(axum::Json(member.into()))
}

/// Move a member into one team (out of the organization's other teams).
#[utoipa::path(put, path = "/orgs/{org}/members/{user}/team", tag = "Members", request_body = TeamMove,
    params(("org" = i64, Path, description = "Organization id"), ("user" = i64, Path, description = "Person id")),
    responses((status = 200, body = Member), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn move_to_team(
    ctx: Ctx,
    PathParams((org, user)): PathParams<(i64, i64)>,
    JsonBody(to): JsonBody<TeamMove>,
) -> ApiResult<axum::Json<Member>> {
    let member = service::move_to_team(
        ctx.db(),
        &ctx.caller(),
        OrgId(org),
        UserId(user),
        TeamId(to.team_id),
    )
    .await?;
    Ok(axum::Json(member.into()))
}

/// Seat usage.
#[utoipa::path(get, path = "/orgs/{org}/seats", tag = "Seats",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Seats), (status = 404, body = super::ErrorBody)))]
async fn get_seats(ctx: Ctx, PathParams(org): PathParams<i64>) -> ApiResult<axum::Json<Seats>> {
    let usage = seats::usage(ctx.db(), &ctx.caller(), OrgId(org)).await?;
    Ok(axum::Json(usage.into()))
}

impl From<SeatUsage> for Seats {
    fn from(u: SeatUsage) -> Self {
        Seats {
            total: u.total,
            members: u.members,
            pending: u.pending,
            free: u.free(),
        }
    }
}

/// Add seats (or remove them with a negative count), with a note for the ledger.
#[utoipa::path(post, path = "/orgs/{org}/seats", tag = "Seats", request_body = SeatChange,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Seats), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn add_seats(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(change): JsonBody<SeatChange>,
) -> ApiResult<axum::Json<Seats>> {
    let usage = seats::change(ctx.db(), &ctx.caller(), OrgId(org), change.count, &change.note).await?;
    Ok(axum::Json(usage.into()))
}

/// The seat ledger, newest first: every allocation change and every seat taken, freed, held
/// or released.
#[utoipa::path(get, path = "/orgs/{org}/seats/ledger", tag = "Seats",
    params(("org" = i64, Path, description = "Organization id"), PageParams),
    responses((status = 200, body = ListPage<LedgerEntry>), (status = 404, body = super::ErrorBody)))]
async fn seat_ledger(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    QueryParams(page): QueryParams<PageParams>,
) -> ApiResult<axum::Json<ListPage<LedgerEntry>>> {
    let (limit, position) = (page.limit()?, page.position()?);
    let org = OrgId(org);
    let rows = seats::ledger(ctx.db(), &ctx.caller(), org, limit + 1, position).await?;
    let next_cursor = (rows.len() as i64 > limit).then(|| PageParams::cursor_at(position + limit));
    let data = rows
        .into_iter()
        .take(limit as usize)
        .map(LedgerEntry::from)
        .collect();
    Ok(axum::Json(ListPage { data, next_cursor }))
}

/// A request for more seats, to a platform admin.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeatRequest {
    /// Seats wanted.
    #[schema(minimum = 1, maximum = 100000)]
    pub seats: i64,
    /// Why (kept in the ledger).
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
}

/// A platform admin's decision on a seat request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatDecision {
    /// `approve` (the seats are added) or `decline`.
    #[schema(pattern = "^(approve|decline)$")]
    pub decision: String,
    /// A note for the organization.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
}

/// A seat request and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatRequestBody {
    /// Id.
    pub id: i64,
    /// Organization id.
    pub organization_id: i64,
    /// Organization name.
    pub organization: String,
    /// Seats asked for.
    pub seats: i64,
    /// Why.
    pub note: String,
    /// `pending`, `approved` or `declined`.
    pub status: String,
    /// Who asked.
    pub requested_by: String,
    /// When (RFC 3339 UTC).
    pub requested_at: String,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<String>,
    /// The decision's note.
    pub decision_note: String,
}

impl From<crate::domain::seats::SeatRequest> for SeatRequestBody {
    fn from(r: crate::domain::seats::SeatRequest) -> Self {
        SeatRequestBody {
            id: r.id,
            organization_id: r.org.0,
            organization: r.org_name,
            seats: r.seats,
            note: r.note,
            status: r.status.as_str().into(),
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
        }
    }
}

/// The organization's seat requests, newest first.
#[utoipa::path(get, path = "/orgs/{org}/seat-requests", tag = "Seats",
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 200, body = Vec<SeatRequestBody>), (status = 404, body = super::ErrorBody)))]
async fn list_seat_requests(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
) -> ApiResult<axum::Json<Vec<SeatRequestBody>>> {
    let rows = seats::requests(ctx.db(), &ctx.caller(), OrgId(org)).await?;
    Ok(axum::Json(rows.into_iter().map(SeatRequestBody::from).collect()))
}

/// Ask for more seats than the organization type lets owners add themselves. One request waits
/// at a time (409 while one does).
#[utoipa::path(post, path = "/orgs/{org}/seat-requests", tag = "Seats", request_body = NewSeatRequest,
    params(("org" = i64, Path, description = "Organization id")),
    responses((status = 201, body = SeatRequestBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
async fn request_seats(
    ctx: Ctx,
    PathParams(org): PathParams<i64>,
    JsonBody(new): JsonBody<NewSeatRequest>,
) -> ApiResult<(StatusCode, axum::Json<SeatRequestBody>)> {
    let made = seats::request(ctx.db(), &ctx.caller(), OrgId(org), new.seats, &new.note).await?;
    Ok((StatusCode::CREATED, axum::Json(made.into())))
}

/// Every waiting seat request, then the latest decisions (platform tokens).
#[utoipa::path(get, path = "/seat-requests", tag = "Seats",
    responses((status = 200, body = Vec<SeatRequestBody>), (status = 403, body = super::ErrorBody)))]
async fn all_seat_requests(ctx: Ctx) -> ApiResult<axum::Json<Vec<SeatRequestBody>>> {
    let rows = seats::all_requests(ctx.db(), &ctx.caller()).await?;
    Ok(axum::Json(rows.into_iter().map(SeatRequestBody::from).collect()))
}

/// Approve (the seats are added) or decline a waiting seat request (platform tokens); 409 once
/// it is decided.
#[utoipa::path(post, path = "/seat-requests/{id}/decision", tag = "Seats", request_body = SeatDecision,
    params(("id" = i64, Path, description = "Seat request id")),
    responses((status = 200, body = SeatRequestBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody)))]
async fn decide_seat_request(
    ctx: Ctx,
    PathParams(id): PathParams<i64>,
    JsonBody(d): JsonBody<SeatDecision>,
) -> ApiResult<axum::Json<SeatRequestBody>> {
    let decided = seats::decide(ctx.db(), ctx.config(), &ctx.caller(), id, &d.decision, &d.note).await?;
    Ok(axum::Json(decided.into()))
}

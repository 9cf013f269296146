//! The group dashboard's Members and Seats tabs: list, add, invite, remove and change members;
//! seats and their ledger. Adapters over `service::members` and `service::seats`.

use leptos::prelude::*;

use crate::domain::ids::{OrgId, UserId};
use crate::domain::members::{InviteResult, MemberQuery, MemberRow, NewMemberForm, OrgContext};
#[cfg(feature = "ssr")]
use crate::domain::role::Action;
use crate::domain::seats::SeatsView;
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// Rows per page of the member list.
pub const MEMBERS_PER_PAGE: i64 = 25;

/// The organization behind `/orgs/{slug}` and what the viewer may do there.
#[server]
pub async fn get_org_context(slug: String) -> Result<OrgContext, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::org_context(&state.db, &caller, &slug).await
}

/// One page of the member list (members and pending invitations) within the viewer's scope.
#[server]
pub async fn list_members(org: OrgId, query: MemberQuery) -> Result<Page<MemberRow>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let page = query.page.max(1);
    let offset = Page::<()>::offset(page, MEMBERS_PER_PAGE);
    let (items, total) =
        crate::service::members::list(&state.db, &caller, org, &query, MEMBERS_PER_PAGE, offset).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: MEMBERS_PER_PAGE,
    })
}

/// Adds someone as a member (taking one seat). An existing account is added; for a new email
/// an account is created and its set-password link sent.
#[server]
pub async fn add_member(org: OrgId, form: NewMemberForm) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let input = caller
        .parsed(&state.db, org, Action::ManageMembers, form.validate())
        .await?;
    crate::service::members::add(&state.db, &state.config, &caller, org, &input).await?;
    Ok(())
}

/// Invites one or many people (pasted emails). Each invitation holds a seat while pending; the
/// whole batch is refused, with the numbers, when the seats are not there.
#[server]
pub async fn invite_members(
    org: OrgId,
    emails: String,
    role: String,
    team: String,
) -> Result<InviteResult, AppError> {
    use crate::domain::members::{dashboard_role, parse_email_list};
    use crate::domain::structure::optional_id;
    use crate::server::auth;

    let (state, caller) = auth::caller().await?;
    let input = (|| {
        Ok(crate::service::members::Invite {
            emails: parse_email_list(&emails)?,
            role: dashboard_role(&role)?,
            team: optional_id("team", &team)?.map(crate::domain::ids::TeamId),
        })
    })();
    let input = caller
        .parsed(&state.db, org, Action::InviteMembers, input)
        .await?;
    auth::answered(crate::service::members::invite(&state.db, &state.config, &caller, org, input).await)
}

/// Sends an invitation again with a new link; the old link stops working.
#[server]
pub async fn resend_invitation(org: OrgId, id: i64) -> Result<(), AppError> {
    use crate::server::auth;
    let (state, caller) = auth::caller().await?;
    auth::answered(
        crate::service::members::resend_invitation(&state.db, &state.config, &caller, org, id).await,
    )
}

/// Withdraws a pending invitation; its seat is freed and its link stops working.
#[server]
pub async fn revoke_invitation(org: OrgId, id: i64) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::revoke_invitation(&state.db, &caller, org, id).await
}

/// Removes a member: their seat is freed and their access to this organization ends at once.
/// `history`: `keep` (default) keeps their progress in reports; `erase` deletes it.
#[server]
pub async fn remove_member(org: OrgId, user_id: UserId, history: String) -> Result<(), AppError> {
    let erase = match history.trim() {
        "" | "keep" => false,
        "erase" => true,
        _ => return Err(AppError::invalid("history", "Choose keep or erase.")),
    };
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::members::remove(&state.db, &caller, org, user_id, erase).await
}

/// Promotes a member to manager or demotes a manager to member.
#[server]
pub async fn change_member_role(org: OrgId, user_id: UserId, role: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    let role = crate::domain::members::dashboard_role(&role);
    let role = caller.parsed(&state.db, org, Action::ManageMembers, role).await?;
    crate::service::members::change_role(&state.db, &caller, org, user_id, role).await?;
    Ok(())
}

/// Moves a member to one team: out of the other teams the viewer manages, into `team_id`.
#[server]
pub async fn move_member_to_team(org: OrgId, user_id: UserId, team_id: String) -> Result<(), AppError> {
    use crate::domain::structure::optional_id;
    let (state, caller) = crate::server::auth::caller().await?;
    let team = optional_id("team_id", &team_id).and_then(|t| {
        t.map(crate::domain::ids::TeamId)
            .ok_or_else(|| AppError::invalid("team_id", "Choose a team."))
    });
    let team = caller.parsed(&state.db, org, Action::ManageMembers, team).await?;
    crate::service::members::move_to_team(&state.db, &caller, org, user_id, team).await?;
    Ok(())
}

/// Seats used, pending, free and total, and the seat ledger.
#[server]
pub async fn get_seats(org: OrgId) -> Result<SeatsView, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::seats::view(&state.db, &caller, org).await
}

/// The Overview tab's figures (owners, organization admins and platform admins).
#[server]
pub async fn get_overview(org: OrgId) -> Result<crate::domain::overview::Overview, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::overview::overview(&state.db, &caller, org).await
}

/// Adds seats (or removes them, with a negative count) with a note; recorded in the ledger.
#[server]
pub async fn add_seats(org: OrgId, count: String, note: String) -> Result<(), AppError> {
    use crate::domain::validate::whole_number;
    let (state, caller) = crate::server::auth::caller().await?;
    let delta = whole_number("count", "the number of seats", &count, -1_000_000, 1_000_000);
    let delta = caller.parsed(&state.db, org, Action::ManageSeats, delta).await?;
    crate::service::seats::change(&state.db, &caller, org, delta, &note).await?;
    Ok(())
}

/// Asks the platform for `count` more seats, with a note (owners and organization admins).
#[server]
pub async fn request_seats(org: OrgId, count: String, note: String) -> Result<(), AppError> {
    use crate::domain::validate::whole_number;
    let (state, caller) = crate::server::auth::caller().await?;
    let seats = whole_number(
        "count",
        "the number of seats",
        &count,
        1,
        crate::domain::seats::MAX_REQUEST,
    );
    let seats = caller.parsed(&state.db, org, Action::ManageSeats, seats).await?;
    crate::service::seats::request(&state.db, &caller, org, seats, &note).await?;
    Ok(())
}

/// Admin > Seat requests: the waiting ones, then the latest decisions (platform admins).
#[server]
pub async fn list_seat_requests() -> Result<Vec<crate::domain::seats::SeatRequest>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::seats::all_requests(&state.db, &caller).await
}

/// Approves (`decision` = `approve`: the seats are added) or declines a seat request, with a
/// note for the organization (platform admins).
#[server]
pub async fn decide_seat_request(id: i64, decision: String, note: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::seats::decide(&state.db, &state.config, &caller, id, &decision, &note).await?;
    Ok(())
}

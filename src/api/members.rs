//! The group dashboard's Members and Seats tabs: list, add, invite, remove and change members;
//! seats and their ledger. Every function authorizes through `server::auth` and works inside the
//! viewer's scope (their teams for a manager, their department subtree for a department admin).

use leptos::prelude::*;

use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::members::{InviteResult, MemberQuery, MemberRow, NewMemberForm, OrgContext};
use crate::domain::seats::SeatsView;
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// Rows per page of the member list.
pub const MEMBERS_PER_PAGE: i64 = 25;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::domain::ids::{OrgId, TeamId, UserId};
    use crate::domain::members::{check_role_grant, Scope};
    use crate::domain::role::Role;
    use crate::error::AppError;
    use crate::server::auth::Access;
    use crate::server::repo::members;
    use crate::server::{audit, invitations, mail};
    use sqlx::SqliteConnection;

    /// The member `user` of `org` as the viewer may act on them: in scope, and below the viewer.
    pub async fn target(
        db: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        user: UserId,
    ) -> Result<(crate::domain::role::Role, Vec<TeamId>), AppError> {
        let (role, status, _) = members::membership(&mut *db, org, user)
            .await?
            .ok_or(AppError::NotFound)?;
        if status != "active" {
            return Err(AppError::NotFound);
        }
        let teams = members::teams_of(&mut *db, org, user).await?;
        if !scope.covers_member(&teams) {
            return Err(AppError::NotFound);
        }
        crate::domain::members::check_can_manage(access.role, access.user.is_platform_admin, role)?;
        Ok((role, teams))
    }

    pub use crate::server::members::org_teams;

    /// `limit` rows of the member list from `offset`, filtered as `query` asks, within `scope`;
    /// and how many rows match. The dashboard pages by page number, the API by cursor.
    pub async fn member_page(
        db: &sqlx::SqlitePool,
        org: OrgId,
        scope: &Scope,
        query: &crate::domain::members::MemberQuery,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<crate::domain::members::MemberRow>, i64), AppError> {
        use crate::domain::members::{MemberSort, MemberStatus};
        use crate::domain::structure::optional_id;
        let team = optional_id("team", &query.team)?.map(TeamId);
        let role = match query.role.trim() {
            "" => None,
            r => Some(
                r.parse()
                    .map_err(|_| AppError::invalid("role", "Choose a role from the list."))?,
            ),
        };
        let filter = members::ListFilter {
            search: &query.q,
            team,
            role,
            status: MemberStatus::parse_filter(&query.status)?,
            scope: scope.team_filter(),
            sort: MemberSort::parse(&query.sort),
        };
        let mut conn = db.acquire().await?;
        Ok(members::list(&mut conn, org, &filter, limit, offset).await?)
    }

    /// Removes one member (seat freed, teams and admin rights gone; progress erased on request).
    pub async fn remove_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        user: UserId,
        erase: bool,
    ) -> Result<(), AppError> {
        if user == access.user.id {
            return Err(AppError::Conflict(
                "You cannot remove yourself. Ask another administrator.".into(),
            ));
        }
        target(&mut *tx, org, access, scope, user).await?;
        let email = email_of(&mut *tx, user).await?;
        let actor = access.actor();
        members::remove(&mut *tx, org, user, erase).await?;
        members::ledger(&mut *tx, org, "freed", -1, "member removed", Some(&email), &actor).await?;
        let entry = audit::Entry::new(&actor, "member.removed", "user", user)
            .in_org(org)
            .details(serde_json::json!({ "email": email, "progress_erased": erase }));
        audit::record(&mut *tx, entry).await?;
        Ok(())
    }

    /// Makes one member a manager or a member.
    pub async fn role_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        user: UserId,
        role: Role,
    ) -> Result<(), AppError> {
        check_role_grant(access.role, access.user.is_platform_admin, role)?;
        let (before, _) = target(&mut *tx, org, access, scope, user).await?;
        if before > Role::Manager {
            return Err(AppError::Conflict(
                "Administrators' roles are changed by the organization's owner in the admin area.".into(),
            ));
        }
        members::set_role(&mut *tx, org, user, role).await?;
        let actor = access.actor();
        let entry = audit::Entry::new(&actor, "member.role_changed", "user", user)
            .in_org(org)
            .details(serde_json::json!({ "role": [before.as_str(), role.as_str()] }));
        audit::record(&mut *tx, entry).await?;
        Ok(())
    }

    /// Moves one member into `team`, out of the other teams in the viewer's scope.
    pub async fn move_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        user: UserId,
        team: TeamId,
    ) -> Result<(), AppError> {
        if !scope.covers_team(team) {
            return Err(AppError::invalid(
                "team_id",
                "You can only move people into teams you manage.",
            ));
        }
        org_teams(&mut *tx, org, &[team])
            .await
            .map_err(|_| AppError::invalid("team_id", "Choose a team of this organization."))?;
        let (_, before) = target(&mut *tx, org, access, scope, user).await?;
        members::remove_from_teams(&mut *tx, org, user, scope.team_filter()).await?;
        members::add_to_teams(&mut *tx, org, user, &[team]).await?;
        let actor = access.actor();
        let entry = audit::Entry::new(&actor, "member.moved", "user", user)
            .in_org(org)
            .details(serde_json::json!({ "teams_before": before, "team": team }));
        audit::record(&mut *tx, entry).await?;
        Ok(())
    }

    /// The organization's name and invitation lifetime.
    async fn invitation_terms(tx: &mut SqliteConnection, org: OrgId) -> Result<(String, i64), AppError> {
        Ok(
            sqlx::query_as("SELECT name, invitation_days FROM organizations WHERE id = ?1")
                .bind(org)
                .fetch_one(&mut *tx)
                .await?,
        )
    }

    /// Creates one invitation (holding a seat; the caller checked there is one) and sends it.
    pub async fn invite_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        email: &str,
        role: Role,
        team: Option<TeamId>,
    ) -> Result<i64, AppError> {
        let (org_name, days) = invitation_terms(&mut *tx, org).await?;
        let (token, hash) = invitations::new_token();
        let expires = in_days(days);
        let actor = access.actor();
        let id =
            members::insert_invitation(&mut *tx, org, email, role, team, &hash, access.user.id, &expires)
                .await?;
        members::ledger(&mut *tx, org, "held", 1, "invitation sent", Some(email), &actor).await?;
        let link = format!("{}/invitations/accept?token={token}", invitations::public_url());
        mail::queue(
            &mut *tx,
            mail::Mail {
                to: email,
                subject: format!("You are invited to join {org_name} on Orgboard"),
                body: format!(
                    "Hello,\n\n{} invited you to join {org_name} on Orgboard. Accept here (the link works once, for {days} days):\n\n{link}\n",
                    access.user.name
                ),
                org: Some(org),
            },
        )
        .await?;
        let entry = audit::Entry::new(&actor, "invitation.sent", "invitation", id)
            .in_org(org)
            .details(serde_json::json!({ "email": email, "role": role.as_str(), "team": team, "expires_at": expires }));
        audit::record(&mut *tx, entry).await?;
        Ok(id)
    }

    /// Sends one pending invitation again with a new link (the old one dies).
    pub async fn resend_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        id: i64,
    ) -> Result<(), AppError> {
        let (id, email, _role, team, expires_at) = members::pending_invitation(&mut *tx, org, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !scope.is_organization() && !team.is_some_and(|t| scope.covers_team(t)) {
            return Err(AppError::NotFound);
        }
        // An expired invitation held no seat: it needs a free one again.
        if expires_at <= crate::server::repo::now() {
            members::seat_usage(&mut *tx, org)
                .await?
                .ok_or(AppError::NotFound)?
                .check_take(1)?;
        }
        let (org_name, days) = invitation_terms(&mut *tx, org).await?;
        let (token, hash) = invitations::new_token();
        let expires = in_days(days);
        members::renew_invitation(&mut *tx, org, id, &hash, &expires).await?;
        let link = format!("{}/invitations/accept?token={token}", invitations::public_url());
        mail::queue(
            &mut *tx,
            mail::Mail {
                to: &email,
                subject: format!("Reminder: you are invited to join {org_name} on Orgboard"),
                body: format!(
                    "Hello,\n\nYou are invited to join {org_name} on Orgboard. Accept here (the link works once, for {days} days; earlier links no longer work):\n\n{link}\n"
                ),
                org: Some(org),
            },
        )
        .await?;
        let actor = access.actor();
        let entry = audit::Entry::new(&actor, "invitation.resent", "invitation", id)
            .in_org(org)
            .details(serde_json::json!({ "email": email, "expires_at": expires }));
        audit::record(&mut *tx, entry).await?;
        Ok(())
    }

    /// Withdraws one pending invitation; its seat is freed and its link stops working.
    pub async fn revoke_one(
        tx: &mut SqliteConnection,
        org: OrgId,
        access: &Access,
        scope: &Scope,
        id: i64,
    ) -> Result<(), AppError> {
        let (id, email, _, team, _) = members::pending_invitation(&mut *tx, org, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !scope.is_organization() && !team.is_some_and(|t| scope.covers_team(t)) {
            return Err(AppError::NotFound);
        }
        let actor = access.actor();
        members::revoke_invitation(&mut *tx, org, id).await?;
        members::ledger(
            &mut *tx,
            org,
            "released",
            -1,
            "invitation revoked",
            Some(&email),
            &actor,
        )
        .await?;
        let entry = audit::Entry::new(&actor, "invitation.revoked", "invitation", id)
            .in_org(org)
            .details(serde_json::json!({ "email": email }));
        audit::record(&mut *tx, entry).await?;
        Ok(())
    }

    async fn email_of(tx: &mut SqliteConnection, user: UserId) -> Result<String, AppError> {
        Ok(sqlx::query_scalar("SELECT email FROM users WHERE id = ?1")
            .bind(user)
            .fetch_one(&mut *tx)
            .await?)
    }

    /// Expiry timestamp `days` from now.
    pub fn in_days(days: i64) -> String {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }
}

/// The organization behind `/orgs/{slug}` and what the viewer may do there.
#[server]
pub async fn get_org_context(slug: String) -> Result<OrgContext, AppError> {
    use crate::domain::role::{Action, Role};
    use crate::domain::seats::expiry_notice;
    use crate::server::auth;

    let org = auth::org_by_slug(&slug).await?;
    let (state, access, scope) = auth::require_scoped(org, Action::ViewDashboard).await?;
    let row: (String, String, String, String, Option<String>) = sqlx::query_as(
        "SELECT slug, name, logo_url, brand_color, expires_at FROM organizations WHERE id = ?1",
    )
    .bind(org)
    .fetch_one(&state.db)
    .await?;
    let teams: Vec<(TeamId, String)> =
        sqlx::query_as("SELECT id, name FROM teams WHERE organization_id = ?1 ORDER BY name COLLATE NOCASE")
            .bind(org)
            .fetch_all(&state.db)
            .await?;
    let admin = access.user.is_platform_admin;
    Ok(OrgContext {
        id: org,
        slug: row.0,
        name: row.1,
        logo_url: row.2,
        brand_color: row.3,
        role: access.role,
        whole_org: scope.is_organization(),
        manages_org: admin || access.role.is_some_and(|r| r.can(Action::ManageSettings)),
        grants_manager: admin || access.role.is_some_and(|r| r >= Role::DepartmentAdmin),
        is_owner: access.role == Some(Role::Owner),
        assigns_courses: admin || access.role.is_some_and(|r| r.can(Action::AssignCourses)),
        expiry_notice: expiry_notice(row.4.as_deref(), &crate::server::repo::now()),
        teams: teams.into_iter().filter(|(t, _)| scope.covers_team(*t)).collect(),
    })
}

/// One page of the member list (members and pending invitations) within the viewer's scope.
#[server]
pub async fn list_members(org: OrgId, query: MemberQuery) -> Result<Page<MemberRow>, AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, _access, scope) = auth::require_scoped(org, Action::ViewMembers).await?;
    let page = query.page.max(1);
    let (items, total) = support::member_page(
        &state.db,
        org,
        &scope,
        &query,
        MEMBERS_PER_PAGE,
        Page::<()>::offset(page, MEMBERS_PER_PAGE),
    )
    .await?;
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
    use crate::domain::members::check_role_grant;
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let input = form.validate()?;
    check_role_grant(access.role, access.user.is_platform_admin, input.role)?;
    scope.check_new_member_teams(&input.teams)?;
    crate::server::members::add(&state.db, org, &access.actor(), &input).await?;
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
    use crate::domain::members::{check_role_grant, dashboard_role, parse_email_list};
    use crate::domain::role::Action;
    use crate::domain::structure::optional_id;
    use crate::server::auth;
    use crate::server::repo::{members, users};

    let (state, access, scope) = auth::require_scoped(org, Action::InviteMembers).await?;
    let emails = parse_email_list(&emails)?;
    let role = dashboard_role(&role)?;
    check_role_grant(access.role, access.user.is_platform_admin, role)?;
    let team = optional_id("team", &team)?.map(TeamId);
    scope
        .check_new_member_teams(&team.into_iter().collect::<Vec<_>>())
        .map_err(|_| AppError::invalid("team", "Choose one of your teams for the people you invite."))?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(t) = team {
        support::org_teams(&mut tx, org, &[t])
            .await
            .map_err(|_| AppError::invalid("team", "Choose a team of this organization."))?;
    }
    let mut result = InviteResult::default();
    let mut to_invite = Vec::new();
    for email in emails {
        if let Some(u) = users::find_by_email(&mut *tx, &email).await? {
            if matches!(members::membership(&mut *tx, org, u.id).await?, Some((_, s, _)) if s == "active") {
                result.skipped.push((email, "already a member".into()));
                continue;
            }
        }
        if members::has_pending_invitation(&mut *tx, org, &email).await? {
            result.skipped.push((email, "already invited".into()));
            continue;
        }
        to_invite.push(email);
    }
    let usage = members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?;
    usage.check_take(to_invite.len() as i64)?;
    if let Err(e) = crate::server::guard::check_invitation_rate(&mut tx, org, to_invite.len() as i64).await {
        auth::answer_too_many(&e);
        return Err(e);
    }
    for email in &to_invite {
        support::invite_one(&mut tx, org, &access, email, role, team).await?;
    }
    tx.commit().await?;
    result.invited = to_invite;
    Ok(result)
}

/// Sends an invitation again with a new link; the old link stops working.
#[server]
pub async fn resend_invitation(org: OrgId, id: i64) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::InviteMembers).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Err(e) = crate::server::guard::check_invitation_rate(&mut tx, org, 1).await {
        auth::answer_too_many(&e);
        return Err(e);
    }
    support::resend_one(&mut tx, org, &access, &scope, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a pending invitation; its seat is freed and its link stops working.
#[server]
pub async fn revoke_invitation(org: OrgId, id: i64) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::InviteMembers).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    support::revoke_one(&mut tx, org, &access, &scope, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member: their seat is freed and their access to this organization ends at once.
/// `history`: `keep` (default) keeps their progress in reports; `erase` deletes it.
#[server]
pub async fn remove_member(org: OrgId, user_id: UserId, history: String) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::server::auth;

    let erase = match history.trim() {
        "" | "keep" => false,
        "erase" => true,
        _ => return Err(AppError::invalid("history", "Choose keep or erase.")),
    };
    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    support::remove_one(&mut tx, org, &access, &scope, user_id, erase).await?;
    tx.commit().await?;
    Ok(())
}

/// Promotes a member to manager or demotes a manager to member.
#[server]
pub async fn change_member_role(org: OrgId, user_id: UserId, role: String) -> Result<(), AppError> {
    use crate::domain::members::dashboard_role;
    use crate::domain::role::Action;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let role = dashboard_role(&role)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    support::role_one(&mut tx, org, &access, &scope, user_id, role).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a member to one team: out of the other teams the viewer manages, into `team_id`.
#[server]
pub async fn move_member_to_team(org: OrgId, user_id: UserId, team_id: String) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::domain::structure::optional_id;
    use crate::server::auth;

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    let team = optional_id("team_id", &team_id)?
        .map(TeamId)
        .ok_or_else(|| AppError::invalid("team_id", "Choose a team."))?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    support::move_one(&mut tx, org, &access, &scope, user_id, team).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a member leader of one of their teams, or not (`leader`: `true` / `false`).
#[server]
pub async fn set_team_leader(
    org: OrgId,
    user_id: UserId,
    team_id: TeamId,
    leader: String,
) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::server::repo::members;
    use crate::server::{audit, auth};

    let (state, access, scope) = auth::require_scoped(org, Action::ManageMembers).await?;
    if !scope.covers_team(team_id) {
        return Err(AppError::NotFound);
    }
    let leader = leader.trim() == "true";
    let actor = access.actor();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let (_, teams) = support::target(&mut tx, org, &access, &scope, user_id).await?;
    if !teams.contains(&team_id) || !members::set_leader(&mut *tx, team_id, user_id, leader).await? {
        return Err(AppError::invalid("team_id", "They are not in that team."));
    }
    let entry = audit::Entry::new(&actor, "member.team_leader", "user", user_id)
        .in_org(org)
        .details(serde_json::json!({ "team": team_id, "leader": leader }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Seats used, pending, free and total, and the seat ledger.
#[server]
pub async fn get_seats(org: OrgId) -> Result<SeatsView, AppError> {
    use crate::domain::role::Action;
    use crate::domain::seats::LedgerLine;
    use crate::server::{auth, repo::members};

    let (state, access, _scope) = auth::require_scoped(org, Action::ViewDashboard).await?;
    let usage = members::seat_usage(&state.db, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let ledger = members::ledger_lines(&state.db, org, 200, 0)
        .await?
        .into_iter()
        .map(|(at, kind, delta, note, subject, actor)| LedgerLine {
            at,
            kind,
            delta,
            note,
            subject,
            actor,
        })
        .collect();
    Ok(SeatsView {
        usage,
        ledger,
        can_add: access.user.is_platform_admin || access.role.is_some_and(|r| r.can(Action::ManageSeats)),
    })
}

/// Adds seats (or removes them, with a negative count) with a note; recorded in the ledger.
#[server]
pub async fn add_seats(org: OrgId, count: String, note: String) -> Result<(), AppError> {
    use crate::domain::role::Action;
    use crate::domain::seats::check_allocation_change;
    use crate::domain::validate::whole_number;
    use crate::server::repo::members;
    use crate::server::{audit, auth};

    let (state, access) = auth::require(org, Action::ManageSeats).await?;
    let delta = whole_number("count", "the number of seats", &count, -1_000_000, 1_000_000)?;
    let actor = access.actor();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let usage = members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let (total, note) = check_allocation_change(usage, delta, &note)?;
    members::set_seat_count(&mut *tx, org, total).await?;
    members::ledger(&mut *tx, org, "allocation", delta, &note, None, &actor).await?;
    let entry = audit::Entry::new(&actor, "seats.changed", "organization", org)
        .in_org(org)
        .details(serde_json::json!({ "seat_count": [usage.total, total], "note": note }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

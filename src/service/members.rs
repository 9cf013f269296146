//! Members and invitations of one organization: the member list, adding, inviting, removing
//! and changing people, accepting an invitation. Every operation authorizes its caller, works
//! inside the caller's scope (their teams for a manager, their department subtree for a
//! department admin) and is one `BEGIN IMMEDIATE` transaction with its audit rows, so the seat
//! check and the seat taken are atomic under any number of concurrent callers.

use crate::domain::account::LinkPurpose;
use crate::domain::audit::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};

use super::caller::{Access, Caller};
use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::members::{
    changeable_roles, check_can_manage, check_role_grant, grantable_roles, invitation_problem,
    InvitationView, InviteResult, MemberQuery, MemberRow, MemberSort, MemberStatus, NewMember, OrgContext,
    Scope,
};
use crate::domain::role::{Action, Role};
use crate::domain::seats::LedgerKind;
use crate::domain::validate;
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::config::Config;
use crate::server::repo::outbox::{self, LinkGone};
use crate::server::repo::{members, users};
use crate::server::{guard, invitations};

/// Checks that every team is one of `org`'s.
pub async fn org_teams(db: &mut SqliteConnection, org: OrgId, teams: &[TeamId]) -> Result<(), AppError> {
    for t in teams {
        if !members::is_org_team(&mut *db, org, *t).await? {
            return Err(AppError::invalid("teams", "Choose teams of this organization."));
        }
    }
    Ok(())
}

/// Adds someone as a member (taking one seat). An existing account is added; for a new email
/// an account is created and its set-password link sent. Answers with their row.
pub async fn add(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    org: OrgId,
    input: &NewMember,
) -> Result<MemberRow, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    check_role_grant(access.role, access.user.is_platform_admin, input.role)?;
    scope.check_new_member_teams(&input.teams)?;
    add_as(db, config, org, &access.actor(), input).await
}

/// `add`'s transaction, for a caller already authorized: adds `input` to `org`, taking one
/// seat; a new email gets an account and a set-password link. Answers with their row, read in
/// the same transaction.
pub async fn add_as(
    db: &SqlitePool,
    config: &Config,
    org: OrgId,
    actor: &Actor,
    input: &NewMember,
) -> Result<MemberRow, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    org_teams(&mut tx, org, &input.teams).await?;
    let existing = users::find_by_email(&mut *tx, &input.email).await?;
    if let Some(u) = &existing {
        if matches!(
            members::membership(&mut *tx, org, u.id).await?,
            Some((_, MemberStatus::Active, _))
        ) {
            return Err(AppError::invalid(
                "email",
                format!("{} is already a member of this organization.", input.email),
            ));
        }
    }
    if members::has_pending_invitation(&mut *tx, org, &input.email).await? {
        return Err(AppError::invalid(
            "email",
            format!(
                "{} already has a pending invitation. Resend or revoke it instead.",
                input.email
            ),
        ));
    }
    members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?
        .check_take(1)?;
    let claimed = super::accounts::claim(&mut tx, actor, &input.email, &input.name).await?;
    let (user, created) = (claimed.id, claimed.needs_link());
    members::activate(&mut *tx, org, user, input.role).await?;
    members::add_to_teams(&mut tx, org, user, &input.teams).await?;
    members::ledger(
        &mut *tx,
        org,
        LedgerKind::Taken,
        1,
        "member added",
        Some(&input.email),
        actor,
    )
    .await?;
    if created {
        invitations::invite_new_account(&mut tx, config, actor, user, Some(org)).await?;
    }
    let entry = audit::Entry::new(actor, AuditAction::MemberAdded, "user", user)
        .in_org(org)
        .details(serde_json::json!({
            "email": input.email, "role": input.role.as_str(), "teams": input.teams, "new_account": created,
        }));
    audit::record(&mut *tx, entry).await?;
    // The new member's report rows are settled in this transaction (a few milliseconds), so
    // the next report read has nothing to settle and needs no write lock.
    crate::server::repo::report_sync::settle_person_in(&mut tx, org, user).await?;
    let row = members::member_row(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// Who accepts an invitation.
pub enum Acceptor {
    /// The signed-in account of the invited email.
    Existing(UserId),
    /// Someone new: their name and password hash.
    New {
        /// Name.
        name: String,
        /// Argon2 hash of the chosen password.
        password_hash: String,
    },
}

/// What an invitation link is for, or why it cannot be used (`Conflict` with the reason).
pub async fn invitation(db: &SqlitePool, caller: &Caller, token: &str) -> Result<InvitationView, AppError> {
    let Some(found) = members::invitation_by_hash(db, &invitations::hash_token(token.trim())).await? else {
        return Err(AppError::Conflict(
            "This link has expired or was already used. Check that you copied all of it, or ask whoever invited you for a new one.".into(),
        ));
    };
    let members::InvitationByToken {
        org_name,
        email,
        role,
        status,
        expires_at,
        ..
    } = found;
    if let Some(problem) = invitation_problem(&status, &expires_at, &crate::server::repo::now(), &org_name) {
        return Err(AppError::Conflict(problem));
    }
    Ok(InvitationView {
        org_name,
        has_account: users::find_by_email(db, &email)
            .await?
            .is_some_and(|u| u.is_verified()),
        email,
        role: role.parse().unwrap_or(Role::Member),
        signed_in_as: caller.person().ok().map(|u| u.email.clone()),
    })
}

/// Accepts the invitation of `token`. Someone new gives a name and password (an account is
/// made, or one never confirmed is taken over; the account is the answer, to start its
/// session); someone with an account must be signed in as the invited email (the answer is
/// `None`).
pub async fn accept_link(
    db: &SqlitePool,
    caller: &Caller,
    token: &str,
    name: &str,
    password: &str,
    confirm: &str,
) -> Result<Option<UserId>, AppError> {
    let view = invitation(db, caller, token).await?;
    let hash = invitations::hash_token(token.trim());
    let who = if view.has_account {
        match (&view.signed_in_as, caller) {
            (Some(e), Caller::Person(me)) if *e == view.email => Acceptor::Existing(me.id),
            (Some(other), _) => {
                return Err(AppError::Conflict(format!(
                    "This invitation is for {}, but you are signed in as {other}. Sign out, then open the link again.",
                    view.email
                )))
            }
            _ => {
                return Err(AppError::Conflict(format!(
                    "{} already has an account. Sign in first, then open the link again.",
                    view.email
                )))
            }
        }
    } else {
        let name = validate::name(name)?;
        validate::new_password_twice(password, confirm)?;
        Acceptor::New {
            name,
            password_hash: crate::server::password::hash(password.to_string()).await?,
        }
    };
    let new = matches!(who, Acceptor::New { .. });
    let (_, user, _) = accept(db, &hash, who).await?;
    Ok(new.then_some(user))
}

/// Consumes the invitation with token hash `hash` exactly once and makes the person a member,
/// in one transaction: the seat the invitation held passes to the membership. Returns the
/// organization, the person and their email.
pub async fn accept(db: &SqlitePool, hash: &str, who: Acceptor) -> Result<(OrgId, UserId, String), AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let Some(id) = members::consume_invitation(&mut *tx, hash).await? else {
        return Err(AppError::Conflict(
            "This link has expired or was already used. Ask whoever invited you for a new one.".into(),
        ));
    };
    let members::InvitationByToken {
        organization_id: org,
        email,
        role,
        team_id: team,
        ..
    } = members::invitation_by_hash(&mut *tx, hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = users::find_by_email(&mut *tx, &email).await?;
    let (user, new_account) = match (who, found) {
        (Acceptor::Existing(id), Some(u)) if u.id == id => (id, false),
        (Acceptor::New { name, password_hash }, None) => (
            users::insert(&mut *tx, &email, &name, Some(&password_hash), false, true).await?,
            true,
        ),
        // An account whose address was never proved: the invitation link proves it now, and the
        // name and password chosen here replace whatever was typed at that sign-up.
        (Acceptor::New { name, password_hash }, Some(u)) if !u.is_verified() => {
            users::replace_unverified(&mut *tx, u.id, &name, &password_hash).await?;
            users::mark_verified(&mut *tx, u.id).await?;
            super::accounts::retire_links(
                &mut tx,
                u.id,
                &[LinkPurpose::VerifyEmail, LinkPurpose::SetPassword],
            )
            .await?;
            (u.id, true)
        }
        (Acceptor::New { .. }, Some(_)) => {
            return Err(AppError::Conflict(format!(
                "{email} already has an account. Sign in, then open the link again."
            )))
        }
        _ => {
            return Err(AppError::Conflict(format!(
                "This invitation is for {email}. Sign in as {email}, then open the link again."
            )))
        }
    };
    outbox::retire_link(&mut *tx, hash, LinkGone::Used).await?;
    let role: Role = role.parse().unwrap_or(Role::Member);
    let already = matches!(
        members::membership(&mut *tx, org, user).await?,
        Some((_, MemberStatus::Active, _))
    );
    if !already {
        members::activate(&mut *tx, org, user, role).await?;
    }
    if let Some(team) = team {
        members::add_to_teams(&mut tx, org, user, &[team]).await?;
    }
    let actor = Actor::user(user, &email);
    if !already {
        members::ledger(
            &mut *tx,
            org,
            LedgerKind::Taken,
            1,
            "invitation accepted",
            Some(&email),
            &actor,
        )
        .await?;
    }
    members::ledger(
        &mut *tx,
        org,
        LedgerKind::Released,
        -1,
        "invitation accepted",
        Some(&email),
        &actor,
    )
    .await?;
    let entry = audit::Entry::new(&actor, AuditAction::InvitationAccepted, "invitation", id)
        .in_org(org)
        .details(serde_json::json!({ "email": email, "new_account": new_account }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok((org, user, email))
}

/// The organization behind `/orgs/{slug}` and what the caller may do there.
/// Unknown and foreign slugs answer the same `NotFound` (and an anonymous caller is asked to
/// sign in before any lookup), so slugs cannot be enumerated.
pub async fn org_context(db: &SqlitePool, caller: &Caller, slug: &str) -> Result<OrgContext, AppError> {
    if matches!(caller, Caller::Anonymous) {
        return Err(AppError::Unauthorized);
    }
    let org = crate::server::repo::orgs::id_by_slug(db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (access, scope) = caller
        .require_scoped(db, org, Action::ViewDashboard)
        .await
        .map_err(|e| {
            if e == AppError::Forbidden {
                AppError::NotFound
            } else {
                e
            }
        })?;
    let header = members::dashboard_header(db, org).await?;
    let logo = header
        .logo_version
        .map(|v| crate::domain::settings::logo_path(&header.slug, v))
        .unwrap_or_default();
    let teams = members::team_names(db, org).await?;
    let admin = access.user.is_platform_admin;
    let read_only = access.read_only;
    // After expiry nothing is given or changed: the lists offer no roles and no actions.
    let (grants, changes) = if read_only {
        (Vec::new(), Vec::new())
    } else {
        (
            grantable_roles(access.role, admin),
            changeable_roles(access.role, admin),
        )
    };
    Ok(OrgContext {
        id: org,
        slug: header.slug,
        name: header.name,
        logo_url: logo,
        brand_color: header.brand_color,
        role: access.role,
        whole_org: scope.is_organization(),
        manages_org: admin || access.role.is_some_and(|r| r.can(Action::ManageSettings)),
        grants,
        changes,
        is_owner: access.role == Some(Role::Owner),
        assigns_courses: admin || access.role.is_some_and(|r| r.can(Action::AssignCourses)),
        features: crate::server::repo::orgs::features(db, org)
            .await?
            .ok_or(AppError::NotFound)?,
        read_only,
        expiry_notice: crate::domain::seats::expiry_notice(
            header.expires_at.as_deref(),
            &crate::server::repo::now(),
        ),
        teams: teams.into_iter().filter(|(t, _)| scope.covers_team(*t)).collect(),
    })
}

/// `limit` rows of the member list (members and pending invitations) from `offset`, filtered
/// as `query` asks, within the caller's scope; and how many rows match on all pages. The
/// dashboard pages by page number, the API by cursor.
pub async fn list(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    query: &MemberQuery,
    limit: i64,
    offset: i64,
) -> Result<(Vec<MemberRow>, i64), AppError> {
    let (_, scope) = caller.require_scoped(db, org, Action::ViewMembers).await?;
    let filter = list_filter(query, &scope)?;
    let mut conn = db.acquire().await?;
    Ok(members::list(&mut conn, org, &filter, limit, offset).await?)
}

/// The member-list filters of `query`, checked, within `scope` (the page, the API and the CSV
/// export read the same list).
pub fn list_filter<'a>(
    query: &'a MemberQuery,
    scope: &'a Scope,
) -> Result<members::ListFilter<'a>, AppError> {
    use crate::domain::structure::optional_id;
    let role = match query.role.trim() {
        "" => None,
        r => Some(
            r.parse()
                .map_err(|_| AppError::invalid("role", "Choose a role from the list."))?,
        ),
    };
    Ok(members::ListFilter {
        search: &query.q,
        team: optional_id("team", &query.team)?.map(TeamId),
        role,
        status: MemberStatus::parse_filter(&query.status)?,
        scope: scope.team_filter(),
        active_since: crate::domain::overview::parse_active_days(&query.active)?
            .map(|d| crate::server::repo::from_now(-chrono::Duration::days(d))),
        sort: MemberSort::parse(&query.sort),
    })
}

/// Whom an invitation batch goes to, as what, into which team.
#[derive(Debug, Clone)]
pub struct Invite {
    /// Checked, lower-cased, without repeats.
    pub emails: Vec<String>,
    /// Member or manager.
    pub role: Role,
    /// A team to put them in.
    pub team: Option<TeamId>,
}

/// Invites one or many people. Each invitation holds a seat while pending; the whole batch is
/// refused, with the numbers, when the seats are not there (or over the hourly limit).
pub async fn invite(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    org: OrgId,
    input: Invite,
) -> Result<InviteResult, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::InviteMembers).await?;
    check_role_grant(access.role, access.user.is_platform_admin, input.role)?;
    scope
        .check_new_member_teams(&input.team.into_iter().collect::<Vec<_>>())
        .map_err(|_| AppError::invalid("team", "Choose one of your teams for the people you invite."))?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(t) = input.team {
        org_teams(&mut tx, org, &[t])
            .await
            .map_err(|_| AppError::invalid("team", "Choose a team of this organization."))?;
    }
    let mut result = InviteResult::default();
    let mut to_invite = Vec::new();
    for email in input.emails {
        if let Some(u) = users::find_by_email(&mut *tx, &email).await? {
            if matches!(
                members::membership(&mut *tx, org, u.id).await?,
                Some((_, MemberStatus::Active, _))
            ) {
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
    guard::check_invitation_rate(
        &mut tx,
        org,
        to_invite.len() as i64,
        config.policy.invitations_per_org_per_hour,
    )
    .await?;
    for email in &to_invite {
        invite_one(&mut tx, config, org, &access, email, input.role, input.team).await?;
    }
    tx.commit().await?;
    result.invited = to_invite;
    Ok(result)
}

/// Sends an invitation again with a new link; the old link stops working.
pub async fn resend_invitation(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    org: OrgId,
    id: i64,
) -> Result<(), AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::InviteMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    resend_one(&mut tx, config, org, &access, &scope, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a pending invitation; its seat is freed and its link stops working.
pub async fn revoke_invitation(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: i64,
) -> Result<(), AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::InviteMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    revoke_one(&mut tx, org, &access, &scope, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member: their seat is freed and their access to this organization ends at once;
/// with `erase` their progress is deleted too (otherwise it stays in reports).
pub async fn remove(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    user: UserId,
    erase: bool,
) -> Result<(), AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    remove_one(&mut tx, org, &access, &scope, user, erase).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes a member's role (see `role_one`); answers with their row.
pub async fn change_role(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    user: UserId,
    role: Role,
) -> Result<MemberRow, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    role_one(&mut tx, org, &access, &scope, user, role).await?;
    let row = members::member_row(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// Moves a member to one team: out of the other teams the caller manages, into `team`;
/// answers with their row.
pub async fn move_to_team(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    user: UserId,
    team: TeamId,
) -> Result<MemberRow, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    move_one(&mut tx, org, &access, &scope, user, team).await?;
    let row = members::member_row(&mut tx, org, user)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// The member `user` of `org` as the caller may act on them: in scope, and below the caller.
pub async fn target(
    db: &mut SqliteConnection,
    org: OrgId,
    access: &Access,
    scope: &Scope,
    user: UserId,
) -> Result<(Role, Vec<TeamId>), AppError> {
    let (role, status, _) = members::membership(&mut *db, org, user)
        .await?
        .ok_or(AppError::NotFound)?;
    if status != MemberStatus::Active {
        return Err(AppError::NotFound);
    }
    let teams = members::teams_of(&mut *db, org, user).await?;
    if !scope.covers_member(&teams) {
        return Err(AppError::NotFound);
    }
    check_can_manage(access.role, access.user.is_platform_admin, role)?;
    Ok((role, teams))
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
    let email = members::email_of(&mut *tx, user).await?;
    let actor = access.actor();
    members::remove(&mut *tx, org, user, erase).await?;
    members::ledger(
        &mut *tx,
        org,
        LedgerKind::Freed,
        -1,
        "member removed",
        Some(&email),
        &actor,
    )
    .await?;
    let entry = audit::Entry::new(&actor, AuditAction::MemberRemoved, "user", user)
        .in_org(org)
        .details(serde_json::json!({ "email": email, "progress_erased": erase }));
    audit::record(&mut *tx, entry).await?;
    Ok(())
}

/// Gives one member a role from the dashboard's list (member, manager, organization admin): one
/// the caller may grant, to someone below the caller. A department admin given another role
/// loses their departments.
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
    if before == role {
        return Ok(());
    }
    members::set_role(&mut *tx, org, user, role).await?;
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, AuditAction::MemberRoleChanged, "user", user)
        .in_org(org)
        .details(serde_json::json!({ "role": [before.as_str(), role.as_str()] }));
    audit::record(&mut *tx, entry).await?;
    Ok(())
}

/// Moves one member into `team`, out of the other teams in the caller's scope.
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
    let entry = audit::Entry::new(&actor, AuditAction::MemberMoved, "user", user)
        .in_org(org)
        .details(serde_json::json!({ "teams_before": before, "team": team }));
    audit::record(&mut *tx, entry).await?;
    Ok(())
}

/// Creates one invitation (holding a seat; the caller checked there is one) and sends it.
pub async fn invite_one(
    tx: &mut SqliteConnection,
    config: &Config,
    org: OrgId,
    access: &Access,
    email: &str,
    role: Role,
    team: Option<TeamId>,
) -> Result<i64, AppError> {
    let (org_name, days) = members::invitation_terms(&mut *tx, org).await?;
    let (link, _) = invitations::fresh_link(config, "/invitations/accept", chrono::Duration::days(days));
    let expires = link.expires_at.clone();
    let actor = access.actor();
    let id = members::insert_invitation(
        &mut *tx,
        &members::NewInvitation {
            org,
            email,
            role,
            team,
            token_hash: &link.hash,
            invited_by: access.user.id,
            expires_at: &expires,
        },
    )
    .await?;
    members::ledger(
        &mut *tx,
        org,
        LedgerKind::Held,
        1,
        "invitation sent",
        Some(email),
        &actor,
    )
    .await?;
    guard::check_invitation_rate(&mut *tx, org, 1, config.policy.invitations_per_org_per_hour).await?;
    members::note_invitation_send(&mut *tx, org).await?;
    let body = format!(
        "Hello,\n\n{} invited you to join {org_name} on Orgboard. Accept here (the link works once, for {days} days):\n\n{{link}}\n",
        access.user.name
    );
    let subject = format!("You are invited to join {org_name} on Orgboard");
    invitations::mail_link(&mut *tx, config, email, subject, &body, Some(org), &link).await?;
    let entry = audit::Entry::new(&actor, AuditAction::InvitationSent, "invitation", id)
        .in_org(org)
        .details(
            serde_json::json!({ "email": email, "role": role.as_str(), "team": team, "expires_at": expires }),
        );
    audit::record(&mut *tx, entry).await?;
    Ok(id)
}

/// The pending invitation `id` of `org`, if the caller's scope covers it.
async fn invitation_in_scope(
    tx: &mut SqliteConnection,
    org: OrgId,
    scope: &Scope,
    id: i64,
) -> Result<members::PendingInvitation, AppError> {
    let invitation = members::pending_invitation(&mut *tx, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !scope.is_organization() && !invitation.team.is_some_and(|t| scope.covers_team(t)) {
        return Err(AppError::NotFound);
    }
    Ok(invitation)
}

/// Sends one pending invitation again with a new link (the old one dies).
pub async fn resend_one(
    tx: &mut SqliteConnection,
    config: &Config,
    org: OrgId,
    access: &Access,
    scope: &Scope,
    id: i64,
) -> Result<(), AppError> {
    let invitation = invitation_in_scope(&mut *tx, org, scope, id).await?;
    let (id, email) = (invitation.id, invitation.email);
    // An expired invitation held no seat: it needs a free one again.
    if invitation.expires_at <= crate::server::repo::now() {
        members::seat_usage(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?
            .check_take(1)?;
    }
    let (org_name, days) = members::invitation_terms(&mut *tx, org).await?;
    let (link, _) = invitations::fresh_link(config, "/invitations/accept", chrono::Duration::days(days));
    let expires = link.expires_at.clone();
    let old_hash = members::renew_invitation(&mut *tx, org, id, &link.hash, &expires).await?;
    outbox::retire_link(&mut *tx, &old_hash, LinkGone::Replaced).await?;
    guard::check_invitation_rate(&mut *tx, org, 1, config.policy.invitations_per_org_per_hour).await?;
    members::note_invitation_send(&mut *tx, org).await?;
    let body = format!(
        "Hello,\n\nYou are invited to join {org_name} on Orgboard. Accept here (the link works once, for {days} days; earlier links no longer work):\n\n{{link}}\n"
    );
    let subject = format!("Reminder: you are invited to join {org_name} on Orgboard");
    invitations::mail_link(&mut *tx, config, &email, subject, &body, Some(org), &link).await?;
    let actor = access.actor();
    let entry = audit::Entry::new(&actor, AuditAction::InvitationResent, "invitation", id)
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
    let invitation = invitation_in_scope(&mut *tx, org, scope, id).await?;
    let (id, email) = (invitation.id, invitation.email);
    let actor = access.actor();
    if let Some(hash) = members::revoke_invitation(&mut *tx, org, id).await? {
        outbox::retire_link(&mut *tx, &hash, LinkGone::Replaced).await?;
    }
    members::ledger(
        &mut *tx,
        org,
        LedgerKind::Released,
        -1,
        "invitation revoked",
        Some(&email),
        &actor,
    )
    .await?;
    let entry = audit::Entry::new(&actor, AuditAction::InvitationRevoked, "invitation", id)
        .in_org(org)
        .details(serde_json::json!({ "email": email }));
    audit::record(&mut *tx, entry).await?;
    Ok(())
}

/// Expiry timestamp `days` from now.
pub fn in_days(days: i64) -> String {
    crate::server::repo::from_now(chrono::Duration::days(days))
}

/// Imports people from CSV text (`name,email,role,team`). Every row is checked first; rows
/// with an account are added, new people invited, members skipped, bad rows rejected with the
/// reason. All of it is one transaction; the whole import is refused when seats are short.
pub async fn import(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    org: OrgId,
    csv: &str,
) -> Result<Vec<crate::domain::csv::ImportOutcome>, AppError> {
    use crate::domain::csv::{check_import, ImportOutcome};

    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    let (rows, mut outcomes) = check_import(csv).map_err(|m| AppError::invalid("csv", m))?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let teams = members::team_names(&mut *tx, org).await?;
    // Decide every row before writing anything.
    enum Plan {
        Add(UserId),
        Invite,
    }
    let mut plans = Vec::new();
    for row in rows {
        let reject = |detail: String| ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: "rejected".into(),
            detail,
        };
        if let Err(e) = check_role_grant(access.role, access.user.is_platform_admin, row.role) {
            outcomes.push(reject(e.to_string()));
            continue;
        }
        let team = match row.team.as_str() {
            "" => None,
            name => match teams.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) {
                Some((id, _)) => Some(*id),
                None => {
                    outcomes.push(reject(format!(
                        "There is no team called \"{name}\" in this organization."
                    )));
                    continue;
                }
            },
        };
        if let Err(e) = scope.check_new_member_teams(&team.into_iter().collect::<Vec<_>>()) {
            outcomes.push(reject(e.to_string()));
            continue;
        }
        let skip = |why: &str| ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: "skipped".into(),
            detail: why.into(),
        };
        let user = users::find_by_email(&mut *tx, &row.email).await?;
        if let Some(u) = &user {
            if matches!(
                members::membership(&mut *tx, org, u.id).await?,
                Some((_, MemberStatus::Active, _))
            ) {
                outcomes.push(skip("already a member"));
                continue;
            }
        }
        if members::has_pending_invitation(&mut *tx, org, &row.email).await? {
            outcomes.push(skip("already invited"));
            continue;
        }
        // An account whose address was never proved is invited like a new person.
        let plan = match user {
            Some(u) if u.is_verified() => Plan::Add(u.id),
            _ => Plan::Invite,
        };
        plans.push((row, team, plan));
    }
    members::seat_usage(&mut *tx, org)
        .await?
        .ok_or(AppError::NotFound)?
        .check_take(plans.len() as i64)
        .map_err(|e| AppError::Conflict(format!("Nothing was imported. {e}")))?;
    let actor = access.actor();
    for (row, team, plan) in &plans {
        let teams: Vec<TeamId> = team.iter().copied().collect();
        let outcome = match plan {
            Plan::Add(user) => {
                members::activate(&mut *tx, org, *user, row.role).await?;
                members::add_to_teams(&mut tx, org, *user, &teams).await?;
                members::ledger(
                    &mut *tx,
                    org,
                    LedgerKind::Taken,
                    1,
                    "imported",
                    Some(&row.email),
                    &actor,
                )
                .await?;
                "added"
            }
            Plan::Invite => {
                invite_one(&mut tx, config, org, &access, &row.email, row.role, *team).await?;
                "invited"
            }
        };
        outcomes.push(ImportOutcome {
            line: row.line,
            email: row.email.clone(),
            outcome: outcome.into(),
            detail: String::new(),
        });
    }
    outcomes.sort_by_key(|o| o.line);
    let count = |k: &str| outcomes.iter().filter(|o| o.outcome == k).count();
    let entry = audit::Entry::new(&actor, AuditAction::MembersImported, "organization", org)
        .in_org(org)
        .details(serde_json::json!({
            "added": count("added"), "invited": count("invited"),
            "skipped": count("skipped"), "rejected": count("rejected"),
        }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// Applies one action to every selected row, all or nothing; says what was done.
pub async fn bulk(
    db: &SqlitePool,
    config: &Config,
    caller: &Caller,
    org: OrgId,
    bulk: &crate::domain::members::Bulk,
) -> Result<String, AppError> {
    use crate::domain::members::BulkAction;

    let (access, scope) = caller.require_scoped(db, org, Action::ManageMembers).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    match bulk.action {
        BulkAction::Remove => {
            for u in &bulk.users {
                remove_one(&mut tx, org, &access, &scope, *u, false).await?;
            }
            for id in &bulk.invitations {
                revoke_one(&mut tx, org, &access, &scope, *id).await?;
            }
        }
        BulkAction::Move(team) => {
            for u in &bulk.users {
                move_one(&mut tx, org, &access, &scope, *u, team).await?;
            }
        }
        BulkAction::Role(role) => {
            for u in &bulk.users {
                role_one(&mut tx, org, &access, &scope, *u, role).await?;
            }
        }
        BulkAction::Resend => {
            for id in &bulk.invitations {
                resend_one(&mut tx, config, org, &access, &scope, *id).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(bulk.done())
}

/// The admins and managers the owner may hand the organization to.
pub async fn owner_candidates(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
) -> Result<Vec<crate::domain::members::OwnerCandidate>, AppError> {
    caller.require(db, org, Action::TransferOwnership).await?;
    Ok(crate::server::repo::memberships::owner_candidates(db, org)
        .await?
        .into_iter()
        .map(
            |(user_id, name, email, role)| crate::domain::members::OwnerCandidate {
                user_id,
                label: format!("{name} ({email}, {})", role.label()),
            },
        )
        .collect())
}

/// Hands the organization to an admin or manager; the previous owner stays as organization
/// admin. Confirmed by typing the organization's name.
pub async fn transfer_ownership(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    target: UserId,
    confirm_name: &str,
) -> Result<(), AppError> {
    use crate::server::repo::{memberships, orgs};

    let access = caller.require(db, org, Action::TransferOwnership).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let name = orgs::name_of(&mut *tx, org).await?;
    if confirm_name.trim() != name {
        return Err(AppError::invalid(
            "confirm_name",
            format!("Type the organization's name, {name}, exactly to hand it over."),
        ));
    }
    match members::membership(&mut *tx, org, target).await? {
        Some((Role::OrgAdmin | Role::DepartmentAdmin | Role::Manager, MemberStatus::Active, _)) => {}
        _ => {
            return Err(AppError::invalid(
                "user_id",
                "The new owner must be an active administrator or manager of this organization.",
            ))
        }
    }
    memberships::set_owner(&mut tx, org, target).await?;
    orgs::set_owner_user(&mut *tx, org, target).await?;
    let actor = access.actor();
    let entry = audit::Entry::new(
        &actor,
        AuditAction::OrganizationOwnershipTransferred,
        "organization",
        org,
    )
    .in_org(org)
    .details(serde_json::json!({ "from": access.user.id, "to": target }));
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

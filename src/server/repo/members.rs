//! Members, invitations and seats of one organization, as the group dashboard works with them.
//! Every query names the organization; callers hold a `BEGIN IMMEDIATE` transaction for changes,
//! so the seat check and the seat taken are one atomic step.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::audit::Actor;
use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::members::{MemberRow, MemberSort, MemberStatus, TeamRef};
use crate::domain::role::Role;
use crate::domain::seats::{LedgerKind, LedgerLine, SeatUsage};

/// The seats of `org` now: members holding one, and pending invitations that have not expired.
pub async fn seat_usage(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Option<SeatUsage>> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT o.seat_count,
                (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id AND m.holds_seat = 1),
                (SELECT COUNT(*) FROM invitations i WHERE i.organization_id = o.id AND i.status = 'pending'
                                                      AND i.expires_at > ?2)
         FROM organizations o WHERE o.id = ?1",
    )
    .bind(org)
    .bind(super::now())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(total, members, pending)| SeatUsage {
        total,
        members,
        pending,
    }))
}

/// Active members of `org` last active at or after `since` (`None`: all active members).
pub async fn active_count(db: impl SqliteExecutor<'_>, org: OrgId, since: Option<&str>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships
         WHERE organization_id = ?1 AND status = 'active' AND (?2 IS NULL OR last_active_at >= ?2)",
    )
    .bind(org)
    .bind(since)
    .fetch_one(db)
    .await
}

/// One line of the seat ledger.
pub async fn ledger(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    kind: LedgerKind,
    delta: i64,
    note: &str,
    subject: Option<&str>,
    actor: &Actor,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO seat_ledger (organization_id, kind, delta, note, subject_email, actor_user_id, actor_label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(org)
    .bind(kind)
    .bind(delta)
    .bind(note)
    .bind(subject)
    .bind(actor.user_id)
    .bind(&actor.label)
    .execute(db)
    .await?;
    Ok(())
}

/// The teams of `org` that `user` belongs to, and whether they lead each.
pub async fn own_teams(db: impl SqliteExecutor<'_>, org: OrgId, user: UserId) -> sqlx::Result<Vec<TeamId>> {
    sqlx::query_scalar(
        "SELECT t.id FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE t.organization_id = ?1 AND tm.user_id = ?2 ORDER BY t.id",
    )
    .bind(org)
    .bind(user)
    .fetch_all(db)
    .await
}

/// The departments `user` administers in `org` and every department below them (a recursive
/// CTE named `sub`; `?1` is the organization, `?2` the person).
const ADMINISTERED_SUBTREE: &str = "WITH RECURSIVE sub(id) AS (
        SELECT d.id FROM department_admins da JOIN departments d ON d.id = da.department_id
        WHERE da.user_id = ?2 AND d.organization_id = ?1
        UNION
        SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id
     )";

/// The teams in every department `user` administers in `org`, and in all departments below.
pub async fn subtree_teams(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Vec<TeamId>> {
    let sql = format!(
        "{ADMINISTERED_SUBTREE}
         SELECT t.id FROM teams t WHERE t.organization_id = ?1 AND t.department_id IN (SELECT id FROM sub)
         ORDER BY t.id"
    );
    sqlx::query_scalar(&sql).bind(org).bind(user).fetch_all(db).await
}

/// The departments `user` administers in `org` (not those below them).
pub async fn administered_departments(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Vec<DepartmentId>> {
    sqlx::query_scalar(
        "SELECT d.id FROM department_admins da JOIN departments d ON d.id = da.department_id
         WHERE d.organization_id = ?1 AND da.user_id = ?2 ORDER BY d.id",
    )
    .bind(org)
    .bind(user)
    .fetch_all(db)
    .await
}

/// The departments `user` administers in `org` and every department below them.
pub async fn subtree_departments(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Vec<DepartmentId>> {
    let sql = format!("{ADMINISTERED_SUBTREE} SELECT id FROM sub ORDER BY id");
    sqlx::query_scalar(&sql).bind(org).bind(user).fetch_all(db).await
}

/// The filters of one member-list query (already validated).
pub struct ListFilter<'a> {
    /// Name or email contains.
    pub search: &'a str,
    /// Only this team.
    pub team: Option<TeamId>,
    /// Only this role.
    pub role: Option<Role>,
    /// Only this status.
    pub status: Option<MemberStatus>,
    /// Only people in these teams (the viewer's scope); `None` = everyone.
    pub scope: Option<&'a [TeamId]>,
    /// Only people last active at or after this stored time.
    pub active_since: Option<String>,
    /// Order.
    pub sort: MemberSort,
}

/// `people` (members and pending invitations of ?1) filtered by ?2 search, ?3 team, ?4 role,
/// ?5 status, ?6 scope teams (JSON array or NULL), ?7 last active at or after (or NULL).
const PEOPLE: &str = "
    WITH scope_teams(id) AS (SELECT value FROM json_each(COALESCE(?6, '[]'))),
    people AS (
        SELECT m.user_id AS user_id, NULL AS invitation_id, u.name AS name, u.email AS email, m.role AS role,
               m.status AS status, m.joined_at AS joined_at, m.last_active_at AS last_active_at,
               NULL AS expires_at, NULL AS invite_team
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organization_id = ?1 AND m.status IN ('active', 'removed')
        UNION ALL
        -- An invitation shows only the address that was typed: nothing of an account that may have it.
        SELECT NULL, i.id, '', i.email, i.role, 'invited', i.sent_at, NULL, i.expires_at, i.team_id
        FROM invitations i
        WHERE i.organization_id = ?1 AND i.status = 'pending'
    )
    SELECT * FROM people p
    WHERE (?2 = '' OR p.name LIKE ?2 ESCAPE '\\' OR p.email LIKE ?2 ESCAPE '\\')
      AND (?4 IS NULL OR p.role = ?4)
      AND (?5 IS NULL OR p.status = ?5)
      AND (?7 IS NULL OR p.last_active_at >= ?7)
      AND (?3 IS NULL OR p.invite_team = ?3 OR EXISTS (
            SELECT 1 FROM team_members tm WHERE tm.user_id = p.user_id AND tm.team_id = ?3 AND p.invitation_id IS NULL))
      AND (?6 IS NULL OR p.invite_team IN (SELECT id FROM scope_teams) OR EXISTS (
            SELECT 1 FROM team_members tm WHERE tm.user_id = p.user_id AND p.invitation_id IS NULL
              AND tm.team_id IN (SELECT id FROM scope_teams)))";

#[derive(sqlx::FromRow)]
struct PersonRow {
    user_id: Option<UserId>,
    invitation_id: Option<i64>,
    name: String,
    email: String,
    role: String,
    status: MemberStatus,
    joined_at: Option<String>,
    last_active_at: Option<String>,
    expires_at: Option<String>,
    invite_team: Option<TeamId>,
}

/// One page of the member list and the number of matches on all pages.
pub async fn list(
    db: &mut SqliteConnection,
    org: OrgId,
    f: &ListFilter<'_>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<MemberRow>, i64)> {
    let pattern = if f.search.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", super::courses::escape_like(f.search.trim()))
    };
    let scope = f
        .scope
        .map(|t| serde_json::to_string(&t.iter().map(|t| t.0).collect::<Vec<_>>()).unwrap_or_default());
    let order = match f.sort {
        MemberSort::Name => "p.name COLLATE NOCASE, p.email",
        MemberSort::Email => "p.email",
        MemberSort::Joined => "p.joined_at DESC NULLS LAST, p.email",
        MemberSort::LastActive => "p.last_active_at DESC NULLS LAST, p.email",
    };
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({PEOPLE})"))
        .bind(org)
        .bind(&pattern)
        .bind(f.team)
        .bind(f.role.map(Role::as_str))
        .bind(f.status.map(MemberStatus::as_str))
        .bind(&scope)
        .bind(&f.active_since)
        .fetch_one(&mut *db)
        .await?;
    let rows: Vec<PersonRow> = sqlx::query_as(&format!("{PEOPLE} ORDER BY {order} LIMIT ?8 OFFSET ?9"))
        .bind(org)
        .bind(&pattern)
        .bind(f.team)
        .bind(f.role.map(Role::as_str))
        .bind(f.status.map(MemberStatus::as_str))
        .bind(&scope)
        .bind(&f.active_since)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *db)
        .await?;
    let users: Vec<i64> = rows
        .iter()
        .filter(|r| r.invitation_id.is_none())
        .filter_map(|r| r.user_id.map(|u| u.0))
        .collect();
    let teams: Vec<(UserId, TeamId, String)> = sqlx::query_as(
        "SELECT tm.user_id, t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE t.organization_id = ?1 AND tm.user_id IN (SELECT value FROM json_each(?2))
         ORDER BY t.name COLLATE NOCASE",
    )
    .bind(org)
    .bind(serde_json::to_string(&users).unwrap_or_default())
    .fetch_all(&mut *db)
    .await?;
    let invite_teams: Vec<(TeamId, String)> =
        sqlx::query_as("SELECT id, name FROM teams WHERE organization_id = ?1")
            .bind(org)
            .fetch_all(&mut *db)
            .await?;
    let now = super::now();
    let out = rows
        .into_iter()
        .map(
            |PersonRow {
                 user_id,
                 invitation_id,
                 name,
                 email,
                 role,
                 status,
                 joined_at,
                 last_active_at,
                 expires_at,
                 invite_team,
             }| {
                let member_teams = match invitation_id {
                    Some(_) => invite_teams
                        .iter()
                        .filter(|(id, _)| Some(*id) == invite_team)
                        .map(|(id, name)| TeamRef {
                            id: *id,
                            name: name.clone(),
                        })
                        .collect(),
                    None => teams
                        .iter()
                        .filter(|(u, ..)| Some(*u) == user_id)
                        .map(|(_, id, name)| TeamRef {
                            id: *id,
                            name: name.clone(),
                        })
                        .collect(),
                };
                MemberRow {
                    user_id,
                    invitation_id,
                    name,
                    email,
                    role: role.parse().unwrap_or(Role::Member),
                    teams: member_teams,
                    status,
                    joined_at,
                    last_active_at,
                    expired: expires_at.as_deref().is_some_and(|e| e <= now.as_str()),
                    expires_at,
                }
            },
        )
        .collect();
    Ok((out, total))
}

/// A membership: role and status, if `user` was ever in `org`.
pub async fn membership(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Option<(Role, MemberStatus, bool)>> {
    let row: Option<(String, MemberStatus, bool)> = sqlx::query_as(
        "SELECT role, status, holds_seat FROM memberships WHERE organization_id = ?1 AND user_id = ?2",
    )
    .bind(org)
    .bind(user)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(r, s, h)| (r.parse().unwrap_or(Role::Member), s, h)))
}

/// Makes `user` an active member of `org` holding a seat (a removed membership comes back).
pub async fn activate(db: impl SqliteExecutor<'_>, org: OrgId, user: UserId, role: Role) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at)
         VALUES (?1, ?2, ?3, 'active', 1, ?4)
         ON CONFLICT (organization_id, user_id) DO UPDATE
            SET role = excluded.role, status = 'active', holds_seat = 1, removed_at = NULL,
                joined_at = excluded.joined_at",
    )
    .bind(org)
    .bind(user)
    .bind(role.as_str())
    .bind(super::now())
    .execute(db)
    .await?;
    Ok(())
}

/// Puts `user` in `teams` (of `org`; others are ignored).
pub async fn add_to_teams(
    db: &mut SqliteConnection,
    org: OrgId,
    user: UserId,
    teams: &[TeamId],
) -> sqlx::Result<()> {
    for team in teams {
        sqlx::query(
            "INSERT OR IGNORE INTO team_members (team_id, user_id, added_at)
             SELECT id, ?3, ?4 FROM teams WHERE id = ?1 AND organization_id = ?2",
        )
        .bind(team)
        .bind(org)
        .bind(user)
        .bind(super::now())
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// Takes `user` out of every team of `org` in `scope` (all teams when `None`).
pub async fn remove_from_teams(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    user: UserId,
    scope: Option<&[TeamId]>,
) -> sqlx::Result<()> {
    let scope =
        scope.map(|t| serde_json::to_string(&t.iter().map(|t| t.0).collect::<Vec<_>>()).unwrap_or_default());
    sqlx::query(
        "DELETE FROM team_members WHERE user_id = ?2
           AND team_id IN (SELECT id FROM teams WHERE organization_id = ?1)
           AND (?3 IS NULL OR team_id IN (SELECT value FROM json_each(?3)))",
    )
    .bind(org)
    .bind(user)
    .bind(scope)
    .execute(db)
    .await?;
    Ok(())
}

/// The teams of `org` that `user` is in.
pub async fn teams_of(db: impl SqliteExecutor<'_>, org: OrgId, user: UserId) -> sqlx::Result<Vec<TeamId>> {
    own_teams(db, org, user).await
}

/// Ends a membership: seat freed, out of the organization's teams and department admin rights;
/// with `erase`, their progress in the organization is deleted too.
pub async fn remove(db: &mut SqliteConnection, org: OrgId, user: UserId, erase: bool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE memberships SET status = 'removed', holds_seat = 0, removed_at = ?3,
                role = CASE WHEN role = 'owner' THEN role ELSE 'member' END
         WHERE organization_id = ?1 AND user_id = ?2",
    )
    .bind(org)
    .bind(user)
    .bind(super::now())
    .execute(&mut *db)
    .await?;
    remove_from_teams(&mut *db, org, user, None).await?;
    drop_department_admin(&mut *db, org, user).await?;
    super::users::end_sessions_if_orphaned(&mut *db, user).await?;
    if erase {
        sqlx::query("DELETE FROM progress WHERE organization_id = ?1 AND user_id = ?2")
            .bind(org)
            .bind(user)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// Sets a member's role; someone who is no longer a department admin loses their departments.
pub async fn set_role(db: &mut SqliteConnection, org: OrgId, user: UserId, role: Role) -> sqlx::Result<()> {
    sqlx::query("UPDATE memberships SET role = ?3 WHERE organization_id = ?1 AND user_id = ?2")
        .bind(org)
        .bind(user)
        .bind(role.as_str())
        .execute(&mut *db)
        .await?;
    if !role.is_per_department() {
        drop_department_admin(&mut *db, org, user).await?;
    }
    Ok(())
}

/// Takes away every department `user` administers in `org`.
async fn drop_department_admin(db: &mut SqliteConnection, org: OrgId, user: UserId) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM department_admins WHERE user_id = ?2
           AND department_id IN (SELECT id FROM departments WHERE organization_id = ?1)",
    )
    .bind(org)
    .bind(user)
    .execute(db)
    .await?;
    Ok(())
}

/// A pending invitation.
#[derive(sqlx::FromRow)]
pub struct PendingInvitation {
    /// Its id.
    pub id: i64,
    /// Who is invited.
    pub email: String,
    /// The team they will join.
    #[sqlx(rename = "team_id")]
    pub team: Option<TeamId>,
    /// When the link stops working.
    pub expires_at: String,
}

/// A pending invitation of `org` by id.
pub async fn pending_invitation(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: i64,
) -> sqlx::Result<Option<PendingInvitation>> {
    sqlx::query_as(
        "SELECT id, email, team_id, expires_at FROM invitations
         WHERE organization_id = ?1 AND id = ?2 AND status = 'pending'",
    )
    .bind(org)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Whether `email` has a pending invitation to `org`.
pub async fn has_pending_invitation(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    email: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM invitations WHERE organization_id = ?1 AND email = ?2 AND status = 'pending')",
    )
    .bind(org)
    .bind(email)
    .fetch_one(db)
    .await
}

/// A new invitation, as stored.
pub struct NewInvitation<'a> {
    /// The organization.
    pub org: OrgId,
    /// Who is invited.
    pub email: &'a str,
    /// As what.
    pub role: Role,
    /// Into which team.
    pub team: Option<TeamId>,
    /// SHA-256 of the link's token.
    pub token_hash: &'a str,
    /// Who sent it.
    pub invited_by: UserId,
    /// When the link stops working.
    pub expires_at: &'a str,
}

/// Stores a new invitation with its token hash.
pub async fn insert_invitation(db: impl SqliteExecutor<'_>, new: &NewInvitation<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO invitations (organization_id, email, role, team_id, token_hash, invited_by, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )
    .bind(new.org)
    .bind(new.email)
    .bind(new.role.as_str())
    .bind(new.team)
    .bind(new.token_hash)
    .bind(new.invited_by)
    .bind(new.expires_at)
    .fetch_one(db)
    .await
}

/// Gives a pending invitation a new token and lifetime; the old token stops working. Answers
/// the old token's hash (its mail is then marked replaced).
pub async fn renew_invitation(
    db: &mut SqliteConnection,
    org: OrgId,
    id: i64,
    token_hash: &str,
    expires_at: &str,
) -> sqlx::Result<String> {
    let old: String = sqlx::query_scalar(
        "SELECT token_hash FROM invitations WHERE organization_id = ?1 AND id = ?2 AND status = 'pending'",
    )
    .bind(org)
    .bind(id)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query(
        "UPDATE invitations SET token_hash = ?3, expires_at = ?4, sent_at = ?5
         WHERE organization_id = ?1 AND id = ?2 AND status = 'pending'",
    )
    .bind(org)
    .bind(id)
    .bind(token_hash)
    .bind(expires_at)
    .bind(super::now())
    .execute(&mut *db)
    .await?;
    Ok(old)
}

/// Revokes a pending invitation; its seat is freed. Answers its token's hash, if it was
/// pending.
pub async fn revoke_invitation(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE invitations SET status = 'revoked', revoked_at = ?3
         WHERE organization_id = ?1 AND id = ?2 AND status = 'pending' RETURNING token_hash",
    )
    .bind(org)
    .bind(id)
    .bind(super::now())
    .fetch_optional(db)
    .await
}

/// Notes one invitation mail sent by `org` (the hourly limit counts these).
pub async fn note_invitation_send(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO invitation_sends (organization_id, sent_at) VALUES (?1, ?2)")
        .bind(org)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// An invitation found by its token.
#[derive(sqlx::FromRow)]
pub struct InvitationByToken {
    /// Id.
    pub id: i64,
    /// Its organization.
    pub organization_id: OrgId,
    /// The organization's name.
    pub org_name: String,
    /// Who is invited.
    pub email: String,
    /// The role they will have.
    pub role: String,
    /// The team they will join, if any.
    pub team_id: Option<TeamId>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    /// When the link stops working.
    pub expires_at: String,
}

/// The invitation a token belongs to, whatever its state.
pub async fn invitation_by_hash(
    db: impl SqliteExecutor<'_>,
    hash: &str,
) -> sqlx::Result<Option<InvitationByToken>> {
    sqlx::query_as(
        "SELECT i.id, i.organization_id, o.name AS org_name, i.email, i.role, i.team_id, i.status, i.expires_at
         FROM invitations i JOIN organizations o ON o.id = i.organization_id WHERE i.token_hash = ?1",
    )
    .bind(hash)
    .fetch_optional(db)
    .await
}

/// Consumes an invitation exactly once: only a pending, unexpired one with this token matches.
pub async fn consume_invitation(db: impl SqliteExecutor<'_>, hash: &str) -> sqlx::Result<Option<i64>> {
    let now = super::now();
    sqlx::query_scalar(
        "UPDATE invitations SET status = 'accepted', accepted_at = ?2
         WHERE token_hash = ?1 AND status = 'pending' AND expires_at > ?2 RETURNING id",
    )
    .bind(hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    created_at: String,
    kind: LedgerKind,
    delta: i64,
    note: String,
    subject_email: Option<String>,
    actor_label: String,
}

/// `limit` lines of the seat ledger of `org` from `offset`, newest first: all of them, or with
/// `teams` only the lines about people in those teams now (members, and pending invitations
/// into them). Seat-count changes concern the whole organization and are not among those.
pub async fn ledger_lines(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    teams: Option<&[TeamId]>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<LedgerLine>> {
    let rows: Vec<LedgerRow> = match teams {
        None => {
            sqlx::query_as(
                "SELECT created_at, kind, delta, note, subject_email, actor_label FROM seat_ledger
                 WHERE organization_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
            )
            .bind(org)
            .bind(limit)
            .bind(offset)
            .fetch_all(db)
            .await?
        }
        Some(teams) => {
            let teams = serde_json::to_string(teams).unwrap_or_else(|_| "[]".into());
            sqlx::query_as(
                "SELECT created_at, kind, delta, note, subject_email, actor_label FROM seat_ledger
                 WHERE organization_id = ?1 AND subject_email IN (
                     SELECT u.email FROM team_members tm JOIN users u ON u.id = tm.user_id
                      WHERE tm.team_id IN (SELECT value FROM json_each(?4))
                     UNION
                     SELECT i.email FROM invitations i
                      WHERE i.organization_id = ?1 AND i.team_id IN (SELECT value FROM json_each(?4)))
                 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
            )
            .bind(org)
            .bind(limit)
            .bind(offset)
            .bind(teams)
            .fetch_all(db)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| LedgerLine {
            at: r.created_at,
            kind: r.kind,
            delta: r.delta,
            note: r.note,
            subject: r.subject_email,
            actor: r.actor_label,
        })
        .collect())
}

/// Sets the seat count.
pub async fn set_seat_count(db: impl SqliteExecutor<'_>, org: OrgId, seats: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE organizations SET seat_count = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(org)
        .bind(seats)
        .bind(super::now())
        .execute(db)
        .await?;
    Ok(())
}

/// The teams of `org` as (id, name), by name.
pub async fn team_names(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<(TeamId, String)>> {
    sqlx::query_as("SELECT id, name FROM teams WHERE organization_id = ?1 ORDER BY name COLLATE NOCASE")
        .bind(org)
        .fetch_all(db)
        .await
}

/// Whether `team` is one of `org`'s teams.
pub async fn is_org_team(db: impl SqliteExecutor<'_>, org: OrgId, team: TeamId) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM teams WHERE id = ?1 AND organization_id = ?2)")
        .bind(team)
        .bind(org)
        .fetch_one(db)
        .await
}

/// What the dashboard's header shows of an organization.
#[derive(sqlx::FromRow)]
pub struct DashboardHeader {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// The logo's version, when it has one.
    pub logo_version: Option<i64>,
    /// Brand colour.
    pub brand_color: String,
    /// When its access ends, if ever.
    pub expires_at: Option<String>,
}

/// The header of `org`'s dashboard.
pub async fn dashboard_header(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<DashboardHeader> {
    sqlx::query_as(
        "SELECT o.slug, o.name, l.version AS logo_version, o.brand_color, o.expires_at
         FROM organizations o LEFT JOIN organization_logos l ON l.organization_id = o.id WHERE o.id = ?1",
    )
    .bind(org)
    .fetch_one(db)
    .await
}

/// The organization's name and how many days its invitations last.
pub async fn invitation_terms(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<(String, i64)> {
    sqlx::query_as("SELECT name, invitation_days FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_one(db)
        .await
}

/// The sign-in email of `user`.
pub async fn email_of(db: impl SqliteExecutor<'_>, user: UserId) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = ?1")
        .bind(user)
        .fetch_one(db)
        .await
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    name: String,
    email: String,
    role: String,
    status: MemberStatus,
    joined_at: Option<String>,
    last_active_at: Option<String>,
}

/// The member-list row of `user`'s membership in `org` (as a write left it).
pub async fn member_row(
    db: &mut SqliteConnection,
    org: OrgId,
    user: UserId,
) -> sqlx::Result<Option<MemberRow>> {
    let row: Option<MembershipRow> = sqlx::query_as(
        "SELECT u.name, u.email, m.role, m.status, m.joined_at, m.last_active_at
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.user_id = ?2 AND m.status IN ('active', 'removed')",
    )
    .bind(org)
    .bind(user)
    .fetch_optional(&mut *db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let teams: Vec<(TeamId, String)> = sqlx::query_as(
        "SELECT t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
         WHERE t.organization_id = ?1 AND tm.user_id = ?2 ORDER BY t.name COLLATE NOCASE",
    )
    .bind(org)
    .bind(user)
    .fetch_all(&mut *db)
    .await?;
    Ok(Some(MemberRow {
        user_id: Some(user),
        invitation_id: None,
        name: row.name,
        email: row.email,
        role: row.role.parse().unwrap_or(Role::Member),
        teams: teams.into_iter().map(|(id, name)| TeamRef { id, name }).collect(),
        status: row.status,
        joined_at: row.joined_at,
        last_active_at: row.last_active_at,
        expires_at: None,
        expired: false,
    }))
}

/// When the invitation mails of `org` sent in the last hour (new, resent, imported, bulk
/// re-sent) went out, oldest first.
pub async fn invitations_sent_last_hour(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT sent_at FROM invitation_sends WHERE organization_id = ?1
           AND sent_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour') ORDER BY sent_at",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

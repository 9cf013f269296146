//! Departments, teams and department admins. Every query names the organization, so an id
//! from another organization never matches.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::structure::{Department, DepartmentAdmin, MemberChoice, OrgChoice, Team, TeamChoice};

/// The organization's departments with the number of teams directly in each.
pub async fn departments(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<Department>> {
    sqlx::query_as(
        "SELECT d.id, d.parent_id, d.name,
                (SELECT COUNT(*) FROM teams t WHERE t.department_id = d.id) AS team_count
         FROM departments d WHERE d.organization_id = ?1 ORDER BY d.name COLLATE NOCASE, d.id",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// One department of `org`, if it is there.
pub async fn department(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: DepartmentId,
) -> sqlx::Result<Option<Department>> {
    sqlx::query_as(
        "SELECT d.id, d.parent_id, d.name,
                (SELECT COUNT(*) FROM teams t WHERE t.department_id = d.id) AS team_count
         FROM departments d WHERE d.organization_id = ?1 AND d.id = ?2",
    )
    .bind(org)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Adds a department under `parent` (which the caller checked is in `org`).
pub async fn insert_department(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    parent: Option<DepartmentId>,
    name: &str,
) -> sqlx::Result<DepartmentId> {
    sqlx::query_scalar(
        "INSERT INTO departments (organization_id, parent_id, name) VALUES (?1, ?2, ?3) RETURNING id",
    )
    .bind(org)
    .bind(parent)
    .bind(name)
    .fetch_one(db)
    .await
}

/// Renames a department of `org`.
pub async fn rename_department(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: DepartmentId,
    name: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE departments SET name = ?3 WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .bind(name)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Places a department of `org` under `parent` (the caller checked the tree rule).
pub async fn set_department_parent(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: DepartmentId,
    parent: Option<DepartmentId>,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE departments SET parent_id = ?3 WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .bind(parent)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many departments sit directly under `id`.
pub async fn sub_department_count(db: impl SqliteExecutor<'_>, id: DepartmentId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM departments WHERE parent_id = ?1")
        .bind(id)
        .fetch_one(db)
        .await
}

/// Deletes a department of `org` (the caller checked it is empty); its admin rights go with it.
pub async fn delete_department(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: DepartmentId,
) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM departments WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Department admins of every department of `org`.
pub async fn department_admins(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
) -> sqlx::Result<Vec<DepartmentAdmin>> {
    sqlx::query_as(
        "SELECT da.department_id, u.id AS user_id, u.name, u.email
         FROM department_admins da
         JOIN departments d ON d.id = da.department_id
         JOIN users u ON u.id = da.user_id
         WHERE d.organization_id = ?1 ORDER BY u.name COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// Makes an active member of `org` admin of `dept`. A member or manager becomes department
/// admin; higher roles keep theirs. Returns false when they are not an active member.
pub async fn add_department_admin(
    db: &mut SqliteConnection,
    org: OrgId,
    dept: DepartmentId,
    user: UserId,
) -> sqlx::Result<bool> {
    let promoted = sqlx::query(
        "UPDATE memberships SET role = CASE WHEN role IN ('member', 'manager') THEN 'department_admin' ELSE role END
         WHERE organization_id = ?1 AND user_id = ?2 AND status = 'active'",
    )
    .bind(org)
    .bind(user)
    .execute(&mut *db)
    .await?;
    if promoted.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT OR IGNORE INTO department_admins (department_id, user_id) VALUES (?1, ?2)")
        .bind(dept)
        .bind(user)
        .execute(&mut *db)
        .await?;
    Ok(true)
}

/// Takes `user`'s admin rights over `dept` away; someone left administering no department goes
/// back to being a member.
pub async fn remove_department_admin(
    db: &mut SqliteConnection,
    org: OrgId,
    dept: DepartmentId,
    user: UserId,
) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM department_admins WHERE department_id = ?1 AND user_id = ?2")
        .bind(dept)
        .bind(user)
        .execute(&mut *db)
        .await?;
    demote_idle_department_admins(&mut *db, org).await?;
    Ok(done.rows_affected() == 1)
}

/// Department admins of `org` who administer no department any more become members.
pub async fn demote_idle_department_admins(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE memberships SET role = 'member'
         WHERE organization_id = ?1 AND role = 'department_admin'
           AND NOT EXISTS (SELECT 1 FROM department_admins da JOIN departments d ON d.id = da.department_id
                           WHERE da.user_id = memberships.user_id AND d.organization_id = ?1)",
    )
    .bind(org)
    .execute(db)
    .await?;
    Ok(())
}

/// The organization's teams with their member counts, by name.
pub async fn teams(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<Team>> {
    sqlx::query_as(
        "SELECT t.id, t.name, t.department_id,
                (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count
         FROM teams t WHERE t.organization_id = ?1 ORDER BY t.name COLLATE NOCASE, t.id",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// id, name, department, member count, organization.
type TeamRow = (TeamId, String, Option<DepartmentId>, i64, Option<OrgId>);

/// A team with its organization (`None` when unassigned).
pub async fn team(db: impl SqliteExecutor<'_>, id: TeamId) -> sqlx::Result<Option<(Team, Option<OrgId>)>> {
    let row: Option<TeamRow> = sqlx::query_as(
        "SELECT t.id, t.name, t.department_id,
                (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id), t.organization_id
         FROM teams t WHERE t.id = ?1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name, department_id, member_count, org)| {
        (
            Team {
                id,
                name,
                department_id,
                member_count,
            },
            org,
        )
    }))
}

/// Teams not in `org` (unassigned ones first), for assigning.
pub async fn teams_elsewhere(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<TeamChoice>> {
    sqlx::query_as(
        "SELECT t.id, t.name, o.name AS organization,
                (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count
         FROM teams t LEFT JOIN organizations o ON o.id = t.organization_id
         WHERE t.organization_id IS NULL OR t.organization_id <> ?1
         ORDER BY o.name IS NOT NULL, o.name COLLATE NOCASE, t.name COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// Adds a team to `org`, in `dept` or at the top.
pub async fn insert_team(
    db: impl SqliteExecutor<'_>,
    org: Option<OrgId>,
    dept: Option<DepartmentId>,
    name: &str,
) -> sqlx::Result<TeamId> {
    sqlx::query_scalar(
        "INSERT INTO teams (organization_id, department_id, name) VALUES (?1, ?2, ?3) RETURNING id",
    )
    .bind(org)
    .bind(dept)
    .bind(name)
    .fetch_one(db)
    .await
}

/// Whether `org` already has a team called `name` (any case), other than `except`.
pub async fn team_name_taken(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    name: &str,
    except: Option<TeamId>,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM teams WHERE organization_id = ?1 AND name = ?2 COLLATE NOCASE
                        AND id IS NOT ?3)",
    )
    .bind(org)
    .bind(name)
    .bind(except)
    .fetch_one(db)
    .await
}

/// Whether a department called `name` (any case) already sits under `parent` in `org`.
pub async fn department_name_taken(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    parent: Option<DepartmentId>,
    name: &str,
    except: Option<DepartmentId>,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM departments WHERE organization_id = ?1 AND parent_id IS ?2
                        AND name = ?3 COLLATE NOCASE AND id IS NOT ?4)",
    )
    .bind(org)
    .bind(parent)
    .bind(name)
    .bind(except)
    .fetch_one(db)
    .await
}

/// Renames a team of `org`.
pub async fn rename_team(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: TeamId,
    name: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE teams SET name = ?3 WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .bind(name)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Places a team of `org` in `dept` (of the same organization) or at the top.
pub async fn place_team(
    db: impl SqliteExecutor<'_>,
    org: OrgId,
    id: TeamId,
    dept: Option<DepartmentId>,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE teams SET department_id = ?3 WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .bind(dept)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a team of `org`; its people stay members of the organization.
pub async fn delete_team(db: impl SqliteExecutor<'_>, org: OrgId, id: TeamId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM teams WHERE organization_id = ?1 AND id = ?2")
        .bind(org)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many of the team's people hold no seat in `org` yet (they would need one there).
pub async fn team_people_without_seat(
    db: impl SqliteExecutor<'_>,
    team: TeamId,
    org: OrgId,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM team_members tm
         WHERE tm.team_id = ?1 AND NOT EXISTS (
            SELECT 1 FROM memberships m WHERE m.organization_id = ?2 AND m.user_id = tm.user_id AND m.holds_seat = 1)",
    )
    .bind(team)
    .bind(org)
    .fetch_one(db)
    .await
}

/// Moves a team to `target` (at its top level), or out of any organization (`None`).
///
/// In the target every person of the team becomes an active member holding a seat (the caller
/// checked there is room). In the organization it leaves, people whose only tie was this team
/// (plain members in no other team there) are removed and their seats freed; everyone else
/// keeps their membership. Returns how many people were removed from the old organization.
pub async fn move_team(
    db: &mut SqliteConnection,
    team: TeamId,
    from: Option<OrgId>,
    target: Option<OrgId>,
) -> sqlx::Result<u64> {
    let now = super::now();
    if let Some(target) = target {
        sqlx::query(
            "INSERT INTO memberships (organization_id, user_id, role, status, holds_seat, joined_at)
             SELECT ?2, tm.user_id, 'member', 'active', 1, ?3 FROM team_members tm WHERE tm.team_id = ?1
             ON CONFLICT (organization_id, user_id) DO UPDATE
                SET status = 'active', holds_seat = 1, removed_at = NULL,
                    joined_at = COALESCE(memberships.joined_at, excluded.joined_at)",
        )
        .bind(team)
        .bind(target)
        .bind(&now)
        .execute(&mut *db)
        .await?;
    }
    let mut removed = 0;
    if let (Some(from), Some(_)) = (from, target) {
        removed = sqlx::query(
            "UPDATE memberships SET status = 'removed', holds_seat = 0, removed_at = ?3
             WHERE organization_id = ?2 AND role = 'member' AND status <> 'removed'
               AND user_id IN (SELECT user_id FROM team_members WHERE team_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM team_members tm JOIN teams t ON t.id = tm.team_id
                               WHERE tm.user_id = memberships.user_id AND t.organization_id = ?2
                                 AND t.id <> ?1)",
        )
        .bind(team)
        .bind(from)
        .bind(&now)
        .execute(&mut *db)
        .await?
        .rows_affected();
    }
    sqlx::query("UPDATE teams SET organization_id = ?2, department_id = NULL WHERE id = ?1")
        .bind(team)
        .bind(target)
        .execute(&mut *db)
        .await?;
    Ok(removed)
}

/// Active members of `org`, for choosing department admins.
pub async fn active_members(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<MemberChoice>> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.status = 'active' ORDER BY u.name COLLATE NOCASE",
    )
    .bind(org)
    .fetch_all(db)
    .await
}

/// Every organization but `org`, by name.
pub async fn other_orgs(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Vec<OrgChoice>> {
    sqlx::query_as("SELECT id, name FROM organizations WHERE id <> ?1 ORDER BY name COLLATE NOCASE")
        .bind(org)
        .fetch_all(db)
        .await
}

/// The name of an organization, with its seat count.
pub async fn org_seats(db: impl SqliteExecutor<'_>, org: OrgId) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query_as("SELECT name, seat_count FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_optional(db)
        .await
}

//! The structure of one organization: departments (a tree of any depth), teams, department
//! admins, and teams assigned to or taken out of organizations. Changes need an administrator of
//! the whole organization (owners, organization admins, their tokens) or a platform admin;
//! moving a team between organizations needs a platform admin. Departments and teams are looked
//! up inside the organization named, so an id from another tenant is simply not found.

use crate::domain::audit::AuditAction;
use serde_json::Value;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::caller::Caller;
use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::role::Action;
use crate::domain::structure::{
    check_department_deletable, check_move, check_team_seats, structure_name, Department, OrgStructure, Team,
};
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::repo::{orgs, structure};

/// One structural change: authorized, in one transaction, finished with one audit row.
struct Change {
    tx: Transaction<'static, Sqlite>,
    actor: Actor,
    org: OrgId,
}

/// Whether the caller may change `org`'s structure: an administrator of the whole organization.
pub async fn may_change(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Actor, AppError> {
    let (access, scope) = caller.require_scoped(db, org, Action::ManageStructure).await?;
    if !scope.is_organization() {
        return Err(AppError::Forbidden);
    }
    Ok(access.actor())
}

/// Whether the caller may move teams between organizations: platform admins only.
pub async fn may_move_teams(db: &SqlitePool, caller: &Caller) -> Result<Actor, AppError> {
    Ok(caller.platform_actor(db).await?.1)
}

impl Change {
    /// Starts a change inside `org` by `actor`; the organization must exist.
    async fn begin(db: &SqlitePool, actor: Actor, org: OrgId) -> Result<Change, AppError> {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        structure::org_seats(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Change { tx, actor, org })
    }

    async fn departments(&mut self) -> Result<Vec<Department>, AppError> {
        Ok(structure::departments(&mut *self.tx, self.org).await?)
    }

    /// A department of this organization, or `NotFound`.
    async fn department(&mut self, id: DepartmentId) -> Result<Department, AppError> {
        structure::department(&mut *self.tx, self.org, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A team of this organization, or `NotFound`.
    async fn team(&mut self, id: TeamId) -> Result<Team, AppError> {
        match structure::team(&mut *self.tx, id).await? {
            Some((team, Some(org))) if org == self.org => Ok(team),
            _ => Err(AppError::NotFound),
        }
    }

    /// `id` as a parent or home department: in this organization, or a field error.
    async fn parent(
        &mut self,
        field: &str,
        id: Option<DepartmentId>,
    ) -> Result<Option<DepartmentId>, AppError> {
        let Some(id) = id else {
            return Ok(None);
        };
        match self.department(id).await {
            Ok(d) => Ok(Some(d.id)),
            Err(AppError::NotFound) => Err(AppError::invalid(
                field,
                "That department is not in this organization. Choose one from the list.",
            )),
            Err(e) => Err(e),
        }
    }

    async fn check_department_name(
        &mut self,
        parent: Option<DepartmentId>,
        name: &str,
        except: Option<DepartmentId>,
    ) -> Result<(), AppError> {
        if structure::department_name_taken(&mut *self.tx, self.org, parent, name, except).await? {
            return Err(AppError::invalid(
                "name",
                format!("There is already a department called {name} here. Choose another name."),
            ));
        }
        Ok(())
    }

    async fn check_team_name(&mut self, name: &str, except: Option<TeamId>) -> Result<(), AppError> {
        if structure::team_name_taken(&mut *self.tx, self.org, name, except).await? {
            return Err(AppError::invalid(
                "name",
                format!("This organization already has a team called {name}. Choose another name."),
            ));
        }
        Ok(())
    }

    /// Writes the audit row and commits.
    async fn finish(
        mut self,
        action: AuditAction,
        target_type: &str,
        target_id: impl ToString,
        details: Value,
    ) -> Result<(), AppError> {
        let entry = audit::Entry::new(&self.actor, action, target_type, target_id)
            .in_org(self.org)
            .details(details);
        audit::record(&mut *self.tx, entry).await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// `finish`, answering with the department as the change left it.
    async fn finish_department(
        mut self,
        id: DepartmentId,
        action: AuditAction,
        details: Value,
    ) -> Result<Department, AppError> {
        let dept = self.department(id).await?;
        self.finish(action, "department", id, details).await?;
        Ok(dept)
    }

    /// `finish`, answering with the team as the change left it.
    async fn finish_team(
        mut self,
        id: TeamId,
        action: AuditAction,
        details: Value,
    ) -> Result<Team, AppError> {
        let team = self.team(id).await?;
        self.finish(action, "team", id, details).await?;
        Ok(team)
    }
}

async fn change(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Change, AppError> {
    let actor = may_change(db, caller, org).await?;
    Change::begin(db, actor, org).await
}

/// The departments, teams and department admins of an organization, with the choices its admin
/// page offers (platform admins).
pub async fn org_structure(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<OrgStructure, AppError> {
    caller.platform_admin(db).await?;
    let mut conn = db.acquire().await?;
    structure::org_seats(&mut *conn, org)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(OrgStructure {
        org_id: org,
        departments: structure::departments(&mut *conn, org).await?,
        admins: structure::department_admins(&mut *conn, org).await?,
        teams: structure::teams(&mut *conn, org).await?,
        other_teams: structure::teams_elsewhere(&mut *conn, org).await?,
        members: structure::active_members(&mut *conn, org).await?,
        other_orgs: structure::other_orgs(&mut *conn, org).await?,
    })
}

/// The organization's departments (anyone who may open its dashboard).
pub async fn departments(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<Department>, AppError> {
    caller.require(db, org, Action::ViewDashboard).await?;
    Ok(structure::departments(db, org).await?)
}

/// The organization's teams (anyone who may open its dashboard).
pub async fn teams(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Vec<Team>, AppError> {
    caller.require(db, org, Action::ViewDashboard).await?;
    Ok(structure::teams(db, org).await?)
}

/// Adds a department at the top (`parent` none) or under another department.
pub async fn create_department(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    name: &str,
    parent: Option<DepartmentId>,
) -> Result<Department, AppError> {
    let mut c = change(db, caller, org).await?;
    let name = structure_name("name", "Department name", name)?;
    let parent = c.parent("parent_id", parent).await?;
    c.check_department_name(parent, &name, None).await?;
    let id = structure::insert_department(&mut *c.tx, org, parent, &name).await?;
    let details = serde_json::json!({ "name": name, "parent_id": parent });
    c.finish_department(id, AuditAction::DepartmentCreated, details)
        .await
}

/// Renames a department.
pub async fn rename_department(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: DepartmentId,
    name: &str,
) -> Result<Department, AppError> {
    let mut c = change(db, caller, org).await?;
    let dept = c.department(id).await?;
    let name = structure_name("name", "Department name", name)?;
    c.check_department_name(dept.parent_id, &name, Some(id)).await?;
    structure::rename_department(&mut *c.tx, org, id, &name).await?;
    let details = serde_json::json!({ "name": [dept.name, name] });
    c.finish_department(id, AuditAction::DepartmentRenamed, details)
        .await
}

/// Places a department under another one (never under itself or its own descendants) or at
/// the top (`parent` none).
pub async fn move_department(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: DepartmentId,
    parent: Option<DepartmentId>,
) -> Result<Department, AppError> {
    let mut c = change(db, caller, org).await?;
    let dept = c.department(id).await?;
    let parent = c.parent("parent_id", parent).await?;
    let all = c.departments().await?;
    check_move(&all, id, parent)?;
    c.check_department_name(parent, &dept.name, Some(id)).await?;
    structure::set_department_parent(&mut *c.tx, org, id, parent).await?;
    let details = serde_json::json!({ "parent_id": [dept.parent_id, parent] });
    c.finish_department(id, AuditAction::DepartmentMoved, details)
        .await
}

/// Deletes a department that holds no departments and no teams.
pub async fn delete_department(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: DepartmentId,
) -> Result<(), AppError> {
    let mut c = change(db, caller, org).await?;
    let dept = c.department(id).await?;
    let subs = structure::sub_department_count(&mut *c.tx, id).await?;
    check_department_deletable(&dept.name, subs, dept.team_count)?;
    structure::delete_department(&mut *c.tx, org, id).await?;
    structure::demote_idle_department_admins(&mut *c.tx, org).await?;
    let details = serde_json::json!({ "name": dept.name, "parent_id": dept.parent_id });
    c.finish(AuditAction::DepartmentDeleted, "department", id, details)
        .await
}

/// Makes an active member of the organization admin of one department (a member or manager
/// becomes department admin).
pub async fn add_department_admin(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: DepartmentId,
    user: UserId,
) -> Result<(), AppError> {
    let mut c = change(db, caller, org).await?;
    let dept = c.department(id).await?;
    if !structure::add_department_admin(&mut c.tx, org, id, user).await? {
        return Err(AppError::invalid(
            "user_id",
            "Only active members of this organization can be department admins. Choose someone from the list.",
        ));
    }
    let details = serde_json::json!({ "department": dept.name, "user_id": user });
    c.finish(AuditAction::DepartmentAdminAdded, "department", id, details)
        .await
}

/// Takes a person's admin rights over one department away.
pub async fn remove_department_admin(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: DepartmentId,
    user: UserId,
) -> Result<(), AppError> {
    let mut c = change(db, caller, org).await?;
    let dept = c.department(id).await?;
    if !structure::remove_department_admin(&mut c.tx, org, id, user).await? {
        return Err(AppError::NotFound);
    }
    let details = serde_json::json!({ "department": dept.name, "user_id": user });
    c.finish(AuditAction::DepartmentAdminRemoved, "department", id, details)
        .await
}

/// Adds a team, in a department or at the top (`department` none).
pub async fn create_team(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    name: &str,
    department: Option<DepartmentId>,
) -> Result<Team, AppError> {
    let mut c = change(db, caller, org).await?;
    let name = structure_name("name", "Team name", name)?;
    let dept = c.parent("department_id", department).await?;
    c.check_team_name(&name, None).await?;
    let id = structure::insert_team(&mut *c.tx, Some(org), dept, &name).await?;
    let details = serde_json::json!({ "name": name, "department_id": dept });
    c.finish_team(id, AuditAction::TeamCreated, details).await
}

/// Renames a team.
pub async fn rename_team(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: TeamId,
    name: &str,
) -> Result<Team, AppError> {
    let mut c = change(db, caller, org).await?;
    let team = c.team(id).await?;
    let name = structure_name("name", "Team name", name)?;
    c.check_team_name(&name, Some(id)).await?;
    structure::rename_team(&mut *c.tx, org, id, &name).await?;
    let details = serde_json::json!({ "name": [team.name, name] });
    c.finish_team(id, AuditAction::TeamRenamed, details).await
}

/// Places a team in a department of its organization, or at the top (`department` none).
pub async fn place_team(
    db: &SqlitePool,
    caller: &Caller,
    org: OrgId,
    id: TeamId,
    department: Option<DepartmentId>,
) -> Result<Team, AppError> {
    let mut c = change(db, caller, org).await?;
    let team = c.team(id).await?;
    let dept = c.parent("department_id", department).await?;
    structure::place_team(&mut *c.tx, org, id, dept).await?;
    let details = serde_json::json!({ "department_id": [team.department_id, dept] });
    c.finish_team(id, AuditAction::TeamPlaced, details).await
}

/// Deletes a team; its people stay members of the organization.
pub async fn delete_team(db: &SqlitePool, caller: &Caller, org: OrgId, id: TeamId) -> Result<(), AppError> {
    let mut c = change(db, caller, org).await?;
    let team = c.team(id).await?;
    structure::delete_team(&mut *c.tx, org, id).await?;
    let details = serde_json::json!({ "name": team.name, "members": team.member_count });
    c.finish(AuditAction::TeamDeleted, "team", id, details).await
}

/// Assigns a team to `org`, from another organization or from no organization. Everyone in it
/// needs a seat in `org`: the move is refused, with the numbers, when there are not enough.
pub async fn assign_team(db: &SqlitePool, caller: &Caller, org: OrgId, id: TeamId) -> Result<Team, AppError> {
    let actor = may_move_teams(db, caller).await?;
    let mut c = Change::begin(db, actor, org).await?;
    let (team, from) = structure::team(&mut *c.tx, id).await?.ok_or(AppError::NotFound)?;
    if from == Some(org) {
        return Err(AppError::invalid(
            "team_id",
            format!("{} is already in this organization.", team.name),
        ));
    }
    let (org_name, seat_count) = structure::org_seats(&mut *c.tx, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let needed = structure::team_people_without_seat(&mut *c.tx, id, org).await?;
    let in_use = orgs::seats_used(&mut *c.tx, org).await?;
    check_team_seats(&team.name, &org_name, needed, seat_count, in_use)?;
    c.check_team_name(&team.name, Some(id)).await.map_err(|_| {
        AppError::Conflict(format!(
            "{org_name} already has a team called {}. Rename one of them first.",
            team.name
        ))
    })?;
    let removed = structure::move_team(&mut c.tx, id, from, Some(org)).await?;
    if let Some(from) = from {
        structure::demote_idle_department_admins(&mut *c.tx, from).await?;
    }
    let details = serde_json::json!({
        "team": team.name, "from_org": from, "to_org": org,
        "members": team.member_count, "seats_taken": needed, "removed_from_old_org": removed,
    });
    c.finish_team(id, AuditAction::TeamAssigned, details).await
}

/// Takes a team out of its organization: it is kept, unassigned, and its people stay members of
/// the organization (remove them from the members list if they should leave).
pub async fn remove_team(db: &SqlitePool, caller: &Caller, org: OrgId, id: TeamId) -> Result<(), AppError> {
    let actor = may_move_teams(db, caller).await?;
    let mut c = Change::begin(db, actor, org).await?;
    let team = c.team(id).await?;
    structure::move_team(&mut c.tx, id, Some(org), None).await?;
    let details = serde_json::json!({ "team": team.name, "from_org": org });
    c.finish(AuditAction::TeamRemoved, "team", id, details).await
}

//! The structure of one organization: departments (a tree of any depth), teams, department
//! admins, and teams assigned to or taken out of organizations. The one implementation behind
//! the dashboard's Structure tab, the admin page and the REST API.
//!
//! Who may change what is `StructureRights`: administrators of the whole organization (owners,
//! organization admins, their tokens, platform admins) change everything; a department admin
//! changes what lies inside the departments they administer; managers only look. Moving a team
//! between organizations needs a platform admin. Departments and teams are looked up inside the
//! organization named, so an id from another tenant is simply not found.

use crate::domain::audit::AuditAction;
use serde_json::Value;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::caller::{Access, Caller};
use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::role::{Action, Role};
use crate::domain::structure::{
    check_department_deletable, check_move, check_team_seats, structure_name, subtree, Department,
    OrgStructure, StructureRights, Team,
};
use crate::error::AppError;
use crate::server::audit::{self, Actor};
use crate::server::repo::{members, orgs, structure};

/// One structural change: authorized, in one transaction, finished with one audit row.
struct Change {
    tx: Transaction<'static, Sqlite>,
    actor: Actor,
    org: OrgId,
    rights: StructureRights,
}

/// What someone already allowed to open `org`'s dashboard may change in its structure.
async fn rights_of(
    db: &mut sqlx::SqliteConnection,
    access: &Access,
    org: OrgId,
) -> Result<StructureRights, AppError> {
    let platform = access.role.is_none() || (access.token.is_none() && access.user.is_platform_admin);
    Ok(match access.role {
        _ if platform => StructureRights::Organization,
        Some(r) if r >= Role::OrgAdmin => StructureRights::Organization,
        Some(Role::DepartmentAdmin) => {
            let all = structure::departments(&mut *db, org).await?;
            let mut roots = members::administered_departments(&mut *db, org, access.user.id).await?;
            roots.sort();
            let mut departments: Vec<DepartmentId> = roots.iter().flat_map(|r| subtree(&all, *r)).collect();
            departments.sort();
            departments.dedup();
            StructureRights::Subtree { roots, departments }
        }
        _ => StructureRights::Read,
    })
}

/// Whether the caller may change anything in `org`'s structure (department admins and above).
pub async fn may_change(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<Access, AppError> {
    let access = caller.require(db, org, Action::ManageStructure).await?;
    let mut conn = db.acquire().await?;
    if !rights_of(&mut conn, &access, org).await?.edits() {
        return Err(AppError::Forbidden);
    }
    Ok(access)
}

/// Whether the caller may move teams between organizations: platform admins only.
pub async fn may_move_teams(db: &SqlitePool, caller: &Caller) -> Result<Actor, AppError> {
    Ok(caller.platform_actor(db).await?.1)
}

impl Change {
    /// Starts a change inside `org` by `actor` with `rights` (worked out inside the transaction
    /// when `access` is given); the organization must exist.
    async fn begin(
        db: &SqlitePool,
        actor: Actor,
        access: Option<&Access>,
        org: OrgId,
    ) -> Result<Change, AppError> {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        structure::org_seats(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?;
        let rights = match access {
            Some(access) => rights_of(&mut tx, access, org).await?,
            None => StructureRights::Organization,
        };
        Ok(Change {
            tx,
            actor,
            org,
            rights,
        })
    }

    /// A department of this organization the caller may change.
    async fn changeable_department(&mut self, id: DepartmentId) -> Result<Department, AppError> {
        let dept = self.department(id).await?;
        self.rights.check_department(&dept)?;
        Ok(dept)
    }

    /// A team of this organization the caller may change.
    async fn changeable_team(&mut self, id: TeamId) -> Result<Team, AppError> {
        let team = self.team(id).await?;
        if !self.rights.may_change_team(team.department_id) {
            return Err(AppError::Forbidden);
        }
        Ok(team)
    }

    /// `parent`, checked as a place the caller may put a department or team.
    async fn place(
        &mut self,
        field: &str,
        id: Option<DepartmentId>,
    ) -> Result<Option<DepartmentId>, AppError> {
        let parent = self.parent(field, id).await?;
        self.rights.check_place(field, parent)?;
        Ok(parent)
    }

    /// Refuses unless the caller may name department admins.
    fn check_names_admins(&self) -> Result<(), AppError> {
        if self.rights.names_admins() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
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
    let access = caller.require(db, org, Action::ManageStructure).await?;
    let c = Change::begin(db, access.actor(), Some(&access), org).await?;
    if !c.rights.edits() {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

/// The departments, teams and department admins of an organization, with what the caller may
/// change: anyone who may open its dashboard sees it (managers read only). The choices for
/// moving teams between organizations are filled in for platform admins only.
pub async fn org_structure(db: &SqlitePool, caller: &Caller, org: OrgId) -> Result<OrgStructure, AppError> {
    let access = caller.require(db, org, Action::ViewDashboard).await?;
    let moves_teams = caller.is_platform();
    let mut conn = db.acquire().await?;
    structure::org_seats(&mut *conn, org)
        .await?
        .ok_or(AppError::NotFound)?;
    // After expiry an organization's own administrators only read it.
    let rights = if access.read_only {
        StructureRights::Read
    } else {
        rights_of(&mut conn, &access, org).await?
    };
    let (other_teams, other_orgs) = if moves_teams {
        (
            structure::teams_elsewhere(&mut *conn, org).await?,
            structure::other_orgs(&mut *conn, org).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let members = if rights.names_admins() {
        structure::active_members(&mut *conn, org).await?
    } else {
        Vec::new()
    };
    Ok(OrgStructure {
        org_id: org,
        rights,
        moves_teams,
        departments: structure::departments(&mut *conn, org).await?,
        admins: structure::department_admins(&mut *conn, org).await?,
        teams: structure::teams(&mut *conn, org).await?,
        other_teams,
        members,
        other_orgs,
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
    let parent = c.place("parent_id", parent).await?;
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
    let dept = c.changeable_department(id).await?;
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
    let dept = c.changeable_department(id).await?;
    let parent = c.place("parent_id", parent).await?;
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
    let dept = c.changeable_department(id).await?;
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
    c.check_names_admins()?;
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
    c.check_names_admins()?;
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
    let dept = c.place("department_id", department).await?;
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
    let team = c.changeable_team(id).await?;
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
    let team = c.changeable_team(id).await?;
    let dept = c.place("department_id", department).await?;
    structure::place_team(&mut *c.tx, org, id, dept).await?;
    let details = serde_json::json!({ "department_id": [team.department_id, dept] });
    c.finish_team(id, AuditAction::TeamPlaced, details).await
}

/// Deletes a team; its people stay members of the organization.
pub async fn delete_team(db: &SqlitePool, caller: &Caller, org: OrgId, id: TeamId) -> Result<(), AppError> {
    let mut c = change(db, caller, org).await?;
    let team = c.changeable_team(id).await?;
    structure::delete_team(&mut *c.tx, org, id).await?;
    let details = serde_json::json!({ "name": team.name, "members": team.member_count });
    c.finish(AuditAction::TeamDeleted, "team", id, details).await
}

/// Assigns a team to `org`, from another organization or from no organization. Everyone in it
/// needs a seat in `org`: the move is refused, with the numbers, when there are not enough.
pub async fn assign_team(db: &SqlitePool, caller: &Caller, org: OrgId, id: TeamId) -> Result<Team, AppError> {
    let actor = may_move_teams(db, caller).await?;
    let mut c = Change::begin(db, actor, None, org).await?;
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
    let mut c = Change::begin(db, actor, None, org).await?;
    let team = c.team(id).await?;
    structure::move_team(&mut c.tx, id, Some(org), None).await?;
    let details = serde_json::json!({ "team": team.name, "from_org": org });
    c.finish(AuditAction::TeamRemoved, "team", id, details).await
}

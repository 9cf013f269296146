//! The structure of one organization, from its admin page: departments (a tree of any depth),
//! teams, department admins, and teams assigned to or removed from organizations.
//!
//! Every function names the organization it works in; departments and teams are looked up
//! inside that organization only, so an id from another tenant is simply not found.

use leptos::prelude::*;

use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::structure::OrgStructure;
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod change {
    //! One structural change: authorize, one transaction, one audit row.

    use serde_json::Value;
    use sqlx::{Sqlite, Transaction};

    use crate::domain::ids::OrgId;
    use crate::domain::structure::{Department, Team};
    use crate::error::AppError;
    use crate::server::audit::{self, Actor};
    use crate::server::{auth, repo::structure};

    /// An open change inside `org`.
    pub struct Change {
        pub tx: Transaction<'static, Sqlite>,
        pub actor: Actor,
        pub org: OrgId,
    }

    /// Starts a change inside `org`: platform admins, and administrators of the whole
    /// organization (owners, organization admins, their API tokens); the organization must exist.
    pub async fn begin(org: OrgId) -> Result<Change, AppError> {
        use crate::domain::role::Action;
        let (state, access, scope) = auth::require_scoped(org, Action::ManageStructure).await?;
        if !scope.is_organization() {
            return Err(AppError::Forbidden);
        }
        let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
        structure::org_seats(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Change {
            tx,
            actor: access.actor(),
            org,
        })
    }

    /// Starts a change that moves teams between organizations: platform admins only.
    pub async fn begin_platform(org: OrgId) -> Result<Change, AppError> {
        let (state, admin) = auth::require_platform_admin().await?;
        let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
        structure::org_seats(&mut *tx, org)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Change {
            tx,
            actor: Actor::of(&admin),
            org,
        })
    }

    impl Change {
        /// The organization's departments.
        pub async fn departments(&mut self) -> Result<Vec<Department>, AppError> {
            Ok(structure::departments(&mut *self.tx, self.org).await?)
        }

        /// A department of this organization, or `NotFound`.
        pub async fn department(
            &mut self,
            id: crate::domain::ids::DepartmentId,
        ) -> Result<Department, AppError> {
            structure::department(&mut *self.tx, self.org, id)
                .await?
                .ok_or(AppError::NotFound)
        }

        /// A team of this organization, or `NotFound`.
        pub async fn team(&mut self, id: crate::domain::ids::TeamId) -> Result<Team, AppError> {
            match structure::team(&mut *self.tx, id).await? {
                Some((team, Some(org))) if org == self.org => Ok(team),
                _ => Err(AppError::NotFound),
            }
        }

        /// Writes the audit row and commits.
        pub async fn finish(
            mut self,
            action: &str,
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
    }
}

/// The departments, teams and department admins of an organization, with the choices its admin
/// page offers.
#[server]
pub async fn get_org_structure(org: OrgId) -> Result<OrgStructure, AppError> {
    use crate::server::{auth, repo::structure};

    let (state, _admin) = auth::require_platform_admin().await?;
    let mut conn = state.db.acquire().await?;
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

#[cfg(feature = "ssr")]
async fn parent_in(c: &mut change::Change, field: &str, raw: &str) -> Result<Option<DepartmentId>, AppError> {
    use crate::domain::structure::optional_id;
    match optional_id(field, raw)? {
        None => Ok(None),
        Some(id) => match c.department(DepartmentId(id)).await {
            Ok(d) => Ok(Some(d.id)),
            Err(AppError::NotFound) => Err(AppError::invalid(
                field,
                "That department is not in this organization. Choose one from the list.",
            )),
            Err(e) => Err(e),
        },
    }
}

#[cfg(feature = "ssr")]
async fn check_department_name(
    c: &mut change::Change,
    parent: Option<DepartmentId>,
    name: &str,
    except: Option<DepartmentId>,
) -> Result<(), AppError> {
    use crate::server::repo::structure;
    if structure::department_name_taken(&mut *c.tx, c.org, parent, name, except).await? {
        return Err(AppError::invalid(
            "name",
            format!("There is already a department called {name} here. Choose another name."),
        ));
    }
    Ok(())
}

/// Adds a department at the top (`parent_id` empty) or under another department.
#[server]
pub async fn create_department(
    org: OrgId,
    name: String,
    parent_id: String,
) -> Result<DepartmentId, AppError> {
    use crate::domain::structure::structure_name;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let name = structure_name("name", "Department name", &name)?;
    let parent = parent_in(&mut c, "parent_id", &parent_id).await?;
    check_department_name(&mut c, parent, &name, None).await?;
    let id = structure::insert_department(&mut *c.tx, org, parent, &name).await?;
    let details = serde_json::json!({ "name": name, "parent_id": parent });
    c.finish("department.created", "department", id, details).await?;
    Ok(id)
}

/// Renames a department.
#[server]
pub async fn rename_department(org: OrgId, id: DepartmentId, name: String) -> Result<(), AppError> {
    use crate::domain::structure::structure_name;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let dept = c.department(id).await?;
    let name = structure_name("name", "Department name", &name)?;
    check_department_name(&mut c, dept.parent_id, &name, Some(id)).await?;
    structure::rename_department(&mut *c.tx, org, id, &name).await?;
    let details = serde_json::json!({ "name": [dept.name, name] });
    c.finish("department.renamed", "department", id, details).await
}

/// Places a department under another one (never under itself or its own descendants) or at
/// the top (`parent_id` empty).
#[server]
pub async fn move_department(org: OrgId, id: DepartmentId, parent_id: String) -> Result<(), AppError> {
    use crate::domain::structure::check_move;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let dept = c.department(id).await?;
    let parent = parent_in(&mut c, "parent_id", &parent_id).await?;
    let all = c.departments().await?;
    check_move(&all, id, parent)?;
    check_department_name(&mut c, parent, &dept.name, Some(id)).await?;
    structure::set_department_parent(&mut *c.tx, org, id, parent).await?;
    let details = serde_json::json!({ "parent_id": [dept.parent_id, parent] });
    c.finish("department.moved", "department", id, details).await
}

/// Deletes a department that holds no departments and no teams.
#[server]
pub async fn delete_department(org: OrgId, id: DepartmentId) -> Result<(), AppError> {
    use crate::domain::structure::check_department_deletable;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let dept = c.department(id).await?;
    let subs = structure::sub_department_count(&mut *c.tx, id).await?;
    check_department_deletable(&dept.name, subs, dept.team_count)?;
    structure::delete_department(&mut *c.tx, org, id).await?;
    structure::demote_idle_department_admins(&mut *c.tx, org).await?;
    let details = serde_json::json!({ "name": dept.name, "parent_id": dept.parent_id });
    c.finish("department.deleted", "department", id, details).await
}

/// Makes an active member of the organization admin of one department (a member or manager
/// becomes department admin).
#[server]
pub async fn add_department_admin(org: OrgId, id: DepartmentId, user_id: String) -> Result<(), AppError> {
    use crate::domain::structure::optional_id;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let dept = c.department(id).await?;
    let Some(user) = optional_id("user_id", &user_id)?.map(UserId) else {
        return Err(AppError::invalid(
            "user_id",
            "Choose a member to make department admin.",
        ));
    };
    if !structure::add_department_admin(&mut c.tx, org, id, user).await? {
        return Err(AppError::invalid(
            "user_id",
            "Only active members of this organization can be department admins. Choose someone from the list.",
        ));
    }
    let details = serde_json::json!({ "department": dept.name, "user_id": user });
    c.finish("department.admin_added", "department", id, details)
        .await
}

/// Takes a person's admin rights over one department away.
#[server]
pub async fn remove_department_admin(org: OrgId, id: DepartmentId, user_id: UserId) -> Result<(), AppError> {
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let dept = c.department(id).await?;
    if !structure::remove_department_admin(&mut c.tx, org, id, user_id).await? {
        return Err(AppError::NotFound);
    }
    let details = serde_json::json!({ "department": dept.name, "user_id": user_id });
    c.finish("department.admin_removed", "department", id, details)
        .await
}

#[cfg(feature = "ssr")]
async fn check_team_name(c: &mut change::Change, name: &str, except: Option<TeamId>) -> Result<(), AppError> {
    use crate::server::repo::structure;
    if structure::team_name_taken(&mut *c.tx, c.org, name, except).await? {
        return Err(AppError::invalid(
            "name",
            format!("This organization already has a team called {name}. Choose another name."),
        ));
    }
    Ok(())
}

/// Adds a team, in a department or at the top (`department_id` empty).
#[server]
pub async fn create_team(org: OrgId, name: String, department_id: String) -> Result<TeamId, AppError> {
    use crate::domain::structure::structure_name;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let name = structure_name("name", "Team name", &name)?;
    let dept = parent_in(&mut c, "department_id", &department_id).await?;
    check_team_name(&mut c, &name, None).await?;
    let id = structure::insert_team(&mut *c.tx, Some(org), dept, &name).await?;
    let details = serde_json::json!({ "name": name, "department_id": dept });
    c.finish("team.created", "team", id, details).await?;
    Ok(id)
}

/// Renames a team.
#[server]
pub async fn rename_team(org: OrgId, id: TeamId, name: String) -> Result<(), AppError> {
    use crate::domain::structure::structure_name;
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let team = c.team(id).await?;
    let name = structure_name("name", "Team name", &name)?;
    check_team_name(&mut c, &name, Some(id)).await?;
    structure::rename_team(&mut *c.tx, org, id, &name).await?;
    let details = serde_json::json!({ "name": [team.name, name] });
    c.finish("team.renamed", "team", id, details).await
}

/// Places a team in a department of its organization, or at the top (`department_id` empty).
#[server]
pub async fn place_team(org: OrgId, id: TeamId, department_id: String) -> Result<(), AppError> {
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let team = c.team(id).await?;
    let dept = parent_in(&mut c, "department_id", &department_id).await?;
    structure::place_team(&mut *c.tx, org, id, dept).await?;
    let details = serde_json::json!({ "department_id": [team.department_id, dept] });
    c.finish("team.placed", "team", id, details).await
}

/// Deletes a team; its people stay members of the organization.
#[server]
pub async fn delete_team(org: OrgId, id: TeamId) -> Result<(), AppError> {
    use crate::server::repo::structure;

    let mut c = change::begin(org).await?;
    let team = c.team(id).await?;
    structure::delete_team(&mut *c.tx, org, id).await?;
    let details = serde_json::json!({ "name": team.name, "members": team.member_count });
    c.finish("team.deleted", "team", id, details).await
}

/// Assigns a team to `org`, from another organization or from no organization. Everyone in it
/// needs a seat in `org`: the move is refused, with the numbers, when there are not enough.
#[server]
pub async fn assign_team(org: OrgId, team_id: String) -> Result<(), AppError> {
    use crate::domain::structure::{check_team_seats, optional_id};
    use crate::server::repo::{orgs, structure};

    let mut c = change::begin_platform(org).await?;
    let Some(id) = optional_id("team_id", &team_id)?.map(TeamId) else {
        return Err(AppError::invalid("team_id", "Choose a team to assign."));
    };
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
    check_team_name(&mut c, &team.name, Some(id)).await.map_err(|_| {
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
    c.finish("team.assigned", "team", id, details).await
}

/// Takes a team out of its organization: it is kept, unassigned, and its people stay members of
/// the organization (remove them from the members list if they should leave).
#[server]
pub async fn remove_team(org: OrgId, id: TeamId) -> Result<(), AppError> {
    use crate::server::repo::structure;

    let mut c = change::begin_platform(org).await?;
    let team = c.team(id).await?;
    structure::move_team(&mut c.tx, id, Some(org), None).await?;
    let details = serde_json::json!({ "team": team.name, "from_org": org });
    c.finish("team.removed", "team", id, details).await
}

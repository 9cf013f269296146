//! The structure inside an organization: a department tree of any depth, and teams placed in a
//! department or at the top. The tree rules (no cycles, delete only when empty) and the seat rule
//! for moving a team between organizations live here, free of I/O.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use crate::domain::validate;
use crate::error::AppError;

/// Longest department or team name.
pub const NAME_MAX: usize = 120;

/// One department as stored, with what hangs off it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Department {
    /// Its id.
    pub id: DepartmentId,
    /// The department above it; `None` at the top.
    pub parent_id: Option<DepartmentId>,
    /// Its name.
    pub name: String,
    /// Teams placed directly in it.
    pub team_count: i64,
}

/// A department admin of one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DepartmentAdmin {
    /// The department.
    pub department_id: DepartmentId,
    /// The person.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
}

/// One team of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Team {
    /// Its id.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// The department it sits in; `None` at the top of the organization.
    pub department_id: Option<DepartmentId>,
    /// How many people are in it.
    pub member_count: i64,
}

/// A team that could be assigned to an organization: unassigned, or in another organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TeamChoice {
    /// The team.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// The organization it is in now, if any.
    pub organization: Option<String>,
    /// How many people are in it.
    pub member_count: i64,
}

/// A person of the organization who can be made department admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MemberChoice {
    /// The person.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
}

/// Another organization a team can be moved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrgChoice {
    /// The organization.
    pub id: OrgId,
    /// Its name.
    pub name: String,
}

/// What one person may change in an organization's structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StructureRights {
    /// Sees the structure and changes nothing (managers).
    Read,
    /// A department admin: changes the departments below the ones they administer (`roots`),
    /// and places and changes teams anywhere in their subtree (`departments`, roots included).
    /// Naming department admins is a grant of their own role, so it is not theirs.
    Subtree {
        /// The departments they administer.
        roots: Vec<DepartmentId>,
        /// Those and every department below them.
        departments: Vec<DepartmentId>,
    },
    /// Changes everything: owners, organization admins, their tokens, platform admins.
    Organization,
}

impl StructureRights {
    /// Whether anything at all may be changed.
    pub fn edits(&self) -> bool {
        !matches!(self, StructureRights::Read)
    }

    /// Whether department `id` may be renamed, moved or deleted.
    pub fn may_change_department(&self, id: DepartmentId) -> bool {
        match self {
            StructureRights::Read => false,
            StructureRights::Subtree { roots, departments } => {
                departments.contains(&id) && !roots.contains(&id)
            }
            StructureRights::Organization => true,
        }
    }

    /// Whether a department or team may be placed under `parent` (`None`: at the top).
    pub fn may_place_in(&self, parent: Option<DepartmentId>) -> bool {
        match self {
            StructureRights::Read => false,
            StructureRights::Subtree { departments, .. } => parent.is_some_and(|p| departments.contains(&p)),
            StructureRights::Organization => true,
        }
    }

    /// Whether a team now in `department` may be renamed, placed or deleted.
    pub fn may_change_team(&self, department: Option<DepartmentId>) -> bool {
        self.may_place_in(department)
    }

    /// Whether department admins may be named and removed.
    pub fn names_admins(&self) -> bool {
        matches!(self, StructureRights::Organization)
    }

    /// `may_change_department`, or the refusal that says why.
    pub fn check_department(&self, dept: &Department) -> Result<(), AppError> {
        if self.may_change_department(dept.id) {
            return Ok(());
        }
        Err(match self {
            StructureRights::Subtree { roots, .. } if roots.contains(&dept.id) => AppError::Conflict(format!(
                "You administer {}, so an organization admin or the owner changes it. You can change the departments and teams inside it.",
                dept.name
            )),
            _ => AppError::Forbidden,
        })
    }

    /// `may_place_in`, or a field error that says where one may place things.
    pub fn check_place(&self, field: &str, parent: Option<DepartmentId>) -> Result<(), AppError> {
        match self {
            _ if self.may_place_in(parent) => Ok(()),
            StructureRights::Subtree { .. } => Err(AppError::invalid(
                field,
                "You can place departments and teams only inside the departments you administer. Choose one of them.",
            )),
            _ => Err(AppError::Forbidden),
        }
    }
}

/// Everything the Structure tab and the structure section of an organization's admin page show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgStructure {
    /// The organization.
    pub org_id: OrgId,
    /// What the viewer may change.
    pub rights: StructureRights,
    /// Whether the viewer may move teams between organizations (platform admins).
    pub moves_teams: bool,
    /// Its departments, in any order (see [`tree_order`]).
    pub departments: Vec<Department>,
    /// Department admins of every department.
    pub admins: Vec<DepartmentAdmin>,
    /// Its teams, by name.
    pub teams: Vec<Team>,
    /// Teams elsewhere that could be assigned here (for platform admins; empty otherwise).
    pub other_teams: Vec<TeamChoice>,
    /// Active members, for choosing department admins.
    pub members: Vec<MemberChoice>,
    /// The other organizations, for moving a team (for platform admins; empty otherwise).
    pub other_orgs: Vec<OrgChoice>,
}

/// A validated department or team name: trimmed, 1 to [`NAME_MAX`] characters.
pub fn structure_name(field: &str, label: &str, raw: &str) -> Result<String, AppError> {
    validate::text(field, label, raw, NAME_MAX, true)
}

/// The departments depth-first, each with its depth (0 at the top); siblings by name. Every
/// department appears exactly once, even if the stored parents were broken.
pub fn tree_order(departments: &[Department]) -> Vec<(usize, &Department)> {
    let known: HashMap<DepartmentId, &Department> = departments.iter().map(|d| (d.id, d)).collect();
    let mut children: HashMap<Option<DepartmentId>, Vec<&Department>> = HashMap::new();
    for d in departments {
        // A parent that is not in the list puts the department at the top.
        let parent = d.parent_id.filter(|p| known.contains_key(p));
        children.entry(parent).or_default().push(d);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
    }
    let mut out = Vec::with_capacity(departments.len());
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<(usize, &Department)> = children
        .get(&None)
        .map(|l| l.iter().rev().map(|d| (0, *d)).collect())
        .unwrap_or_default();
    while let Some((depth, d)) = stack.pop() {
        if !seen.insert(d.id) {
            continue;
        }
        out.push((depth, d));
        if let Some(kids) = children.get(&Some(d.id)) {
            stack.extend(kids.iter().rev().map(|k| (depth + 1, *k)));
        }
    }
    // Departments caught in a stored cycle never reach the top: list them at the top level.
    for d in departments {
        if seen.insert(d.id) {
            out.push((0, d));
        }
    }
    out
}

/// `dept` and every department below it, at any depth.
pub fn subtree(departments: &[Department], dept: DepartmentId) -> Vec<DepartmentId> {
    let mut out = vec![dept];
    let mut i = 0;
    while i < out.len() {
        let current = out[i];
        for d in departments {
            if d.parent_id == Some(current) && !out.contains(&d.id) {
                out.push(d.id);
            }
        }
        i += 1;
    }
    out
}

/// The path of names from the top down to `dept`, like "Operations › Warehouse".
pub fn path(departments: &[Department], dept: DepartmentId) -> String {
    let mut names = Vec::new();
    let mut current = Some(dept);
    while let Some(id) = current {
        let Some(d) = departments.iter().find(|d| d.id == id) else {
            break;
        };
        if names.len() > departments.len() {
            break;
        }
        names.push(d.name.as_str());
        current = d.parent_id;
    }
    names.reverse();
    names.join(" › ")
}

/// Whether `dept` may be placed under `new_parent` (`None` = at the top): never under itself or
/// one of its own descendants, and only under a department of the same organization.
pub fn check_move(
    departments: &[Department],
    dept: DepartmentId,
    new_parent: Option<DepartmentId>,
) -> Result<(), AppError> {
    let Some(moving) = departments.iter().find(|d| d.id == dept) else {
        return Err(AppError::NotFound);
    };
    let Some(parent) = new_parent else {
        return Ok(());
    };
    let Some(target) = departments.iter().find(|d| d.id == parent) else {
        return Err(AppError::invalid(
            "parent_id",
            "Choose a department of this organization as the new parent.",
        ));
    };
    if parent == dept {
        return Err(AppError::invalid(
            "parent_id",
            format!(
                "{} cannot be placed under itself. Choose another department.",
                moving.name
            ),
        ));
    }
    if subtree(departments, dept).contains(&parent) {
        return Err(AppError::invalid(
            "parent_id",
            format!(
                "{} is inside {}, so {} cannot move under it. Choose a department outside {}.",
                target.name, moving.name, moving.name, moving.name
            ),
        ));
    }
    Ok(())
}

/// A department may be deleted only when nothing hangs off it.
pub fn check_department_deletable(name: &str, sub_departments: i64, teams: i64) -> Result<(), AppError> {
    let mut parts = Vec::new();
    if sub_departments > 0 {
        parts.push(plural(sub_departments, "department", "departments"));
    }
    if teams > 0 {
        parts.push(plural(teams, "team", "teams"));
    }
    if parts.is_empty() {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "{name} still holds {}. Move or delete them first, then delete {name}.",
        parts.join(" and ")
    )))
}

/// Whether the target organization has a seat for everyone arriving with a team. `needed` is
/// how many of the team's people do not hold a seat there yet.
pub fn check_team_seats(
    team: &str,
    org: &str,
    needed: i64,
    seat_count: i64,
    in_use: i64,
) -> Result<(), AppError> {
    let free = (seat_count - in_use).max(0);
    if needed <= free {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "{team} brings {} without a seat in {org}, but {org} has {} ({in_use} of {seat_count} in use). Add {} to {org} first, or move fewer people.",
        plural(needed, "person", "people"),
        plural(free, "free seat", "free seats"),
        plural(needed - free, "seat", "seats"),
    )))
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An optional id chosen in a select: empty means none.
pub fn optional_id(field: &str, raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, "Choose an entry from the list.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: i64, parent: Option<i64>, name: &str) -> Department {
        Department {
            id: DepartmentId(id),
            parent_id: parent.map(DepartmentId),
            name: name.into(),
            team_count: 0,
        }
    }

    /// Operations(1) › Warehouse(2) › Cold Store(4) › Night Shift(5); Commercial(3).
    fn tree() -> Vec<Department> {
        vec![
            dept(4, Some(2), "Cold Store"),
            dept(1, None, "Operations"),
            dept(3, None, "Commercial"),
            dept(2, Some(1), "Warehouse"),
            dept(5, Some(4), "Night Shift"),
        ]
    }

    #[test]
    fn tree_order_is_depth_first_with_depths() {
        let t = tree();
        let order: Vec<_> = tree_order(&t)
            .into_iter()
            .map(|(d, x)| (d, x.name.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                (0, "Commercial"),
                (0, "Operations"),
                (1, "Warehouse"),
                (2, "Cold Store"),
                (3, "Night Shift"),
            ]
        );
    }

    #[test]
    fn depth_is_unlimited() {
        let deep: Vec<_> = (1..=200)
            .map(|i| dept(i, (i > 1).then(|| i - 1), &format!("Level {i}")))
            .collect();
        let order = tree_order(&deep);
        assert_eq!(order.len(), 200);
        assert_eq!(order[199].0, 199);
        assert_eq!(subtree(&deep, DepartmentId(1)).len(), 200);
        assert!(check_move(&deep, DepartmentId(1), Some(DepartmentId(200))).is_err());
        assert!(check_move(&deep, DepartmentId(200), Some(DepartmentId(1))).is_ok());
    }

    #[test]
    fn stored_cycles_still_list_every_department_once() {
        let broken = vec![dept(1, Some(2), "A"), dept(2, Some(1), "B"), dept(3, None, "C")];
        let order = tree_order(&broken);
        assert_eq!(order.len(), 3);
        let mut ids: Vec<_> = order.iter().map(|(_, d)| d.id.0).collect();
        ids.sort();
        assert_eq!(ids, vec![1, 2, 3]);
    }

    #[test]
    fn subtree_holds_all_descendants_and_nothing_else() {
        let t = tree();
        let mut s: Vec<_> = subtree(&t, DepartmentId(2)).into_iter().map(|d| d.0).collect();
        s.sort();
        assert_eq!(s, vec![2, 4, 5]);
        assert_eq!(subtree(&t, DepartmentId(3)), vec![DepartmentId(3)]);
    }

    #[test]
    fn never_under_itself_or_a_descendant() {
        let t = tree();
        let itself = check_move(&t, DepartmentId(2), Some(DepartmentId(2))).unwrap_err();
        assert!(itself.to_string().contains("under itself"), "{itself}");
        let grandchild = check_move(&t, DepartmentId(1), Some(DepartmentId(5))).unwrap_err();
        assert!(
            grandchild
                .to_string()
                .contains("Night Shift is inside Operations"),
            "{grandchild}"
        );
        assert!(check_move(&t, DepartmentId(2), Some(DepartmentId(4))).is_err());
    }

    #[test]
    fn moves_elsewhere_and_to_the_top_are_allowed() {
        let t = tree();
        assert!(check_move(&t, DepartmentId(2), Some(DepartmentId(3))).is_ok());
        assert!(check_move(&t, DepartmentId(5), Some(DepartmentId(1))).is_ok());
        assert!(check_move(&t, DepartmentId(5), None).is_ok());
    }

    #[test]
    fn parents_must_belong_to_the_organization() {
        let t = tree();
        let e = check_move(&t, DepartmentId(2), Some(DepartmentId(99))).unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "parent_id"));
        assert_eq!(check_move(&t, DepartmentId(99), None), Err(AppError::NotFound));
    }

    #[test]
    fn path_names_every_level() {
        assert_eq!(
            path(&tree(), DepartmentId(5)),
            "Operations › Warehouse › Cold Store › Night Shift"
        );
        assert_eq!(path(&tree(), DepartmentId(3)), "Commercial");
    }

    #[test]
    fn only_empty_departments_can_be_deleted() {
        assert!(check_department_deletable("Sales", 0, 0).is_ok());
        let e = check_department_deletable("Sales", 1, 2).unwrap_err().to_string();
        assert_eq!(
            e,
            "Sales still holds 1 department and 2 teams. Move or delete them first, then delete Sales."
        );
        let e = check_department_deletable("Ops", 0, 1).unwrap_err().to_string();
        assert!(e.contains("holds 1 team."), "{e}");
    }

    #[test]
    fn team_moves_need_a_seat_for_everyone_new() {
        assert!(check_team_seats("Online", "Acme", 5, 15, 10).is_ok());
        assert!(check_team_seats("Online", "Acme", 0, 9, 9).is_ok());
        let e = check_team_seats("Online", "Acme", 5, 10, 9)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "Online brings 5 people without a seat in Acme, but Acme has 1 free seat (9 of 10 in use). Add 4 seats to Acme first, or move fewer people."
        );
        // An over-allocated organization has no free seats, never a negative number.
        let e = check_team_seats("T", "O", 1, 3, 5).unwrap_err().to_string();
        assert!(e.contains("has 0 free seats"), "{e}");
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(structure_name("name", "Name", "  Sales ").unwrap(), "Sales");
        assert!(structure_name("name", "Name", "   ").is_err());
        assert!(structure_name("name", "Name", &"x".repeat(121)).is_err());
    }

    #[test]
    fn optional_ids_parse_or_explain() {
        assert_eq!(optional_id("parent_id", "").unwrap(), None);
        assert_eq!(optional_id("parent_id", " 7 ").unwrap(), Some(7));
        assert!(optional_id("parent_id", "x").is_err());
    }

    #[test]
    fn what_a_department_admin_may_change() {
        let all = vec![
            dept(1, None, "Ops"),
            dept(2, Some(1), "Warehouse"),
            dept(3, Some(2), "Night"),
            dept(4, None, "Sales"),
        ];
        let rights = StructureRights::Subtree {
            roots: vec![DepartmentId(1)],
            departments: subtree(&all, DepartmentId(1)),
        };
        assert!(rights.edits());
        assert!(
            !rights.may_change_department(DepartmentId(1)),
            "not their own root"
        );
        assert!(rights.may_change_department(DepartmentId(2)));
        assert!(rights.may_change_department(DepartmentId(3)));
        assert!(!rights.may_change_department(DepartmentId(4)));
        assert!(
            rights.may_place_in(Some(DepartmentId(1))),
            "inside the root is theirs"
        );
        assert!(
            !rights.may_place_in(None),
            "the top belongs to the whole organization"
        );
        assert!(!rights.may_place_in(Some(DepartmentId(4))));
        assert!(rights.may_change_team(Some(DepartmentId(3))));
        assert!(!rights.may_change_team(None));
        assert!(!rights.names_admins());
        let e = rights.check_department(&all[0]).unwrap_err().to_string();
        assert!(e.contains("You administer Ops"), "{e}");
        assert_eq!(rights.check_department(&all[3]), Err(AppError::Forbidden));
        let e = rights.check_place("parent_id", None).unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "parent_id"));

        let read = StructureRights::Read;
        assert!(!read.edits() && !read.may_place_in(None) && !read.may_change_department(DepartmentId(2)));
        assert_eq!(read.check_place("parent_id", None), Err(AppError::Forbidden));
        let org = StructureRights::Organization;
        assert!(org.may_place_in(None) && org.may_change_department(DepartmentId(1)) && org.names_admins());
    }
}

//! An organization's structure: the department tree, teams, and department admins. The one view
//! behind the dashboard's Structure tab and the structure section of the admin page; it shows
//! the forms the viewer's `StructureRights` allow (managers see no forms, department admins
//! those inside their departments), and moving teams between organizations to platform admins.
//! Every form has its own action, so a message shows beside the form it belongs to; a successful
//! change reloads the section.

use leptos::prelude::*;

use crate::api::structure::{
    get_org_structure, AddDepartmentAdmin, AssignTeam, CreateDepartment, CreateTeam, DeleteDepartment,
    DeleteTeam, MoveDepartment, PlaceTeam, RemoveDepartmentAdmin, RemoveTeam, RenameDepartment, RenameTeam,
};
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, Field, FormAlert, Reload, Select};
use crate::domain::ids::OrgId;
use crate::domain::structure::{
    path, subtree, tree_order, Department, DepartmentAdmin, OrgStructure, StructureRights, Team,
};

/// Departments and teams of `org`.
#[component]
pub fn OrgStructureSection(org: OrgId) -> impl IntoView {
    let reload = Reload::provide();
    let data = Resource::new(move || reload.track(), move |_| get_org_structure(org));
    view! { <Await resource=data view=|s: OrgStructure| view! { <StructureView s /> } /> }
}

/// (value, label) options of the places the viewer may put something: "top level" first when
/// allowed, then every allowed department by its path.
fn department_options(
    departments: &[Department],
    rights: &StructureRights,
    skip: &[crate::domain::ids::DepartmentId],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if rights.may_place_in(None) {
        out.push((String::new(), "None (top level)".to_string()));
    }
    out.extend(
        tree_order(departments)
            .into_iter()
            .filter(|(_, d)| !skip.contains(&d.id) && rights.may_place_in(Some(d.id)))
            .map(|(_, d)| (d.id.to_string(), path(departments, d.id))),
    );
    out
}

#[component]
fn StructureView(s: OrgStructure) -> impl IntoView {
    let org = s.org_id;
    let rights = StoredValue::new(s.rights.clone());
    let moves_teams = s.moves_teams;
    let departments = StoredValue::new(s.departments.clone());
    let dept_rows = tree_order(&s.departments)
        .into_iter()
        .map(|(depth, d)| {
            let admins: Vec<DepartmentAdmin> = s
                .admins
                .iter()
                .filter(|a| a.department_id == d.id)
                .cloned()
                .collect();
            let members = s.members.clone();
            view! { <DepartmentRow org depth dept=d.clone() admins members departments rights /> }
        })
        .collect_view();
    let team_rows = s
        .teams
        .iter()
        .map(|t| {
            let others = s.other_orgs.clone();
            view! { <TeamRow org team=t.clone() departments others rights moves_teams /> }
        })
        .collect_view();
    let has_departments = !s.departments.is_empty();
    let has_teams = !s.teams.is_empty();
    let other_teams = s.other_teams.clone();
    let edits = s.rights.edits();
    let explain = match &s.rights {
        StructureRights::Read => Some("You can see the structure; an administrator changes it."),
        StructureRights::Subtree { .. } => Some(
            "You can add, rename, move and delete the departments and teams inside the departments you administer.",
        ),
        StructureRights::Organization => None,
    };
    view! {
        {explain.map(|e| view! { <p class="notice" role="note">{e}</p> })}
        <section class="card" aria-labelledby="departments-title">
            <h2 id="departments-title">"Departments"</h2>
            <p class="muted">"A tree of any depth. Teams sit in a department or at the top of the organization."</p>
            {if has_departments {
                view! {
                    <div class="table-wrap">
                        <table class="data-table structure-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Department"</th>
                                    <th scope="col" class="num">"Teams"</th>
                                    <th scope="col">"Department admins"</th>
                                    <th scope="col">"Manage"</th>
                                </tr>
                            </thead>
                            <tbody>{dept_rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            } else {
                view! { <p class="empty">"No departments yet."</p> }.into_any()
            }}
            {edits.then(|| view! { <NewDepartmentForm org departments rights /> })}
        </section>
        <section class="card" aria-labelledby="teams-title">
            <h2 id="teams-title">"Teams"</h2>
            {if has_teams {
                view! {
                    <div class="table-wrap">
                        <table class="data-table structure-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Team"</th>
                                    <th scope="col">"Department"</th>
                                    <th scope="col" class="num">"Members"</th>
                                    <th scope="col">"Manage"</th>
                                </tr>
                            </thead>
                            <tbody>{team_rows}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            } else {
                view! { <p class="empty">"No teams yet."</p> }.into_any()
            }}
            {edits.then(|| view! { <NewTeamForm org departments rights /> })}
            {moves_teams.then(|| view! { <AssignTeamForm org other_teams /> })}
        </section>
    }
}

#[component]
fn DepartmentRow(
    org: OrgId,
    depth: usize,
    dept: Department,
    admins: Vec<DepartmentAdmin>,
    members: Vec<crate::domain::structure::MemberChoice>,
    departments: StoredValue<Vec<Department>>,
    rights: StoredValue<StructureRights>,
) -> impl IntoView {
    let rights = rights.get_value();
    let changes = rights.may_change_department(dept.id);
    let names_admins = rights.names_admins();
    let rename = reloading::<RenameDepartment>();
    let move_to = reloading::<MoveDepartment>();
    let delete = reloading::<DeleteDepartment>();
    let add_admin = reloading::<AddDepartmentAdmin>();
    let remove_admin = reloading::<RemoveDepartmentAdmin>();
    let (rename_err, move_err, delete_err, add_err, remove_err) = (
        form_error(rename),
        form_error(move_to),
        form_error(delete),
        form_error(add_admin),
        form_error(remove_admin),
    );
    let all = departments.get_value();
    let parent = dept.parent_id.map(|p| path(&all, p));
    let parent_options = department_options(&all, &rights, &subtree(&all, dept.id));
    let admin_ids: Vec<_> = admins.iter().map(|a| a.user_id).collect();
    let mut member_options = vec![(String::new(), "Choose a member".to_string())];
    member_options.extend(
        members
            .into_iter()
            .filter(|m| !admin_ids.contains(&m.user_id))
            .map(|m| (m.user_id.to_string(), format!("{} ({})", m.name, m.email))),
    );
    let admin_list = if admins.is_empty() {
        view! { <span class="muted">"None"</span> }.into_any()
    } else {
        admins
            .iter()
            .map(|a| view! { <span class="chip">{a.name.clone()}</span> })
            .collect_view()
            .into_any()
    };
    let remove_forms = admins
        .into_iter()
        .map(|a| {
            view! {
                <ActionForm action=remove_admin attr:class="inline-form">
                    <input type="hidden" name="org" value=org.0 />
                    <input type="hidden" name="id" value=dept.id.0 />
                    <input type="hidden" name="user_id" value=a.user_id.0 />
                    <button type="submit" class="button button-small">{format!("Remove {} as admin", a.name)}</button>
                </ActionForm>
            }
        })
        .collect_view();
    let key = dept.id.0;
    let indent = format!("padding-left: {}rem", 0.75 + depth as f64 * 1.5);
    view! {
        <tr>
            <th scope="row" style=indent>
                {dept.name.clone()}
                {parent.map(|p| view! { <span class="muted small">{format!(" in {p}")}</span> })}
            </th>
            <td class="num">{dept.team_count}</td>
            <td>{admin_list}</td>
            <td>
                {(changes || names_admins).then(|| view! {
                <details class="manage">
                    <summary>{format!("Manage {}", dept.name)}</summary>
                    {changes.then(|| view! {
                    <ActionForm action=rename attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=dept.id.0 />
                        <Field label="Department name" id=format!("dept-{key}-name") name="name" value=dept.name.clone() error=rename_err required=true />
                        <FormAlert error=rename_err />
                        <button type="submit" class="button">"Rename department"</button>
                    </ActionForm>
                    <ActionForm action=move_to attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=dept.id.0 />
                        <Select
                            label="Parent department"
                            id=format!("dept-{key}-parent")
                            name="parent_id"
                            options=parent_options
                            selected=dept.parent_id.map(|p| p.to_string()).unwrap_or_default()
                            error=move_err
                        />
                        <FormAlert error=move_err />
                        <button type="submit" class="button">"Move department"</button>
                    </ActionForm>
                    })}
                    {names_admins.then(|| view! {
                    <div class="form">
                        <h3 class="form-section">"Department admins"</h3>
                        {remove_forms}
                        <FormAlert error=remove_err />
                    </div>
                    <ActionForm action=add_admin attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=dept.id.0 />
                        <Select label="Member" id=format!("dept-{key}-admin") name="user_id" options=member_options error=add_err />
                        <FormAlert error=add_err />
                        <button type="submit" class="button">"Add department admin"</button>
                    </ActionForm>
                    })}
                    {changes.then(|| view! {
                    <ActionForm action=delete attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=dept.id.0 />
                        <FormAlert error=delete_err />
                        <button type="submit" class="button button-danger">"Delete department"</button>
                    </ActionForm>
                    })}
                </details>
                })}
            </td>
        </tr>
    }
}

#[component]
fn NewDepartmentForm(
    org: OrgId,
    departments: StoredValue<Vec<Department>>,
    rights: StoredValue<StructureRights>,
) -> impl IntoView {
    let action = reloading::<CreateDepartment>();
    let error = form_error(action);
    let options = department_options(&departments.get_value(), &rights.get_value(), &[]);
    view! {
        <ActionForm action attr:class="form inline-create" attr:aria-label="Add a department">
            <h3 class="form-section">"Add a department"</h3>
            <input type="hidden" name="org" value=org.0 />
            <div class="form-grid">
                <Field label="Department name" id="new-dept-name" name="name" error required=true />
                <Select label="Parent department" id="new-dept-parent" name="parent_id" options error />
            </div>
            <FormAlert error />
            <button type="submit" class="button button-primary">"Add department"</button>
        </ActionForm>
    }
}

#[component]
fn TeamRow(
    org: OrgId,
    team: Team,
    departments: StoredValue<Vec<Department>>,
    others: Vec<crate::domain::structure::OrgChoice>,
    rights: StoredValue<StructureRights>,
    moves_teams: bool,
) -> impl IntoView {
    let rights = rights.get_value();
    let changes = rights.may_change_team(team.department_id);
    let rename = reloading::<RenameTeam>();
    let place = reloading::<PlaceTeam>();
    let move_to = reloading::<AssignTeam>();
    let remove = reloading::<RemoveTeam>();
    let delete = reloading::<DeleteTeam>();
    let (rename_err, place_err, move_err, remove_err, delete_err) = (
        form_error(rename),
        form_error(place),
        form_error(move_to),
        form_error(remove),
        form_error(delete),
    );
    let all = departments.get_value();
    let where_ = team
        .department_id
        .map(|d| path(&all, d))
        .unwrap_or_else(|| "Top level".into());
    let dept_options = department_options(&all, &rights, &[]);
    let mut org_options = vec![(String::new(), "Choose an organization".to_string())];
    org_options.extend(others.into_iter().map(|o| (o.id.to_string(), o.name)));
    let key = team.id.0;
    view! {
        <tr>
            <th scope="row">{team.name.clone()}</th>
            <td>{where_}</td>
            <td class="num">{team.member_count}</td>
            <td>
                {(changes || moves_teams).then(|| view! {
                <details class="manage">
                    <summary>{format!("Manage {}", team.name)}</summary>
                    {changes.then(|| view! {
                    <ActionForm action=rename attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=team.id.0 />
                        <Field label="Team name" id=format!("team-{key}-name") name="name" value=team.name.clone() error=rename_err required=true />
                        <FormAlert error=rename_err />
                        <button type="submit" class="button">"Rename team"</button>
                    </ActionForm>
                    <ActionForm action=place attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=team.id.0 />
                        <Select
                            label="Department"
                            id=format!("team-{key}-department")
                            name="department_id"
                            options=dept_options
                            selected=team.department_id.map(|d| d.to_string()).unwrap_or_default()
                            error=place_err
                        />
                        <FormAlert error=place_err />
                        <button type="submit" class="button">"Place team"</button>
                    </ActionForm>
                    })}
                    {moves_teams.then(|| view! {
                    <ActionForm action=move_to attr:class="form">
                        <p class="hint">
                            "Its people move with it and each needs a seat there. People who were only in this team leave this organization and free their seats."
                        </p>
                        <input type="hidden" name="team_id" value=team.id.0 />
                        <Select label="Move to organization" id=format!("team-{key}-org") name="org" options=org_options error=move_err />
                        <FormAlert error=move_err />
                        <button type="submit" class="button">"Move team"</button>
                    </ActionForm>
                    <ActionForm action=remove attr:class="form">
                        <p class="hint">"The team is kept, without an organization; its people stay members here."</p>
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=team.id.0 />
                        <FormAlert error=remove_err />
                        <button type="submit" class="button">"Remove from organization"</button>
                    </ActionForm>
                    })}
                    {changes.then(|| view! {
                    <ActionForm action=delete attr:class="form">
                        <input type="hidden" name="org" value=org.0 />
                        <input type="hidden" name="id" value=team.id.0 />
                        <FormAlert error=delete_err />
                        <button type="submit" class="button button-danger">"Delete team"</button>
                    </ActionForm>
                    })}
                </details>
                })}
            </td>
        </tr>
    }
}

#[component]
fn NewTeamForm(
    org: OrgId,
    departments: StoredValue<Vec<Department>>,
    rights: StoredValue<StructureRights>,
) -> impl IntoView {
    let action = reloading::<CreateTeam>();
    let error = form_error(action);
    let options = department_options(&departments.get_value(), &rights.get_value(), &[]);
    view! {
        <ActionForm action attr:class="form inline-create" attr:aria-label="Add a team">
            <h3 class="form-section">"Add a team"</h3>
            <input type="hidden" name="org" value=org.0 />
            <div class="form-grid">
                <Field label="Team name" id="new-team-name" name="name" error required=true />
                <Select label="Department" id="new-team-department" name="department_id" options error />
            </div>
            <FormAlert error />
            <button type="submit" class="button button-primary">"Add team"</button>
        </ActionForm>
    }
}

#[component]
fn AssignTeamForm(org: OrgId, other_teams: Vec<crate::domain::structure::TeamChoice>) -> impl IntoView {
    let action = reloading::<AssignTeam>();
    let error = form_error(action);
    let mut options = vec![(String::new(), "Choose a team".to_string())];
    options.extend(other_teams.into_iter().map(|t| {
        let from = t.organization.unwrap_or_else(|| "unassigned".into());
        let people = if t.member_count == 1 {
            "1 person".to_string()
        } else {
            format!("{} people", t.member_count)
        };
        (t.id.to_string(), format!("{} ({from}, {people})", t.name))
    }));
    view! {
        <ActionForm action attr:class="form inline-create" attr:aria-label="Assign a team">
            <h3 class="form-section">"Assign a team"</h3>
            <p class="hint">"Bring in a team without an organization, or one from another organization, with its people."</p>
            <input type="hidden" name="org" value=org.0 />
            <Select label="Team to assign" id="assign-team" name="team_id" options error />
            <FormAlert error />
            <button type="submit" class="button">"Assign team"</button>
        </ActionForm>
    }
}

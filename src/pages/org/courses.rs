//! The Courses tab: assign catalog courses to the whole organization, a department, a team or
//! members, with due dates; list and remove assignments. Also shown in the admin area.

use leptos::prelude::*;

use crate::api::assignments::{get_assign_options, list_assignments, AssignCourses, RemoveAssignment};
use crate::components::await_view::Await;
use crate::components::form::{
    form_error, reloading, Field, FieldError, FormAlert, Reload, Select, TextArea,
};
use crate::domain::assignments::{AssignOptions, AssignmentView};
use crate::domain::format;
use crate::domain::ids::OrgId;
use crate::domain::members::OrgContext;

/// The tab body.
pub fn courses_tab(c: OrgContext) -> AnyView {
    view! { <CourseAssignments org=c.id /> }.into_any()
}

/// Assign form and assignment list of one organization (Courses tab and admin organization page).
#[component]
pub fn CourseAssignments(org: OrgId) -> impl IntoView {
    // Components share their parent's context: on the admin page another section already
    // provides the counter, and a second one would cut that section off from its own forms.
    let reload = use_context::<Reload>().unwrap_or_else(Reload::provide);
    let options = Resource::new(|| (), move |_| get_assign_options(org));
    let list = Resource::new(move || reload.track(), move |_| list_assignments(org));
    let form = move |o: AssignOptions| view! { <AssignCoursesForm org o /> };
    let table = move |rows: Vec<AssignmentView>| assignment_table(org, rows);
    view! {
        <Await resource=options view=form />
        <section class="card" aria-labelledby="assignments-title">
            <h2 id="assignments-title">"Assignments"</h2>
            <p class="muted">
                "A course assigned to the organization reaches every member, now and later; to a department, every team in it and below it. "
                "Removing an assignment ends the access that came only from it; progress already made stays in the reports."
            </p>
            <Await resource=list view=table />
        </section>
    }
}

fn assignment_table(org: OrgId, rows: Vec<AssignmentView>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty">"No courses are assigned yet."</p> }.into_any();
    }
    let lines = rows
        .into_iter()
        .map(|a| view! { <AssignmentLine org a /> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table" aria-label="Assignments">
                <thead>
                    <tr>
                        <th scope="col">"Course"</th>
                        <th scope="col">"Assigned to"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Assigned by"</th>
                        <th scope="col">"Assigned on"</th>
                        <th scope="col">"Remove"</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AssignmentLine(org: OrgId, a: AssignmentView) -> impl IntoView {
    let action = reloading::<RemoveAssignment>();
    let error = form_error(action);
    let target = a.target_label();
    let label = format!("Remove {} from {}", a.course_title, target);
    let remove = if a.removable {
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="id" value=a.id.0 />
                <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
            </ActionForm>
            <FormAlert error />
        }
        .into_any()
    } else {
        view! { <span class="muted">"—"</span> }.into_any()
    };
    let course = format!("{} — {}", a.course_code, a.course_title);
    view! {
        <tr>
            <th scope="row">{course}</th>
            <td>{target}</td>
            <td>{a.due.label()}</td>
            <td>{format::or_dash(&a.assigned_by)}</td>
            <td>{format::date(&a.created_at)}</td>
            <td>{remove}</td>
        </tr>
    }
}

#[component]
fn AssignCoursesForm(org: OrgId, o: AssignOptions) -> impl IntoView {
    let action = reloading::<AssignCourses>();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    let mut levels = Vec::new();
    if o.whole_org {
        levels.push(("organization".to_string(), "Whole organization".to_string()));
    }
    if !o.departments.is_empty() {
        levels.push((
            "department".into(),
            "A department (and everything below it)".into(),
        ));
    }
    levels.push(("team".into(), "A team".into()));
    levels.push(("member".into(), "Individual members".into()));
    let mut departments = vec![(String::new(), "Choose a department".to_string())];
    departments.extend(o.departments.iter().map(|(id, p)| (id.to_string(), p.clone())));
    let mut teams = vec![(String::new(), "Choose a team".to_string())];
    teams.extend(o.teams.iter().map(|(id, n)| (id.to_string(), n.clone())));
    let checks = o
        .courses
        .iter()
        .map(|(id, label)| {
            let (cid, name) = (format!("assign-course-{id}"), format!("form[courses][{id}]"));
            let for_id = cid.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=cid name=name value=id.0 />
                    <span>{label.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="assign-title">
            <h2 id="assign-title">"Assign courses"</h2>
            <ActionForm action attr:class="form" attr:aria-label="Assign courses">
                <input type="hidden" name="org" value=org.0 />
                <fieldset class="checks course-checks">
                    <legend>"Courses"</legend>
                    <p class="hint">"Active catalog courses. Retired courses cannot be newly assigned."</p>
                    {checks}
                    <FieldError error name="courses" />
                </fieldset>
                <div class="form-grid">
                    <Select label="Assign to" id="assign-level" name="form[level]" options=levels error />
                    <Select label="Department" id="assign-department" name="form[department_id]" options=departments error />
                    <Select label="Team" id="assign-team" name="form[team_id]" options=teams error />
                </div>
                <TextArea label="Member emails (for individual members, one per line)" name="form[emails]" error />
                <div class="form-grid">
                    <Field label="Due date" id="assign-due-date" name="form[due_date]" error kind="date"
                        hint="Optional. A fixed date." />
                    <Field label="Due days after access" id="assign-due-days" name="form[due_days]" error kind="number"
                        hint="Optional. Or: this many days after each member gets the course." />
                </div>
                <FormAlert error />
                {move || done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
                <button type="submit" class="button button-primary">"Assign courses"</button>
            </ActionForm>
        </section>
    }
}

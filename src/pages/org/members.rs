//! The Members tab: the filtered member list with its row actions, Add member and Invite members.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::assignments::{get_assign_options, get_member_courses, WhyCantTheySeeIt};
use crate::api::join::{list_join_requests, DecideJoinRequest, JoinRequestRow};
use crate::api::member_tools::{BulkMembers, ImportMembers};
use crate::api::members::{
    list_members, AddMember, ChangeMemberRole, InviteMembers, MoveMemberToTeam, RemoveMember,
    ResendInvitation, RevokeInvitation,
};
use crate::components::await_view::Await;
use crate::components::dialog::FormDialog;
use crate::components::form::{form_error, reloading, Field, FieldError, FormAlert, Reload, Select};
use crate::components::pager::Pager;
use crate::domain::assignments::{AssignOptions, MemberCourses};
use crate::domain::format;
use crate::domain::ids::{OrgId, TeamId, UserId};
use crate::domain::members::{MemberQuery, MemberRow, MemberSort, MemberStatus, OrgContext};
use crate::domain::overview::ACTIVE_WINDOWS;
use crate::domain::role::Role;
use crate::domain::user_admin::Page;
use crate::error::AppError;

/// The tab body.
pub fn members_tab(c: OrgContext) -> AnyView {
    view! { <MembersTab c /> }.into_any()
}

#[component]
fn MembersTab(c: OrgContext) -> impl IntoView {
    let reload = Reload::provide();
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).unwrap_or_default();
    let (q, team, role, status, sort, active) = (
        param("q"),
        param("team"),
        param("role"),
        param("status"),
        param("sort"),
        param("active"),
    );
    let page = move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let org = c.id;
    let current = move || MemberQuery {
        q: q(),
        team: team(),
        role: role(),
        status: status(),
        sort: sort(),
        active: active(),
        page: page(),
    };
    let list = Resource::new(
        move || (current(), reload.track()),
        move |(mq, _)| list_members(org, mq),
    );
    let teams = StoredValue::new(c.teams.clone());
    let slug = StoredValue::new(c.slug.clone());
    let grants = StoredValue::new(c.grants.clone());
    let changes = StoredValue::new(c.changes.clone());
    let csv_on = c.features.feature_csv_export || c.role.is_none();
    let team_options = move |selected: String| {
        teams
            .get_value()
            .into_iter()
            .map(move |(id, name)| {
                let v = id.to_string();
                let is = v == selected;
                view! { <option value=v selected=is>{name}</option> }
            })
            .collect_view()
    };
    let choice = |pairs: Vec<(&'static str, &'static str)>, current: String| {
        pairs
            .into_iter()
            .map(move |(v, l)| view! { <option value=v selected=v == current>{l}</option> })
            .collect_view()
    };
    let table = move |p: Page<MemberRow>| {
        member_table(
            p,
            org,
            current(),
            slug.get_value(),
            teams.get_value(),
            (grants.get_value(), changes.get_value()),
            csv_on,
        )
    };
    let member = move || {
        query
            .read()
            .get("member")
            .and_then(|v| v.parse::<i64>().ok())
            .map(UserId)
    };
    let member_courses = Resource::new(member, move |m| async move {
        match m {
            Some(u) => get_member_courses(org, u).await.map(|c| Some((u, c))),
            None => Ok(None),
        }
    });
    let all_courses = Resource::new(|| (), move |_| get_assign_options(org));
    let panel = move |found: Option<(UserId, MemberCourses)>| {
        let inner = found.map(|(user, mc)| view! { <MemberCoursesPanel org user mc all_courses /> });
        view! { <div class="member-courses-slot">{inner}</div> }
    };
    let actions = (!c.read_only).then(|| {
        let (add_teams, add_grants) = (c.teams.clone(), c.grants.clone());
        let (invite_teams, invite_grants) = (c.teams.clone(), c.grants.clone());
        let whole_org = c.whole_org;
        view! {
            <div class="member-actions">
                <FormDialog opener="Add member…" title="Add member">
                    <AddMemberForm org teams=add_teams grants=add_grants whole_org />
                </FormDialog>
                <FormDialog opener="Invite members…" title="Invite members">
                    <InviteForm org teams=invite_teams grants=invite_grants whole_org />
                </FormDialog>
                <FormDialog opener="Import CSV…" title="Import CSV">
                    <ImportForm org />
                </FormDialog>
            </div>
        }
    });
    view! {
        <Await resource=member_courses view=panel />
        // The list comes first; adding, inviting and importing open in dialogs beside it.
        {actions}
        <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">"Members"</h2>
            <Form method="GET" action="" attr:class="filters">
                <div class="field">
                    <label for="member-search">"Search members"</label>
                    <input id="member-search" type="search" name="q" prop:value=q placeholder="Name or email" />
                </div>
                <div class="field">
                    <label for="member-team">"Team"</label>
                    <select id="member-team" name="team">
                        <option value="">"All teams"</option>
                        {move || team_options(team())}
                    </select>
                </div>
                <div class="field">
                    <label for="member-role">"Role"</label>
                    <select id="member-role" name="role">
                        {move || choice(
                            vec![("", "All roles"), ("owner", "Owner"), ("org_admin", "Organization admin"),
                                 ("department_admin", "Department admin"), ("manager", "Manager"), ("member", "Member")],
                            role(),
                        )}
                    </select>
                </div>
                <div class="field">
                    <label for="member-status">"Status"</label>
                    <select id="member-status" name="status">
                        {move || choice(
                            vec![("", "All statuses"), ("active", "Active"), ("invited", "Invited"), ("removed", "Removed")],
                            status(),
                        )}
                    </select>
                </div>
                <div class="field">
                    <label for="member-active">"Last active"</label>
                    <select id="member-active" name="active">
                        {move || {
                            let now = active();
                            let mut pairs = vec![("".to_string(), "Any time".to_string())];
                            pairs.extend(ACTIVE_WINDOWS.map(|d| (d.to_string(), format!("In the last {d} days"))));
                            if !now.is_empty() && !pairs.iter().any(|(v, _)| *v == now) {
                                pairs.push((now.clone(), format!("In the last {now} days")));
                            }
                            pairs
                                .into_iter()
                                .map(|(v, l)| {
                                    let is = v == now;
                                    view! { <option value=v selected=is>{l}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="member-sort">"Sort by"</label>
                    <select id="member-sort" name="sort">
                        {move || {
                            let current = MemberSort::parse(&sort());
                            MemberSort::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.as_str() selected=s == current>{s.label()}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <button type="submit" class="button">"Filter"</button>
            </Form>
            {(!c.read_only).then(|| view! { <BulkForm org teams=c.teams.clone() grants=c.grants.clone() /> })}
            <Await resource=list view=table />
        </section>
        <JoinRequests org />
    }
}

/// A member's effective courses with their sources, and the "Why can't they see it?" check.
#[component]
fn MemberCoursesPanel(
    org: OrgId,
    user: UserId,
    mc: MemberCourses,
    all_courses: Resource<Result<AssignOptions, AppError>>,
) -> impl IntoView {
    let title = format!("Courses of {}", mc.name);
    let rows = mc
        .courses
        .into_iter()
        .map(|c| {
            let access = match &c.blocked {
                None => "Can open".to_string(),
                Some(b) => format!("History only: {}", b.label()),
            };
            view! {
                <tr>
                    <th scope="row">{c.title.clone()}</th>
                    <td>{c.sources_label()}</td>
                    <td>{c.due_date.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{access}</td>
                </tr>
            }
        })
        .collect_view();
    let why = ServerAction::<WhyCantTheySeeIt>::new();
    let error = form_error(why);
    let answer = move || why.value().get().and_then(Result::ok);
    let choices = move |o: AssignOptions| {
        let mut options = vec![(String::new(), "Choose a course".to_string())];
        options.extend(o.all_courses.into_iter().map(|(id, t)| (id.to_string(), t)));
        view! { <div class="why-course"><Select label="Course" id="why-course" name="course" options error /></div> }
    };
    view! {
        <section class="card" id="member-courses" aria-labelledby="member-courses-title">
            <h2 id="member-courses-title">{title.clone()}</h2>
            <div class="table-wrap">
                <table class="data-table" aria-label=title>
                    <thead>
                        <tr>
                            <th scope="col">"Course"</th>
                            <th scope="col">"Comes from"</th>
                            <th scope="col">"Due"</th>
                            <th scope="col">"Access"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>"Why can't they see it?"</h3>
            <ActionForm action=why attr:class="form" attr:aria-label="Why can't they see it?">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="user_id" value=user.0 />
                <Await resource=all_courses view=choices />
                <FormAlert error />
                {move || answer().map(|a| view! { <p class="notice" role="status">{a}</p> })}
                <button type="submit" class="button">"Check"</button>
            </ActionForm>
        </section>
    }
}

fn export_href(slug: &str, q: &MemberQuery) -> String {
    format!("/orgs/{slug}/members.csv{}", format::query(&q.filter_pairs()))
}

#[component]
fn BulkForm(org: OrgId, teams: Vec<(TeamId, String)>, grants: Vec<Role>) -> impl IntoView {
    let action = reloading::<BulkMembers>();
    let error = form_error(action);
    let done = move || action.value().get().and_then(Result::ok);
    let mut actions = vec![
        ("remove".to_string(), "Remove selected members".to_string()),
        ("move".to_string(), "Move selected to team".to_string()),
    ];
    if grants.len() > 1 {
        actions.push(("role".into(), "Change role of selected".into()));
    }
    actions.push(("resend".into(), "Resend selected invitations".into()));
    let mut team_options = vec![(String::new(), "Choose a team".to_string())];
    team_options.extend(teams.into_iter().map(|(id, n)| (id.to_string(), n)));
    view! {
        <ActionForm action attr:id="bulk-form" attr:class="form bulk-form" attr:aria-label="Bulk actions">
            <input type="hidden" name="org" value=org.0 />
            <div class="form-grid">
                <Select label="With the selected rows" id="bulk-action" name="form[action]" options=actions error />
                <Select label="Team for moving" id="bulk-team" name="form[team_id]" options=team_options error />
                <Select label="Role for changing" id="bulk-role" name="form[role]" options=role_options(&grants) error />
            </div>
            <FormAlert error />
            {move || done().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <button type="submit" class="button">"Apply to selected"</button>
        </ActionForm>
    }
}

#[component]
fn JoinRequests(org: OrgId) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let requests = Resource::new(move || reload.track(), move |_| list_join_requests(org));
    // Always one element at the root: an empty Option there trips hydration inside the Await.
    let view = move |rows: Vec<JoinRequestRow>| {
        let inner = (!rows.is_empty()).then(|| {
            let items = rows
                .into_iter()
                .map(|r| view! { <JoinRequestLine org r /> })
                .collect_view();
            view! {
                <section class="card" id="join-requests" aria-labelledby="join-requests-title">
                    <h2 id="join-requests-title">"Join requests"</h2>
                    <p class="muted">"People who asked to join through the join page. Approving takes a seat."</p>
                    <ul class="plain-list">{items}</ul>
                </section>
            }
        });
        view! { <div class="join-requests">{inner}</div> }
    };
    view! { <Await resource=requests view /> }
}

#[component]
fn JoinRequestLine(org: OrgId, r: JoinRequestRow) -> impl IntoView {
    let action = reloading::<DecideJoinRequest>();
    let error = form_error(action);
    let who = format!("{} ({})", r.name, r.email);
    let (approve, reject) = (format!("Approve {}", r.name), format!("Reject {}", r.name));
    view! {
        <li>
            <span>{who}</span>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="id" value=r.id />
                <input type="hidden" name="decision" value="approve" />
                <button type="submit" class="button button-small" aria-label=approve>"Approve"</button>
            </ActionForm>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="id" value=r.id />
                <input type="hidden" name="decision" value="reject" />
                <button type="submit" class="button button-small" aria-label=reject>"Reject"</button>
            </ActionForm>
            <FormAlert error />
        </li>
    }
}

#[component]
fn ImportForm(org: OrgId) -> impl IntoView {
    let action = reloading::<ImportMembers>();
    let error = form_error(action);
    let pending = action.pending();
    // The rows to import: typed or pasted, or read from a chosen file into the same field.
    let text = RwSignal::new(String::new());
    let rows = move || text.with(|t| t.lines().skip(1).filter(|l| !l.trim().is_empty()).count());
    let choose = move |ev: leptos::ev::Event| read_file_into(ev, text);
    let report = move || {
        action.value().get().and_then(Result::ok).map(|rows| {
            let count = |k: &str| rows.iter().filter(|r| r.outcome == k).count();
            let summary = format!(
                "{} added, {} invited, {} skipped, {} rejected.",
                count("added"),
                count("invited"),
                count("skipped"),
                count("rejected")
            );
            let lines = rows
                .into_iter()
                .map(|r| {
                    let badge = format!("badge badge-{}", r.outcome);
                    view! {
                        <tr>
                            <td class="num">{r.line}</td>
                            <th scope="row">{r.email}</th>
                            <td><span class=badge>{r.outcome}</span></td>
                            <td>{format::or_dash(&r.detail)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="notice" role="status">{summary}</p>
                <div class="table-wrap">
                    <table class="data-table" aria-label="Import result">
                        <thead>
                            <tr>
                                <th scope="col" class="num">"Line"</th>
                                <th scope="col">"Email"</th>
                                <th scope="col">"Result"</th>
                                <th scope="col">"Reason"</th>
                            </tr>
                        </thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">"Import CSV"</h2>
            <p class="muted">
                "Columns name, email, role, team (role and team may be left out). People with an account are added; new people are invited. Every row is checked first, and the whole import is one step."
            </p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="field">
                    <label for="import-file">"CSV file"</label>
                    <p class="hint" id="import-file-hint">"Choose a .csv file, or paste its rows below."</p>
                    <input id="import-file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="import-file-hint" on:change=choose />
                </div>
                <div class="field">
                    <label for="import-csv">"CSV rows"</label>
                    <p class="hint" id="import-csv-hint">"The file's contents, header line first."</p>
                    <textarea id="import-csv" name="csv" rows="6" aria-describedby="import-csv-hint"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <FieldError error name="csv" />
                </div>
                <p class="muted">{move || match rows() { 0 => String::new(), 1 => "1 row to import.".to_string(), n => format!("{n} rows to import.") }}</p>
                <FormAlert error />
                {move || pending.get().then(|| {
                    let n = rows();
                    // A big import is one transaction on the server: the bar says it is under way.
                    let label = format!("Importing {n} rows: every row is checked first, then all are written in one step.");
                    view! {
                        <div role="status" class="loading">
                            <p>{label.clone()}</p>
                            {(n > 500).then(|| view! { <progress aria-label=label></progress> })}
                        </div>
                    }
                })}
                {report}
                <button type="submit" class="button button-primary" disabled=move || pending.get()>"Import"</button>
            </ActionForm>
        </section>
    }
}

/// Reads the file chosen in `ev`'s input into `text` (in the browser; on the server nothing runs).
fn read_file_into(ev: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let done = reader.clone();
        let onload = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = done.result().ok().and_then(|r| r.as_string()) {
                text.set(s);
            }
        });
        reader.set_onload(Some(onload.as_ref().unchecked_ref()));
        onload.forget();
        let _ = reader.read_as_text(&file);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, text);
}

fn member_table(
    p: Page<MemberRow>,
    org: OrgId,
    q: MemberQuery,
    slug: String,
    teams: Vec<(TeamId, String)>,
    (grants, changes): (Vec<Role>, Vec<Role>),
    csv_on: bool,
) -> AnyView {
    if p.items.is_empty() {
        return view! { <p class="empty">"No members match these filters."</p> }.into_any();
    }
    let (n, pages, total) = (p.page, p.pages(), p.total);
    let export = export_href(&slug, &q);
    let rows = p
        .items
        .into_iter()
        .map(|m| view! { <MemberLine org m teams=teams.clone() grants=grants.clone() changes=changes.clone() /> })
        .collect_view();
    let href = move |page: i64| {
        let mut pairs = q.filter_pairs();
        pairs.push(("page", page.to_string()));
        format!("/orgs/{slug}/members{}", format::query(&pairs))
    };
    view! {
        <div class="list-tools">
            <p class="muted">{format!("{total} people")}</p>
            {csv_on.then(|| view! { <a class="button" rel="external" download="" href=export>"Export CSV"</a> })}
        </div>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Teams"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Joined"</th>
                        <th scope="col">"Last active"</th>
                        <th scope="col">"Courses"</th>
                        <th scope="col">"Manage"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=n pages total href />
    }
    .into_any()
}

#[component]
fn MemberLine(
    org: OrgId,
    m: MemberRow,
    teams: Vec<(TeamId, String)>,
    grants: Vec<Role>,
    changes: Vec<Role>,
) -> impl IntoView {
    let display = if m.name.is_empty() {
        m.email.clone()
    } else {
        m.name.clone()
    };
    let team_text = if m.teams.is_empty() {
        "—".to_string()
    } else {
        m.teams
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let badge = format!("badge badge-{}", m.status.as_str());
    let status = if m.status == MemberStatus::Invited && m.expired {
        "Invited (expired)".to_string()
    } else {
        m.status.label().to_string()
    };
    let actions = match (m.status, m.invitation_id, m.user_id) {
        (MemberStatus::Invited, Some(id), _) => {
            view! { <InvitationActions org id email=m.email.clone() /> }.into_any()
        }
        (MemberStatus::Active, None, Some(_)) if changes.contains(&m.role) => {
            view! { <MemberActions org m=m.clone() name=display.clone() teams grants /> }.into_any()
        }
        _ => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let select = match (m.status, m.invitation_id, m.user_id) {
        (MemberStatus::Invited, Some(id), _) => Some((format!("form[invitations][{id}]"), id)),
        (MemberStatus::Active, None, Some(u)) if changes.contains(&m.role) => {
            Some((format!("form[users][{}]", u.0), u.0))
        }
        _ => None,
    };
    let select_label = format!("Select {display}");
    let courses = match (m.invitation_id, m.user_id) {
        (None, Some(u)) => {
            let label = format!("Courses of {display}");
            view! { <a href=format!("?member={}#member-courses", u.0) aria-label=label>"Courses"</a> }
                .into_any()
        }
        _ => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <td class="select-cell">
                {select.map(|(name, value)| view! {
                    <input type="checkbox" form="bulk-form" name=name value=value aria-label=select_label.clone() />
                })}
            </td>
            <th scope="row">{display}</th>
            <td>{m.email.clone()}</td>
            <td>{m.role.label()}</td>
            <td>{team_text}</td>
            <td><span class=badge>{status}</span></td>
            <td>{m.joined_at.as_deref().map(format::date).unwrap_or_else(|| "—".into())}</td>
            <td>{m.last_active_at.as_deref().map(format::date).unwrap_or_else(|| "Never".into())}</td>
            <td>{courses}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
fn InvitationActions(org: OrgId, id: i64, email: String) -> impl IntoView {
    let resend = reloading::<ResendInvitation>();
    let revoke = reloading::<RevokeInvitation>();
    let (resend_err, revoke_err) = (form_error(resend), form_error(revoke));
    let resent = move || matches!(resend.value().get(), Some(Ok(())));
    let resend_label = format!("Resend invitation to {email}");
    let revoke_label = format!("Revoke invitation to {email}");
    view! {
        <div class="row-actions">
            <ActionForm action=resend>
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button button-small" aria-label=resend_label>
                    "Resend invitation"
                </button>
            </ActionForm>
            <ActionForm action=revoke>
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button button-small" aria-label=revoke_label>
                    "Revoke invitation"
                </button>
            </ActionForm>
        </div>
        {move || resent().then(|| view! { <p class="notice" role="status">"Invitation sent again."</p> })}
        <FormAlert error=resend_err />
        <FormAlert error=revoke_err />
    }
}

#[component]
fn MemberActions(
    org: OrgId,
    m: MemberRow,
    name: String,
    teams: Vec<(TeamId, String)>,
    grants: Vec<Role>,
) -> impl IntoView {
    let role = reloading::<ChangeMemberRole>();
    let move_to = reloading::<MoveMemberToTeam>();
    let remove = reloading::<RemoveMember>();
    let (role_err, move_err, remove_err) = (form_error(role), form_error(move_to), form_error(remove));
    let user = m.user_id.map(|u| u.0).unwrap_or_default();
    let key = user;
    let note = m.role.is_per_department().then(|| {
        view! { <p class="hint">"A new role takes away the departments they administer."</p> }
    });
    let role_form = (grants.len() > 1).then(|| {
        view! {
            <ActionForm action=role attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="user_id" value=user />
                {note}
                <Select
                    label="Role"
                    id=format!("member-{key}-role")
                    name="role"
                    options=role_options(&grants)
                    selected=m.role.as_str().to_string()
                    error=role_err
                />
                <FormAlert error=role_err />
                <button type="submit" class="button">"Change role"</button>
            </ActionForm>
        }
    });
    let mut team_options = vec![(String::new(), "Choose a team".to_string())];
    team_options.extend(teams.iter().map(|(id, n)| (id.to_string(), n.clone())));
    view! {
        <details class="manage">
            <summary>{format!("Manage {name}")}</summary>
            {role_form}
            <ActionForm action=move_to attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="user_id" value=user />
                <Select label="Move to team" id=format!("member-{key}-team") name="team_id" options=team_options error=move_err />
                <FormAlert error=move_err />
                <button type="submit" class="button">"Move to team"</button>
            </ActionForm>
            <ActionForm action=remove attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <input type="hidden" name="user_id" value=user />
                <fieldset class="checks">
                    <legend>"Their progress history"</legend>
                    <div class="field field-check">
                        <input id=format!("member-{key}-keep") type="radio" name="history" value="keep" checked=true />
                        <label for=format!("member-{key}-keep")>"Keep it in reports"</label>
                    </div>
                    <div class="field field-check">
                        <input id=format!("member-{key}-erase") type="radio" name="history" value="erase" />
                        <label for=format!("member-{key}-erase")>"Erase it"</label>
                    </div>
                </fieldset>
                <FormAlert error=remove_err />
                <button type="submit" class="button button-danger">"Remove member"</button>
            </ActionForm>
        </details>
    }
}

fn team_checks(prefix: &'static str, teams: &[(TeamId, String)]) -> impl IntoView {
    teams
        .iter()
        .map(|(id, name)| {
            let input_id = format!("{prefix}-team-{id}");
            view! {
                <div class="field field-check">
                    <input id=input_id.clone() type="checkbox" name=format!("form[teams][{}]", id.0) value=id.0 />
                    <label for=input_id>{name.clone()}</label>
                </div>
            }
        })
        .collect_view()
}

/// (value, label) of the roles the viewer may give.
fn role_options(grants: &[Role]) -> Vec<(String, String)> {
    grants
        .iter()
        .map(|r| (r.as_str().to_string(), r.label().to_string()))
        .collect()
}

#[component]
fn AddMemberForm(
    org: OrgId,
    teams: Vec<(TeamId, String)>,
    grants: Vec<Role>,
    whole_org: bool,
) -> impl IntoView {
    let action = reloading::<AddMember>();
    let error = form_error(action);
    let added = move || matches!(action.value().get(), Some(Ok(())));
    let hint = if whole_org {
        "Optional: the teams they join."
    } else {
        "Choose at least one of your teams."
    };
    view! {
        <section class="card" aria-labelledby="add-member-title">
            <h2 id="add-member-title">"Add member"</h2>
            <p class="muted">"Adds someone straight away and takes one seat. Someone new gets a link to set their password."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="form-grid">
                    <Field label="Name" id="add-name" name="form[name]" error required=true />
                    <Field label="Email" id="add-email" name="form[email]" error kind="email" required=true />
                    <Select label="Role" id="add-role" name="form[role]" options=role_options(&grants) error />
                </div>
                <fieldset class="checks">
                    <legend>"Teams"</legend>
                    <p class="hint">{hint}</p>
                    {team_checks("add", &teams)}
                </fieldset>
                <FormAlert error />
                {move || added().then(|| view! { <p class="notice" role="status">"Member added."</p> })}
                <button type="submit" class="button button-primary">"Add member"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn InviteForm(org: OrgId, teams: Vec<(TeamId, String)>, grants: Vec<Role>, whole_org: bool) -> impl IntoView {
    let action = reloading::<InviteMembers>();
    let error = form_error(action);
    let mut team_options = vec![(
        String::new(),
        if whole_org { "No team" } else { "Choose a team" }.to_string(),
    )];
    team_options.extend(teams.iter().map(|(id, n)| (id.to_string(), n.clone())));
    let result = move || {
        action.value().get().and_then(Result::ok).map(|r| {
            let invited = if r.invited.is_empty() {
                "Nobody new was invited.".to_string()
            } else {
                format!("Invited {}: {}.", r.invited.len(), r.invited.join(", "))
            };
            let skipped = (!r.skipped.is_empty()).then(|| {
                let list = r
                    .skipped
                    .iter()
                    .map(|(e, why)| format!("{e} ({why})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(" Skipped: {list}.")
            });
            view! { <p class="notice" role="status">{invited}{skipped}</p> }
        })
    };
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite members"</h2>
            <p class="muted">"Each invitation holds a seat until it is accepted, revoked or expires."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="field">
                    <label for="invite-emails">"Email addresses"</label>
                    <p class="hint" id="invite-emails-hint">"One per line, or separated by commas."</p>
                    <textarea id="invite-emails" name="emails" rows="4" aria-describedby="invite-emails-hint"></textarea>
                    <FieldError error name="emails" />
                </div>
                <div class="form-grid">
                    <Select label="Role" id="invite-role" name="role" options=role_options(&grants) error />
                    <Select label="Team" id="invite-team" name="team" options=team_options error />
                </div>
                <FormAlert error />
                {result}
                <button type="submit" class="button button-primary">"Send invitations"</button>
            </ActionForm>
        </section>
    }
}

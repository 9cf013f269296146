//! Admin > Organizations: the filtered list, the add / edit form, status and deletion.

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminPage;
use crate::api::org_admin::{
    get_org_detail, list_type_defaults, search_orgs, DeleteOrg, SaveOrg, SetOrgStatus,
};
use crate::api::seat_benefits::{get_org_seat_benefits, SaveOrgSeatBenefits};
use crate::components::await_view::Await;
use crate::components::form::{form_error, Field, FieldError, FormAlert, Select, TextArea};
use crate::components::pager::Pager;
use crate::components::structure::OrgStructureSection;
use crate::domain::format;
use crate::domain::ids::OrgId;
use crate::domain::org::{OrgStatus, OrgSummary};
use crate::domain::org_admin::{OrgDetail, OrgForm, OrgSort, TypeDefaults};
use crate::domain::org_type::BenefitRole;
use crate::domain::org_type::{MembershipPolicy, Visibility};
use crate::domain::seat_benefits::OrgSeatBenefits;
use crate::domain::user_admin::Page;
use crate::error::AppError;
use crate::pages::org::courses::CourseAssignments;

/// `/admin/organizations`.
#[component]
pub fn AdminOrgsPage() -> impl IntoView {
    view! {
        <AdminPage title="Organizations">
            <OrgList />
        </AdminPage>
    }
}

#[component]
fn OrgList() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &'static str| move || query.read().get(k).unwrap_or_default();
    let (search, type_id, status, sort) = (param("q"), param("type"), param("status"), param("sort"));
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    let orgs = Resource::new(
        move || (search(), type_id(), status(), sort(), page()),
        |(q, t, s, o, p)| search_orgs(q, t, s, o, p),
    );
    let types = Resource::new(|| (), |_| list_type_defaults());
    let deleted = move || query.read().get("deleted").is_some();
    let type_options = move || {
        let current = type_id();
        types
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(move |t| {
                let value = t.id.to_string();
                let selected = value == current;
                view! { <option value=value selected=selected>{t.name}</option> }
            })
            .collect_view()
    };
    let status_options = [
        ("", "All statuses"),
        ("active", "Active"),
        ("expired", "Expired"),
        ("suspended", "Suspended"),
        ("archived", "Archived"),
    ]
    .into_iter()
    .map(|(v, l)| view! { <option value=v selected=move || status() == v>{l}</option> })
    .collect_view();
    let sort_options = OrgSort::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=move || OrgSort::parse(&sort()) == s>{s.label()}</option> })
        .collect_view();
    let table = move |p: Page<OrgSummary>| {
        let filters = (search(), type_id(), status(), sort());
        org_table(p, filters)
    };
    view! {
            <div class="page-head page-head-actions">
                <div>
                    <h1>"Organizations"</h1>
                    <p class="muted">"Every customer organization, with its seats and expiry."</p>
                </div>
                <a class="button button-primary" href="/admin/organizations/new">"Add new"</a>
            </div>
            {move || deleted().then(|| view! { <p class="notice" role="status">"Organization deleted."</p> })}
            <Form method="GET" action="" attr:class="filters">
                <div class="field">
                    <label for="org-search">"Search organizations"</label>
                    <input id="org-search" type="search" name="q" prop:value=search placeholder="Name or owner email" />
                </div>
                <div class="field">
                    <label for="org-type">"Type"</label>
                    <select id="org-type" name="type">
                        <option value="">"All types"</option>
                        <Transition fallback=|| ()>{type_options}</Transition>
                    </select>
                </div>
                <div class="field">
                    <label for="org-status">"Status"</label>
                    <select id="org-status" name="status">{status_options}</select>
                </div>
                <div class="field">
                    <label for="org-sort">"Sort by"</label>
                    <select id="org-sort" name="sort">{sort_options}</select>
                </div>
                <button type="submit" class="button">"Filter"</button>
            </Form>
            <Await resource=orgs view=table />
    }
}

fn org_table(page: Page<OrgSummary>, (q, t, s, o): (String, String, String, String)) -> AnyView {
    if page.items.is_empty() {
        return view! { <p class="empty">"No organizations match these filters."</p> }.into_any();
    }
    let (n, pages, total) = (page.page, page.pages(), page.total);
    let rows = page
        .items
        .into_iter()
        .map(|org| {
            let badge = format!("badge badge-{}", org.status.label().to_lowercase());
            view! {
                <tr>
                    <th scope="row"><A href=format!("/admin/organizations/{}", org.id)>{org.name}</A></th>
                    <td>{org.type_name.unwrap_or_else(|| "—".into())}</td>
                    <td>{org.owner_email}</td>
                    <td><span class=badge>{org.status.label()}</span></td>
                    <td class="num">{format!("{} / {}", org.seats_used, org.seat_count)}</td>
                    <td>{format::expiry(org.expires_at.as_deref())}</td>
                </tr>
            }
        })
        .collect_view();
    let href = move |p: i64| {
        format!(
            "/admin/organizations{}",
            format::query(&[
                ("q", q.clone()),
                ("type", t.clone()),
                ("status", s.clone()),
                ("sort", o.clone()),
                ("page", p.to_string())
            ])
        )
    };
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Seats used / total"</th>
                        <th scope="col">"Expires"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=n pages total href />
    }
    .into_any()
}

/// `/admin/organizations/new`.
#[component]
pub fn AdminNewOrgPage() -> impl IntoView {
    let types = Resource::new(|| (), |_| list_type_defaults());
    let editor = |types: Vec<TypeDefaults>| {
        let form = OrgForm {
            seat_count: "10".into(),
            visibility: "private".into(),
            membership_policy: "invite_only".into(),
            ..Default::default()
        };
        view! { <OrgEditor id=None form types /> }
    };
    view! {
        <AdminPage title="Add organization">
            <p class="breadcrumb"><A href="/admin/organizations">"Organizations"</A></p>
            <h1>"Add organization"</h1>
            <Await resource=types view=editor />
        </AdminPage>
    }
}

/// `/admin/organizations/{id}`.
#[component]
pub fn AdminOrgPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(OrgId)
    };
    let status_action = ServerAction::<SetOrgStatus>::new();
    let data = Resource::new(
        move || (id(), status_action.version().get()),
        |(id, _)| async move {
            let id = id.ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((get_org_detail(id).await?, list_type_defaults().await?))
        },
    );
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let page = move |(org, types): (OrgDetail, Vec<TypeDefaults>)| {
        let form = OrgForm::from(&org);
        let badge = format!("badge badge-{}", org.status.label().to_lowercase());
        view! {
            <div class="page-head">
                <h1>{org.name.clone()}</h1>
                <p>
                    <span class=badge>{org.status.label()}</span>
                    {format!(" · {} of {} seats used · /{}", org.seats_used, org.seat_count, org.slug)}
                </p>
            </div>
            {saved().then(|| view! { <p class="notice" role="status">"Organization saved."</p> })}
            <OrgEditor id=Some(org.id) form types />
            <PlanFeaturesSection org=org.id />
            <OrgStructureSection org=org.id />
            <SeatBenefitsSection org=org.id />
            <CourseAssignments org=org.id />
            <OrgStatusPanel org=org.clone() action=status_action />
            <DeleteOrgPanel org />
        }
    };
    view! {
        <AdminPage title="Organization">
            <p class="breadcrumb"><A href="/admin/organizations">"Organizations"</A></p>
            <Await resource=data view=page />
        </AdminPage>
    }
}

#[component]
fn OrgEditor(id: Option<OrgId>, form: OrgForm, types: Vec<TypeDefaults>) -> impl IntoView {
    let action = ServerAction::<SaveOrg>::new();
    let error = form_error(action);
    let visibility = RwSignal::new(form.visibility.clone());
    let policy = RwSignal::new(form.membership_policy.clone());
    let expires = RwSignal::new(form.expires_at.clone());
    let type_list = StoredValue::new(types.clone());
    // Choosing a type copies its defaults in; they stay editable.
    let on_type = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(t) = type_list.read_value().iter().find(|t| t.id.to_string() == chosen) {
            visibility.set(t.visibility.as_str().to_string());
            policy.set(t.membership_policy.as_str().to_string());
            expires.set(t.expires_on.clone().unwrap_or_default());
        }
    };
    let type_options = types
        .iter()
        .map(|t| {
            let value = t.id.to_string();
            let selected = value == form.type_id;
            view! { <option value=value selected=selected>{t.name.clone()}</option> }
        })
        .collect_view();
    let choice_options = |options: Vec<(String, String)>, signal: RwSignal<String>| {
        options
            .into_iter()
            .map(move |(value, label)| {
                let v = value.clone();
                view! { <option value=value selected=move || signal.get() == v>{label}</option> }
            })
            .collect_view()
    };
    let submit = if id.is_some() {
        "Save organization"
    } else {
        "Create organization"
    };
    view! {
        <ActionForm action attr:class="form card">
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            <FormAlert error />
            <h2 class="form-section">"Organization"</h2>
            <div class="form-grid">
                <Field label="Name" name="form[name]" value=form.name error required=true />
                <Field label="Industry" name="form[industry]" value=form.industry error />
                <Field label="Website" name="form[website]" value=form.website error kind="url" hint="Like https://www.example.com" />
            </div>
            <TextArea label="Description" name="form[description]" value=form.description error />
            <h2 class="form-section">"Owner and contact"</h2>
            <div class="form-grid">
                <Field label="Owner email" name="form[owner_email]" value=form.owner_email error kind="email" required=true />
                <Field
                    label="Owner name"
                    name="form[owner_name]"
                    value=form.owner_name
                    error
                    hint="Needed only for someone without an account: they get a link to set their password."
                />
                <Field label="Contact name" name="form[contact_name]" value=form.contact_name error />
                <Field label="Contact email" name="form[contact_email]" value=form.contact_email error kind="email" />
                <Field label="Contact phone" name="form[contact_phone]" value=form.contact_phone error kind="tel" />
            </div>
            <TextArea label="Address" name="form[address]" value=form.address error />
            <h2 class="form-section">"Plan and access"</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="field-type_id">"Organization type"</label>
                    <select id="field-type_id" name="form[type_id]" on:change=on_type>
                        <option value="">"No type"</option>
                        {type_options}
                    </select>
                    <FieldError error name="type_id" />
                </div>
                <Field label="Seat count" name="form[seat_count]" value=form.seat_count error kind="number" min="0" required=true />
                <div class="field">
                    <label for="field-expires_at">"Expires at"</label>
                    <p class="hint">"Leave empty for an organization that never expires."</p>
                    <input id="field-expires_at" type="date" name="form[expires_at]" prop:value=move || expires.get()
                        on:input=move |ev| expires.set(event_target_value(&ev)) />
                    <FieldError error name="expires_at" />
                </div>
                <div class="field">
                    <label for="field-visibility">"Visibility"</label>
                    <select id="field-visibility" name="form[visibility]" prop:value=move || visibility.get()
                        on:change=move |ev| visibility.set(event_target_value(&ev))>
                        {choice_options(Visibility::options(), visibility)}
                    </select>
                    <FieldError error name="visibility" />
                </div>
                <div class="field">
                    <label for="field-membership_policy">"Membership policy"</label>
                    <select id="field-membership_policy" name="form[membership_policy]" prop:value=move || policy.get()
                        on:change=move |ev| policy.set(event_target_value(&ev))>
                        {choice_options(MembershipPolicy::options(), policy)}
                    </select>
                    <FieldError error name="membership_policy" />
                </div>
                <Field
                    label="Auto-join email domains"
                    name="form[auto_join_domains]"
                    value=form.auto_join_domains
                    error
                    hint="People with these email domains may join by themselves, like example.com."
                />
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{submit}</button>
                <a class="button" href="/admin/organizations">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn OrgStatusPanel(org: OrgDetail, action: ServerAction<SetOrgStatus>) -> impl IntoView {
    let error = form_error(action);
    let buttons: Vec<(&str, &str)> = match org.stored_status.as_str() {
        "suspended" => vec![("active", "Reactivate"), ("archived", "Archive")],
        "archived" => vec![("active", "Reactivate")],
        _ => vec![("suspended", "Suspend"), ("archived", "Archive")],
    };
    let explain = match org.status {
        OrgStatus::Active => "Active: members have access.",
        OrgStatus::Expired => "Expired: members have no access until the expiry date is moved.",
        OrgStatus::Suspended => "Suspended: members have no access; all data is kept.",
        OrgStatus::Archived => "Archived: kept as history; members have no access.",
    };
    let forms = buttons
        .into_iter()
        .map(|(status, label)| {
            view! {
                <ActionForm action>
                    <input type="hidden" name="id" value=org.id.0 />
                    <input type="hidden" name="status" value=status />
                    <button type="submit" class="button">{label}</button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="org-status-title">
            <h2 id="org-status-title">"Status"</h2>
            <p class="muted">{explain}</p>
            <FormAlert error />
            <div class="form-actions">{forms}</div>
        </section>
    }
}

#[component]
fn DeleteOrgPanel(org: OrgDetail) -> impl IntoView {
    let action = ServerAction::<DeleteOrg>::new();
    let error = form_error(action);
    view! {
        <section class="card danger-zone" aria-labelledby="delete-org-title">
            <h2 id="delete-org-title">"Delete organization"</h2>
            <p class="muted">
                "Deletes its memberships, departments and progress. People keep their accounts; its teams are kept, unassigned. This cannot be undone."
            </p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="id" value=org.id.0 />
                <FormAlert error />
                <Field label=DELETE_LABEL name="confirm_name" error />
                <div class="form-actions">
                    <button type="submit" class="button button-danger">"Delete organization"</button>
                </div>
            </ActionForm>
            <p class="hint">{format!("Type {} to confirm.", org.name)}</p>
        </section>
    }
}

const DELETE_LABEL: &str = "Type the organization's name to confirm";

/// The organization's own seat benefits: per role, a seat type overriding the type's choice.
#[component]
fn SeatBenefitsSection(org: OrgId) -> impl IntoView {
    let action = ServerAction::<SaveOrgSeatBenefits>::new();
    let data = Resource::new(
        move || action.version().get(),
        move |_| get_org_seat_benefits(org),
    );
    let error = form_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    let form = move |b: OrgSeatBenefits| {
        let selects = b
            .lines
            .into_iter()
            .map(|line| {
                let same = match &line.from_type {
                    Some(name) => format!("Same as the type ({name})"),
                    None => "Same as the type (none)".to_string(),
                };
                let mut options = vec![(String::new(), same)];
                options.extend(b.seat_types.iter().map(|(id, n)| (id.to_string(), n.clone())));
                let (label, name) = match line.role {
                    BenefitRole::Owner => ("Owner seat type", "form[owner]"),
                    BenefitRole::Manager => ("Manager seat type", "form[manager]"),
                    BenefitRole::Member => ("Member seat type", "form[member]"),
                };
                let selected = line.own.map(|s| s.to_string()).unwrap_or_default();
                view! { <Select label id=format!("benefit-{}", line.role.as_str()) name options selected error /> }
            })
            .collect_view();
        view! { <div class="form-grid">{selects}</div> }
    };
    view! {
        <section class="card" aria-labelledby="benefits-title">
            <h2 id="benefits-title">"Seat benefits"</h2>
            <p class="muted">
                "The seat type each role receives here, and with it its courses. Managers' covers organization admins, department admins and managers."
            </p>
            <ActionForm action attr:class="form" attr:aria-label="Seat benefits">
                <input type="hidden" name="org" value=org.0 />
                <Await resource=data view=form />
                <FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">"Seat benefits saved."</p> })}
                <button type="submit" class="button">"Save seat benefits"</button>
            </ActionForm>
        </section>
    }
}

/// Plan features: the organization's own copy of its type's defaults, changed here.
#[component]
fn PlanFeaturesSection(org: OrgId) -> impl IntoView {
    use crate::api::org_admin::get_org_features;
    let data = Resource::new(|| (), move |_| get_org_features(org));
    let view = move |f: crate::domain::features::FeaturesView| view! { <PlanFeaturesForm org f /> };
    view! { <Await resource=data view /> }
}

#[component]
fn PlanFeaturesForm(org: OrgId, f: crate::domain::features::FeaturesView) -> impl IntoView {
    use crate::api::org_admin::SaveOrgFeatures;
    use crate::domain::features::Feature;
    let action = ServerAction::<SaveOrgFeatures>::new();
    let error = crate::components::form::form_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    let boxes = Feature::ALL
        .into_iter()
        .map(|feature| {
            let id = format!("plan-{}", feature.column());
            let default = match f.type_defaults {
                Some(t) if t.has(feature) => " (type default: on)",
                Some(_) => " (type default: off)",
                None => "",
            };
            view! {
                <div class="field field-check">
                    <input id=id.clone() type="checkbox" name=format!("form[{}]", feature.column()) value="on" checked=f.org.has(feature) />
                    <label for=id>{format!("{}{default}", feature.label())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="plan-features-title">
            <h2 id="plan-features-title">"Plan features"</h2>
            <p class="muted">"This organization's own features. They start as its type's defaults; a change here applies to this organization only."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <fieldset class="checks">
                    <legend>"Features"</legend>
                    {boxes}
                </fieldset>
                <crate::components::form::FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">"Plan features saved."</p> })}
                <button type="submit" class="button">"Save plan features"</button>
            </ActionForm>
        </section>
    }
}

//! Admin > Organization Types: templates with General, Access and Seat Benefits tabs.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminPage;
use crate::api::types::{get_org_type, list_org_types, list_seat_types, DeleteOrgType, SaveOrgType};
use crate::components::await_view::Await;
use crate::components::form::{form_error, Checkbox, Field, FormAlert, FormError, Select, TextArea};
use crate::components::tabs::{TabPanel, Tabs};
use crate::domain::ids::OrgTypeId;
use crate::domain::org_type::{BenefitRole, MembershipPolicy, OrgType, OrgTypeForm, SeatType, Visibility};
use crate::error::AppError;

/// `/admin/types`.
#[component]
pub fn AdminTypesPage() -> impl IntoView {
    let query = use_query_map();
    let types = Resource::new(
        || (),
        |_| async { Ok::<_, AppError>((list_org_types().await?, list_seat_types().await?)) },
    );
    let notice = move || {
        let q = query.read();
        if q.get("saved").is_some() {
            Some("Organization type saved.")
        } else if q.get("deleted").is_some() {
            Some("Organization type deleted.")
        } else {
            None
        }
    };
    view! {
        <AdminPage title="Organization Types">
            <div class="page-head page-head-actions">
                <div>
                    <h1>"Organization Types"</h1>
                    <p class="muted">"Templates: the defaults a new organization starts with, and the seat each role receives."</p>
                </div>
                <a class="button button-primary" href="/admin/types/new">"Add new"</a>
            </div>
            {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <Await resource=types view=type_table />
        </AdminPage>
    }
}

fn seat_name(seats: &[SeatType], id: Option<crate::domain::ids::SeatTypeId>) -> String {
    id.and_then(|id| seats.iter().find(|s| s.id == id))
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "—".into())
}

fn type_table((types, seats): (Vec<OrgType>, Vec<SeatType>)) -> AnyView {
    if types.is_empty() {
        return view! { <p class="empty">"No organization types yet. Add one to start creating organizations."</p> }
            .into_any();
    }
    let rows = types
        .into_iter()
        .map(|t| {
            let benefits = BenefitRole::ALL
                .iter()
                .map(|r| format!("{}: {}", r.label(), seat_name(&seats, t.seat_type_for(*r))))
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <tr>
                    <th scope="row">
                        <A href=format!("/admin/types/{}", t.id)>{t.name}</A>
                    </th>
                    <td>{t.visibility.label()}</td>
                    <td>{t.membership_policy.label()}</td>
                    <td>{t.expiry_days.map(|d| format!("{d} days")).unwrap_or_else(|| "Never".into())}</td>
                    <td>{benefits}</td>
                    <td class="num">{t.organizations}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Visibility"</th>
                        <th scope="col">"Membership"</th>
                        <th scope="col">"Expiry"</th>
                        <th scope="col">"Seat benefits"</th>
                        <th scope="col" class="num">"Organizations"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/admin/types/new`.
#[component]
pub fn AdminNewTypePage() -> impl IntoView {
    let seats = Resource::new(|| (), |_| list_seat_types());
    view! {
        <AdminPage title="Add organization type">
            <p class="breadcrumb"><A href="/admin/types">"Organization Types"</A></p>
            <h1>"Add organization type"</h1>
            <Await resource=seats view=new_type_editor />
        </AdminPage>
    }
}

/// `/admin/types/{id}`.
#[component]
pub fn AdminTypePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map(OrgTypeId)
    };
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((get_org_type(id).await?, list_seat_types().await?))
    });
    view! {
        <AdminPage title="Organization type">
            <p class="breadcrumb"><A href="/admin/types">"Organization Types"</A></p>
            <Await resource=data view=existing_type_editor />
        </AdminPage>
    }
}

fn new_type_editor(seats: Vec<SeatType>) -> impl IntoView {
    let form = OrgTypeForm {
        visibility: "private".into(),
        membership_policy: "invite_only".into(),
        expiry: "never".into(),
        feature_reports: true,
        feature_csv_export: true,
        owner_seats: "any".into(),
        ..Default::default()
    };
    view! { <TypeEditor id=None form seats /> }
}

fn existing_type_editor((t, seats): (OrgType, Vec<SeatType>)) -> impl IntoView {
    let form = OrgTypeForm::from(&t);
    let used = match t.organizations {
        0 => "No organization uses this type yet.".to_string(),
        1 => "1 organization uses this type.".to_string(),
        n => format!("{n} organizations use this type."),
    };
    view! {
        <h1>{t.name.clone()}</h1>
        <p class="muted">{used}</p>
        <TypeEditor id=Some(t.id) form seats />
        <DeleteType id=t.id />
    }
}

#[component]
fn TypeEditor(id: Option<OrgTypeId>, form: OrgTypeForm, seats: Vec<SeatType>) -> impl IntoView {
    let action = ServerAction::<SaveOrgType>::new();
    let error = form_error(action);
    let seat_options = std::iter::once((String::new(), "None".to_string()))
        .chain(seats.iter().map(|s| (s.id.to_string(), s.name.clone())))
        .collect::<Vec<_>>();
    let (general_seats, owner_seat_types, manager_seats, member_seats) = (
        seat_options.clone(),
        seat_options.clone(),
        seat_options.clone(),
        seat_options,
    );
    let OrgTypeForm {
        name,
        description,
        visibility,
        default_seat_type,
        membership_policy,
        allow_domain_registration,
        expiry,
        expiry_days,
        feature_reports,
        feature_csv_export,
        feature_api,
        benefit_owner,
        benefit_manager,
        benefit_member,
        owner_seats,
        owner_seat_cap,
    } = form;
    let expiry_options = vec![
        ("never".to_string(), "Never".to_string()),
        ("days".to_string(), "A number of days after creation".to_string()),
    ];
    view! {
        // novalidate: the browser cannot point at a field in a closed tab; the server checks
        // every field and the tab holding the first mistake opens.
        <ActionForm action attr:class="form card" attr:novalidate=true>
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            <FormAlert error />
            <Tabs group="type" labels=vec!["General", "Access", "Seat Benefits"]>
                <TabPanel index=0 fields=&["name", "description", "visibility", "default_seat_type"] error>
                    <div class="form-grid">
                        <Field label="Name" name="form[name]" value=name error required=true />
                        <Select label="Visibility" name="form[visibility]" error options=Visibility::options() selected=visibility />
                        <Select label="Default seat type" name="form[default_seat_type]" error options=general_seats selected=default_seat_type />
                    </div>
                    <TextArea label="Description" name="form[description]" value=description error />
                </TabPanel>
                <TabPanel index=1 fields=&["membership_policy", "expiry", "expiry_days"] error>
                    <div class="form-grid">
                        <Select label="Membership policy" name="form[membership_policy]" error options=MembershipPolicy::options() selected=membership_policy />
                        <Select label="Expiry" name="form[expiry]" error options=expiry_options selected=expiry />
                        <Field label="Days after creation" name="form[expiry_days]" value=expiry_days error kind="number" min="1" hint="Used when expiry is a number of days." />
                    </div>
                    <fieldset class="checks">
                        <legend>"Registration and features"</legend>
                        <Checkbox label="Allow self-registration by email domain" name="form[allow_domain_registration]" checked=allow_domain_registration />
                        <Checkbox label="Reports" name="form[feature_reports]" checked=feature_reports />
                        <Checkbox label="CSV export" name="form[feature_csv_export]" checked=feature_csv_export />
                        <Checkbox label="API access" name="form[feature_api]" checked=feature_api />
                    </fieldset>
                </TabPanel>
                <TabPanel index=2 fields=&["benefit_owner", "benefit_manager", "benefit_member", "owner_seats", "owner_seat_cap"] error>
                    <p class="muted">"The seat type each role receives. None: the default seat type."</p>
                    <div class="form-grid">
                        <Select label="Owner seat type" name="form[benefit_owner]" error options=owner_seat_types selected=benefit_owner />
                        <Select label="Manager seat type" name="form[benefit_manager]" error options=manager_seats selected=benefit_manager />
                        <Select label="Member seat type" name="form[benefit_member]" error options=member_seats selected=benefit_member />
                    </div>
                    <h3>"Adding seats"</h3>
                    <p class="muted">"Whether owners and organization admins add seats themselves. Beyond that, they send a seat request that a platform admin approves under Admin > Seat requests."</p>
                    <div class="form-grid">
                        <Select label="Owners add seats" name="form[owner_seats]" error options=crate::domain::seats::OwnerSeats::options() selected=owner_seats />
                        <Field label="Seat total owners may reach" name="form[owner_seat_cap]" value=owner_seat_cap error kind="number" min="0" hint="Used when owners add seats up to a total." />
                    </div>
                </TabPanel>
            </Tabs>
            <div class="form-actions">
                <button type="submit" class="button button-primary">"Save type"</button>
                <a class="button" href="/admin/types">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn DeleteType(id: OrgTypeId) -> impl IntoView {
    let action = ServerAction::<DeleteOrgType>::new();
    let error: FormError = form_error(action);
    view! {
        <section class="card danger-zone" aria-labelledby="delete-type-title">
            <h2 id="delete-type-title">"Delete this type"</h2>
            <p class="muted">"Only a type no organization uses can be deleted."</p>
            <ActionForm action>
                <input type="hidden" name="id" value=id.0 />
                <FormAlert error />
                <button type="submit" class="button button-danger">"Delete type"</button>
            </ActionForm>
        </section>
    }
}

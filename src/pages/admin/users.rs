//! Admin > Users: search, memberships, disable / re-enable, platform admin rights.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::AdminPage;
use crate::api::users::{list_users, SetPlatformAdmin, SetUserDisabled};
use crate::components::await_view::Await;
use crate::components::form::{form_error, FormAlert};
use crate::components::pager::Pager;
use crate::domain::format;
use crate::domain::user_admin::{MembershipBrief, Page, UserListItem};

/// `/admin/users`.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <AdminPage title="Users">
            <UserList />
            <crate::components::two_factor::PlatformTwoFactorRequirement />
        </AdminPage>
    }
}

#[component]
fn UserList() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    let disable = ServerAction::<SetUserDisabled>::new();
    let admin = ServerAction::<SetPlatformAdmin>::new();
    let disable_error = form_error(disable);
    let admin_error = form_error(admin);
    let users = Resource::new(
        move || (search(), page(), disable.version().get(), admin.version().get()),
        |(q, p, _, _)| list_users(q, p),
    );
    let view_page = move |p: Page<UserListItem>| {
        let q = search();
        view! { <UserTable users=p search=q disable admin /> }
    };
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
            <p class="muted">"Every account on the platform, with its memberships. Disabling an account ends its sessions at once."</p>
        </div>
        <Form method="GET" action="" attr:class="filters">
            <div class="field">
                <label for="user-search">"Search users"</label>
                <input id="user-search" type="search" name="q" prop:value=search placeholder="Name or email" />
            </div>
            <button type="submit" class="button">"Search"</button>
        </Form>
        <FormAlert error=disable_error />
        <FormAlert error=admin_error />
        <Await resource=users view=view_page />
    }
}

#[component]
fn UserTable(
    users: Page<UserListItem>,
    search: String,
    disable: ServerAction<SetUserDisabled>,
    admin: ServerAction<SetPlatformAdmin>,
) -> impl IntoView {
    if users.items.is_empty() {
        return view! { <p class="empty">"No users match this search."</p> }.into_any();
    }
    let (page, pages, total) = (users.page, users.pages(), users.total);
    let rows = users
        .items
        .into_iter()
        .map(|u| view! { <UserRow user=u disable admin /> })
        .collect_view();
    let href = move |p: i64| {
        format!(
            "/admin/users{}",
            format::query(&[("q", search.clone()), ("page", p.to_string())])
        )
    };
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Memberships"</th>
                        <th scope="col">"Last sign-in"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page pages total href />
    }
    .into_any()
}

#[component]
fn UserRow(
    user: UserListItem,
    disable: ServerAction<SetUserDisabled>,
    admin: ServerAction<SetPlatformAdmin>,
) -> impl IntoView {
    let (status, badge) = if user.is_disabled {
        ("Disabled", "badge badge-disabled")
    } else {
        ("Active", "badge badge-active")
    };
    let memberships = if user.memberships.is_empty() {
        view! { <span class="muted">"None"</span> }.into_any()
    } else {
        let items = user.memberships.into_iter().map(membership_line).collect_view();
        view! { <ul class="plain-list">{items}</ul> }.into_any()
    };
    let (disable_label, disable_to) = if user.is_disabled {
        ("Re-enable", "false")
    } else {
        ("Disable", "true")
    };
    let (admin_label, admin_to) = if user.is_platform_admin {
        ("Revoke platform admin", "false")
    } else {
        ("Make platform admin", "true")
    };
    let id = user.id.0;
    view! {
        <tr>
            <th scope="row">
                {user.name}
                {user.is_platform_admin.then(|| view! { " " <span class="badge badge-admin">"Platform admin"</span> })}
            </th>
            <td>{user.email}</td>
            <td><span class=badge>{status}</span></td>
            <td>{memberships}</td>
            <td>{user.last_sign_in_at.as_deref().map(format::date).unwrap_or_else(|| "Never".into())}</td>
            <td class="row-actions">
                <ActionForm action=disable>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="disabled" value=disable_to />
                    <button type="submit" class="button button-small">{disable_label}</button>
                </ActionForm>
                <ActionForm action=admin>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="admin" value=admin_to />
                    <button type="submit" class="button button-small">{admin_label}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

fn membership_line(m: MembershipBrief) -> impl IntoView {
    let teams = if m.teams.is_empty() {
        String::new()
    } else {
        format!(" · {}", m.teams.join(", "))
    };
    let removed = (m.status != "active").then(|| format!(" ({})", m.status));
    view! {
        <li>
            <strong>{m.org_name}</strong>
            {format!(" — {}{teams}", m.role.label())}
            {removed}
        </li>
    }
}

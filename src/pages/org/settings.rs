//! The Settings tab: what owners and organization admins edit themselves.

use leptos::prelude::*;

use crate::api::member_tools::{list_owner_candidates, OwnerCandidate, TransferOwnership};
use crate::api::settings::{get_join_link, get_org_settings, SaveOrgSettings};
use crate::components::api_tokens::ApiTokens;
use crate::components::audit_log::AuditLog;
use crate::components::await_view::Await;
use crate::components::form::{form_error, reloading, CopyField, Field, FormAlert, Reload, Select, TextArea};
use crate::domain::ids::OrgId;
use crate::domain::members::OrgContext;
use crate::domain::org_type::{MembershipPolicy, Visibility};
use crate::domain::settings::{JoinLinkView, OrgSettingsForm};

/// The Settings tab's own pages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SettingsPage {
    General,
    Api,
    Audit,
}

fn settings_nav(slug: &str, page: SettingsPage, read_only: bool) -> impl IntoView {
    let links = [
        (SettingsPage::General, format!("/orgs/{slug}/settings"), "General"),
        (SettingsPage::Api, format!("/orgs/{slug}/settings/api"), "API"),
        (
            SettingsPage::Audit,
            format!("/orgs/{slug}/settings/audit"),
            "Audit",
        ),
    ]
    .into_iter()
    // After expiry only the audit log is left to read.
    .filter(|(p, _, _)| !read_only || *p == SettingsPage::Audit)
    .map(|(p, href, label)| {
        let current = if p == page { "page" } else { "false" };
        view! { <a href=href aria-current=current>{label}</a> }
    })
    .collect_view();
    view! { <nav class="subnav" aria-label="Settings">{links}</nav> }
}

/// Settings > API: the organization's API tokens.
pub fn api_tab(c: OrgContext) -> AnyView {
    use crate::domain::features::Feature;
    if !c.features.has(Feature::ApiAccess) {
        return view! {
            {settings_nav(&c.slug, SettingsPage::Api, c.read_only)}
            <section class="card" aria-labelledby="api-off-title">
                <h2 id="api-off-title">"API tokens"</h2>
                <p class="notice notice-warn" role="status">{Feature::ApiAccess.missing_message()}</p>
                <p class="muted">"Tokens made before are refused with 403 until API access is back."</p>
            </section>
        }
        .into_any();
    }
    view! {
        {settings_nav(&c.slug, SettingsPage::Api, c.read_only)}
        <ApiTokens org=Some(c.id) />
    }
    .into_any()
}

/// Settings > Audit: every change in the organization, filtered, with a CSV download.
pub fn audit_tab(c: OrgContext) -> AnyView {
    let base = format!("/orgs/{}/settings/audit", c.slug);
    let csv = format!("/orgs/{}/audit.csv", c.slug);
    view! {
        {settings_nav(&c.slug, SettingsPage::Audit, c.read_only)}
        <h2>"Audit log"</h2>
        <p class="muted">"Every change in this organization: who made it, when, and what changed. Entries cannot be edited or deleted."</p>
        <AuditLog org=Some(c.id) base csv />
    }
    .into_any()
}

/// The tab body.
pub fn settings_tab(c: OrgContext) -> AnyView {
    let owner = c.is_owner;
    Reload::provide();
    view! {
        {settings_nav(&c.slug, SettingsPage::General, c.read_only)}
        <SettingsTab org=c.id />
        <LogoCard slug=c.slug.clone() name=c.name.clone() logo=c.logo_url.clone() />
        <JoinLink org=c.id />
        <crate::components::two_factor::OrgTwoFactorRequirement org=c.id />
        {owner.then(|| view! { <TransferOwnership org=c.id name=c.name.clone() /> })}
    }
    .into_any()
}

#[component]
fn TransferOwnership(org: OrgId, name: String) -> impl IntoView {
    let candidates = Resource::new(|| (), move |_| list_owner_candidates(org));
    let view = move |list: Vec<OwnerCandidate>| view! { <TransferForm org name=name.clone() list /> };
    view! { <Await resource=candidates view /> }
}

#[component]
fn TransferForm(org: OrgId, name: String, list: Vec<OwnerCandidate>) -> impl IntoView {
    let action = ServerAction::<TransferOwnership>::new();
    let error = form_error(action);
    let mut options = vec![(String::new(), "Choose the new owner".to_string())];
    options.extend(list.into_iter().map(|c| (c.user_id.to_string(), c.label)));
    view! {
        <section class="card danger-zone" aria-labelledby="transfer-title">
            <h2 id="transfer-title">"Transfer ownership"</h2>
            <p class="muted">
                "Hand the organization to one of its administrators or managers. You stay as organization admin."
            </p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <Select label="New owner" name="user_id" options error />
                <Field label="Type the organization's name to confirm" name="confirm_name" error />
                <p class="hint">{format!("Type {name} to confirm.")}</p>
                <FormAlert error />
                <button type="submit" class="button button-danger">"Transfer ownership"</button>
            </ActionForm>
        </section>
    }
}

/// The logo: uploaded here (a plain form post, so it works before the page is live too), shown
/// as the header shows it, removable. The upload answers with a redirect back here whose query
/// says what happened.
#[component]
fn LogoCard(slug: String, name: String, logo: String) -> impl IntoView {
    use leptos_router::hooks::use_query_map;
    let query = use_query_map();
    let outcome = move || {
        let q = query.read();
        if let Some(code) = q.get("logo_error") {
            let text = crate::domain::settings::logo_refusal(&code).unwrap_or("The logo was not changed.");
            return Some(view! { <p class="notice notice-error" role="alert">{text}</p> }.into_any());
        }
        match q.get("logo").as_deref() {
            Some("saved") => Some(view! { <p class="notice" role="status">"Logo saved."</p> }.into_any()),
            Some("removed") => Some(view! { <p class="notice" role="status">"Logo removed."</p> }.into_any()),
            _ => None,
        }
    };
    let current = if logo.is_empty() {
        view! { <p class="muted">"No logo yet: the header shows the organization's name alone."</p> }
            .into_any()
    } else {
        view! {
            <p><img class="logo-preview" src=logo.clone() alt=format!("Current logo of {name}") /></p>
            <form method="post" action=format!("/orgs/{slug}/logo/remove") class="form">
                <button type="submit" class="button">"Remove logo"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="card" id="logo" aria-labelledby="logo-title">
            <h2 id="logo-title">"Logo"</h2>
            {outcome}
            {current}
            <form method="post" action=format!("/orgs/{slug}/logo") enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="logo-file">"Logo file"</label>
                    <p class="hint" id="logo-file-hint">"PNG, JPEG or WebP, up to 512 KB. It is checked, stored as PNG (at most 512 pixels a side) and served by Orgboard itself."</p>
                    <input id="logo-file" type="file" name="logo" accept="image/png,image/jpeg,image/webp" required aria-describedby="logo-file-hint" />
                </div>
                <button type="submit" class="button button-primary">"Upload logo"</button>
            </form>
        </section>
    }
}

/// The join page's address with a copy button, or why there is none. It follows the saved
/// settings (saving reloads the page's data).
#[component]
fn JoinLink(org: OrgId) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let link = Resource::new(move || reload.track(), move |_| get_join_link(org));
    let view = |j: JoinLinkView| {
        view! {
            <section class="card" aria-labelledby="join-link-title">
                <h2 id="join-link-title">"Join page"</h2>
                {j.url.map(|url| view! {
                    <CopyField label="Join link" id="join-link" value=url button="Copy join link" />
                })}
                <p class="muted">{j.note}</p>
            </section>
        }
    };
    view! { <Await resource=link view /> }
}

#[component]
fn SettingsTab(org: OrgId) -> impl IntoView {
    let settings = Resource::new(|| (), move |_| get_org_settings(org));
    view! { <Await resource=settings view=move |f: OrgSettingsForm| view! { <SettingsForm org f /> } /> }
}

#[component]
fn SettingsForm(org: OrgId, f: OrgSettingsForm) -> impl IntoView {
    let action = reloading::<SaveOrgSettings>();
    let error = form_error(action);
    let saved = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="form-grid">
                    <Field label="Name" name="form[name]" value=f.name error required=true />
                    <Field label="Website" name="form[website]" value=f.website error kind="url" />
                    <Field label="Contact name" name="form[contact_name]" value=f.contact_name error />
                    <Field label="Contact email" name="form[contact_email]" value=f.contact_email error kind="email" />
                    <Field label="Contact phone" name="form[contact_phone]" value=f.contact_phone error kind="tel" />
                    <Field label="Brand colour" name="form[brand_color]" value=f.brand_color error hint="A hex code like #2f5bea for the header, tabs and buttons; dark enough for white text (contrast at least 4.5:1)." />
                    <Select label="Visibility" name="form[visibility]" options=Visibility::options() selected=f.visibility error />
                    <Select label="Membership policy" name="form[membership_policy]" options=MembershipPolicy::options() selected=f.membership_policy error />
                    <Field label="Auto-join email domains" name="form[auto_join_domains]" value=f.auto_join_domains error hint="With open membership, only addresses at these domains join; leave empty to let anyone with a confirmed address join. Like example.com; separate several with commas." />
                    <Field label="Invitation lifetime (days)" name="form[invitation_days]" value=f.invitation_days error kind="number" min="1" required=true />
                </div>
                <TextArea label="Description" name="form[description]" value=f.description error />
                <FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">"Settings saved."</p> })}
                <button type="submit" class="button button-primary">"Save settings"</button>
            </ActionForm>
        </section>
    }
}

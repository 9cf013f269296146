//! The "require two-factor" switch of an organization's settings and of the admin area.

use leptos::prelude::*;

use crate::api::account::{
    get_org_two_factor, get_platform_two_factor, SetOrgTwoFactor, SetPlatformTwoFactor,
};
use crate::components::await_view::Await;
use crate::components::form::{form_error, FormAlert};
use crate::domain::ids::OrgId;

/// Settings > General: "Require two-factor for owners and admins".
#[component]
pub fn OrgTwoFactorRequirement(org: OrgId) -> impl IntoView {
    let current = Resource::new(|| (), move |_| get_org_two_factor(org));
    let view = move |required: bool| {
        let action = ServerAction::<SetOrgTwoFactor>::new();
        let error = form_error(action);
        let saved = move || matches!(action.value().get(), Some(Ok(())));
        view! {
            <ActionForm action attr:class="form">
                <input type="hidden" name="org" value=org.0 />
                <div class="field field-check">
                    <input id="org-require-two-factor" type="checkbox" name="required" value="on" checked=required />
                    <label for="org-require-two-factor">"Require two-factor for owners and admins"</label>
                </div>
                <p class="hint">"Owners and organization admins without it are asked to set it up at their next sign-in, and cannot turn it off."</p>
                <FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">"Two-factor setting saved."</p> })}
                <button type="submit" class="button">"Save two-factor setting"</button>
            </ActionForm>
        }
    };
    view! {
        <section class="card" aria-labelledby="org-two-factor-title">
            <h2 id="org-two-factor-title">"Two-factor sign-in"</h2>
            <Await resource=current view />
        </section>
    }
}

/// Admin > Users: "Require two-factor for platform admins".
#[component]
pub fn PlatformTwoFactorRequirement() -> impl IntoView {
    let current = Resource::new(|| (), |_| get_platform_two_factor());
    let view = move |required: bool| {
        let action = ServerAction::<SetPlatformTwoFactor>::new();
        let error = form_error(action);
        let saved = move || matches!(action.value().get(), Some(Ok(())));
        view! {
            <ActionForm action attr:class="form">
                <div class="field field-check">
                    <input id="platform-require-two-factor" type="checkbox" name="required" value="on" checked=required />
                    <label for="platform-require-two-factor">"Require two-factor for platform admins"</label>
                </div>
                <p class="hint">"Platform admins without it are asked to set it up at their next sign-in."</p>
                <FormAlert error />
                {move || saved().then(|| view! { <p class="notice" role="status">"Two-factor setting saved."</p> })}
                <button type="submit" class="button">"Save two-factor setting"</button>
            </ActionForm>
        }
    };
    view! {
        <section class="card" aria-labelledby="platform-two-factor-title">
            <h2 id="platform-two-factor-title">"Two-factor sign-in"</h2>
            <Await resource=current view />
        </section>
    }
}

//! `/orgs/{slug}/structure`: the organization's departments, teams and department admins, as
//! owners and organization admins change them (department admins inside their departments,
//! managers read only). The same view and operations as the admin page's structure section.

use leptos::prelude::*;

use crate::components::structure::OrgStructureSection;
use crate::domain::members::OrgContext;

/// The Structure tab.
pub fn structure_tab(c: OrgContext) -> AnyView {
    view! { <OrgStructureSection org=c.id /> }.into_any()
}

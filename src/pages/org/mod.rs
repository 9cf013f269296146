//! `/orgs/{slug}`: one organization in the group dashboard, with the tabs Overview, Members,
//! Structure, Courses, Seats, Reports and Settings.

pub mod courses;
pub mod members;
pub mod overview;
pub mod reports;
pub mod seats;
pub mod settings;
pub mod structure;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::members::get_org_context;
use crate::components::await_view::Await;
use crate::components::guard::Protected;
use crate::domain::members::OrgContext;
use crate::domain::nav::Area;

/// The tabs of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgTab {
    /// The front page: seats, activity, completion, expiry (the Members list for people who
    /// see only some teams).
    Overview,
    /// People, invitations.
    Members,
    /// Departments, teams, department admins.
    Structure,
    /// Course assignments.
    Courses,
    /// Seats and the ledger.
    Seats,
    /// Course and user reports.
    Reports,
    /// The organization's own settings.
    Settings,
}

impl OrgTab {
    const ALL: [OrgTab; 7] = [
        OrgTab::Overview,
        OrgTab::Members,
        OrgTab::Structure,
        OrgTab::Courses,
        OrgTab::Seats,
        OrgTab::Reports,
        OrgTab::Settings,
    ];

    fn label(self) -> &'static str {
        match self {
            OrgTab::Overview => "Overview",
            OrgTab::Members => "Members",
            OrgTab::Structure => "Structure",
            OrgTab::Courses => "Courses",
            OrgTab::Seats => "Seats",
            OrgTab::Reports => "Reports",
            OrgTab::Settings => "Settings",
        }
    }

    /// Whether the tab is offered when the organization has expired (owners and organization
    /// admins only read it then).
    fn after_expiry(self) -> bool {
        matches!(
            self,
            OrgTab::Overview | OrgTab::Members | OrgTab::Structure | OrgTab::Reports | OrgTab::Settings
        )
    }

    fn path(self, slug: &str) -> String {
        match self {
            OrgTab::Overview => format!("/orgs/{slug}"),
            OrgTab::Members => format!("/orgs/{slug}/members"),
            OrgTab::Structure => format!("/orgs/{slug}/structure"),
            OrgTab::Courses => format!("/orgs/{slug}/courses"),
            OrgTab::Seats => format!("/orgs/{slug}/seats"),
            OrgTab::Reports => format!("/orgs/{slug}/reports"),
            OrgTab::Settings => format!("/orgs/{slug}/settings"),
        }
    }
}

/// The frame of every organization page: who may open it, the header in the organization's
/// colours, the expiry notice and the tabs; `body` renders the tab.
#[component]
pub fn OrgShell(tab: OrgTab, body: fn(OrgContext) -> AnyView) -> impl IntoView {
    view! {
        <Title text=tab.label() />
        <Protected area=Area::Dashboard>
            <OrgFrame tab body />
        </Protected>
    }
}

#[component]
fn OrgFrame(tab: OrgTab, body: fn(OrgContext) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let ctx = Resource::new(slug, get_org_context);
    let view = move |c: OrgContext| frame(c, tab, body);
    view! { <Await resource=ctx view /> }
}

fn frame(c: OrgContext, tab: OrgTab, body: fn(OrgContext) -> AnyView) -> impl IntoView {
    // Only those who see the whole organization have its overview; for the others the first
    // tab is Members.
    let tab = if tab == OrgTab::Overview && !c.whole_org {
        OrgTab::Members
    } else {
        tab
    };
    // The brand colour tints the header, the tabs and the buttons, carrying white text: a colour
    // saved before the contrast check that is too light for it is left out.
    let readable = crate::domain::settings::contrast_with_white(&c.brand_color)
        .is_some_and(|r| r >= crate::domain::settings::MIN_CONTRAST);
    let style = if readable {
        format!("--org-brand: {}", c.brand_color)
    } else {
        String::new()
    };
    let logo = (!c.logo_url.is_empty()).then(|| {
        view! { <img class="org-logo" src=c.logo_url.clone() alt=format!("{} logo", c.name) /> }
    });
    let tabs = OrgTab::ALL
        .into_iter()
        .filter(|t| *t != OrgTab::Overview || c.whole_org)
        .filter(|t| *t != OrgTab::Settings || c.manages_org)
        .filter(|t| *t != OrgTab::Courses || c.assigns_courses)
        .filter(|t| *t != OrgTab::Reports || c.features.feature_reports || c.role.is_none())
        .filter(|t| !c.read_only || t.after_expiry())
        .map(|t| {
            let selected = t == tab;
            // After expiry Settings holds only the audit log.
            let href = if c.read_only && t == OrgTab::Settings {
                format!("/orgs/{}/settings/audit", c.slug)
            } else {
                t.path(&c.slug)
            };
            view! {
                <A href=href attr:role="tab" attr:aria-selected=selected.to_string()
                    attr:class=if selected { "tab tab-selected" } else { "tab" }>
                    {t.label()}
                </A>
            }
        })
        .collect_view();
    let role = c.role.map(|r| r.label()).unwrap_or("Platform admin");
    // Set once this part of the page is live in the browser (effects never run on the server),
    // so tests and scripts can wait for it before they click.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <div class="org-frame" style=style>
        <div class="org-head">
            <p class="breadcrumb"><A href="/dashboard">"Dashboard"</A></p>
            <div class="org-title">
                {logo}
                <div>
                    <h1>{c.name.clone()}</h1>
                    <p class="muted">{format!("Your role: {role}")}</p>
                </div>
            </div>
        </div>
        {c.expiry_notice.clone().map(|n| view! { <p class="notice notice-warn" role="status">{n}</p> })}
        <div class="tab-list" role="tablist" aria-label="Organization">{tabs}</div>
        <div class="tab-body" data-ready=move || ready.get().to_string()>{body(c)}</div>
        </div>
    }
}

/// `/orgs/{slug}`.
#[component]
pub fn OrgOverviewPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Overview body=overview::overview_tab /> }
}

/// `/orgs/{slug}/members`.
#[component]
pub fn OrgMembersPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Members body=members::members_tab /> }
}

/// `/orgs/{slug}/structure`.
#[component]
pub fn OrgStructurePage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Structure body=structure::structure_tab /> }
}

/// `/orgs/{slug}/courses`.
#[component]
pub fn OrgCoursesPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Courses body=courses::courses_tab /> }
}

/// `/orgs/{slug}/seats`.
#[component]
pub fn OrgSeatsPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Seats body=seats::seats_tab /> }
}

/// `/orgs/{slug}/settings`.
#[component]
pub fn OrgSettingsPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Settings body=settings::settings_tab /> }
}

/// `/orgs/{slug}/settings/api`.
#[component]
pub fn OrgApiPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Settings body=settings::api_tab /> }
}

/// `/orgs/{slug}/settings/audit`.
#[component]
pub fn OrgAuditPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Settings body=settings::audit_tab /> }
}

/// `/orgs/{slug}/reports`.
#[component]
pub fn OrgReportsPage() -> impl IntoView {
    view! { <OrgShell tab=OrgTab::Reports body=reports::reports_tab /> }
}

//! The HTML shell, the App component and the route table. Nothing else.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::api::auth::get_current_user;
use crate::components::layout::{Header, UserResource};
use crate::pages::admin::api::AdminApiPage;
use crate::pages::admin::audit::AdminAuditPage;
use crate::pages::admin::courses::{AdminCoursePage, AdminCoursesPage, AdminNewCoursePage};
use crate::pages::admin::organizations::{AdminNewOrgPage, AdminOrgPage, AdminOrgsPage};
use crate::pages::admin::outbox::AdminOutboxPage;
use crate::pages::admin::reports::AdminReportsPage;
use crate::pages::admin::seat_requests::AdminSeatRequestsPage;
use crate::pages::admin::seat_types::{AdminSeatTypePage, AdminSeatTypesPage};
use crate::pages::admin::types::{AdminNewTypePage, AdminTypePage, AdminTypesPage};
use crate::pages::admin::users::AdminUsersPage;
use crate::pages::admin::AdminHomePage;
use crate::pages::api_docs::ApiDocsPage;
use crate::pages::auth::{
    AcceptInvitationPage, ForgotPasswordPage, JoinPage, ResetPasswordPage, SetPasswordPage, SignInCodePage,
    SignInPage, VerifyEmailPage,
};
use crate::pages::dashboard::DashboardPage;
use crate::pages::home::HomePage;
use crate::pages::me::account::{ConfirmEmailChangePage, MyAccountPage};
use crate::pages::me::{MyCoursePage, MyLearningPage};
use crate::pages::not_found::NotFoundPage;
use crate::pages::org::{
    OrgApiPage, OrgAuditPage, OrgCoursesPage, OrgMembersPage, OrgOverviewPage, OrgReportsPage, OrgSeatsPage,
    OrgSettingsPage, OrgStructurePage,
};
use crate::pages::organizations::OrganizationsPage;

/// What the server does as each page renders: it sets the page's Content-Security-Policy with
/// this response's nonce (the inline scripts Leptos writes carry it). The server provides it
/// in context, so the shell needs nothing of the server.
#[derive(Clone, Copy)]
pub struct OnPageRender(pub fn());

/// The document around the app: head, scripts (echarts from our own origin), body.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    if let Some(OnPageRender(hook)) = use_context::<OnPageRender>() {
        hook();
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script src="/echarts.min.js" defer></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: header, routes, and the signed-in person loaded once for everything.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let user: UserResource = Resource::new(|| (), |_| get_current_user());
    provide_context(user);

    // Browser tests wait for this marker: clicks before hydration would do nothing.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/orgboard.css" />
        <Title formatter=|text: String| {
            if text.is_empty() { "Orgboard".to_string() } else { format!("{text} · Orgboard") }
        } />
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            <Header />
            <main id="content" class="content">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/signin/code") view=SignInCodePage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/me/account") view=MyAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm-email") view=ConfirmEmailChangePage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminHomePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organizations") view=AdminOrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organizations/new") view=AdminNewOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organizations/:id") view=AdminOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/types") view=AdminTypesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/types/new") view=AdminNewTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/types/:id") view=AdminTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/seat-types") view=AdminSeatTypesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/seat-types/:id") view=AdminSeatTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses") view=AdminCoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/new") view=AdminNewCoursePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/:id") view=AdminCoursePage ssr=SsrMode::Async />
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MyLearningPage ssr=SsrMode::Async />
                    <Route path=path!("/me/courses/:org/:course") view=MyCoursePage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug") view=OrgOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/members") view=OrgMembersPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/structure") view=OrgStructurePage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/courses") view=OrgCoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/seats") view=OrgSeatsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/reports") view=OrgReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/settings") view=OrgSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/settings/api") view=OrgApiPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:slug/settings/audit") view=OrgAuditPage ssr=SsrMode::Async />
                    <Route path=path!("/invitations/accept") view=AcceptInvitationPage ssr=SsrMode::Async />
                    <Route path=path!("/join/:slug") view=JoinPage ssr=SsrMode::Async />
                    <Route path=path!("/organizations") view=OrganizationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view=AdminOutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/seat-requests") view=AdminSeatRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/reports") view=AdminReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/api") view=AdminApiPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
                    <Route path=path!("/docs/api") view=ApiDocsPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

//! Joining without an invitation: the public list of organizations, the join pages of public
//! and hidden organizations (open policy: join at once; approval policy: a request owners
//! approve), and the approval queue on the Members tab.

use leptos::prelude::*;

use crate::domain::ids::OrgId;
pub use crate::domain::join::{JoinRequestRow, JoinView, ListedOrg};
use crate::error::AppError;

/// The public organizations (for anyone): `/organizations`.
#[server]
pub async fn list_public_orgs() -> Result<Vec<ListedOrg>, AppError> {
    let (state, _anyone) = crate::server::auth::caller().await?;
    crate::service::join::directory(&state.db).await
}

/// The join page of `slug`, or `NotFound` when the organization offers none.
#[server]
pub async fn get_join_page(slug: String) -> Result<JoinView, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::join::page(&state.db, &caller, &slug).await
}

/// Joins (open policy, taking a seat under the cap) or asks to join (approval policy). Someone
/// signed in joins with their account; someone new signs up with a name and password and is
/// mailed a link that confirms the address; nothing works until it is opened.
#[server]
pub async fn join_org(
    slug: String,
    name: String,
    email: String,
    password: String,
    confirm: String,
) -> Result<String, AppError> {
    use crate::server::{auth, guard::Gate};
    use crate::service::join::{self, NewAccount};

    let (state, caller) = auth::caller().await?;
    let new = NewAccount {
        name,
        email,
        password,
        confirm,
    };
    let gate = Gate {
        guard: &state.guard,
        ip: auth::client_ip().await,
    };
    auth::answered(join::join(&state.db, &state.config, &gate, &caller, &slug, &new).await)
}

/// Pending join requests (organization-wide administrators only).
#[server]
pub async fn list_join_requests(org: OrgId) -> Result<Vec<JoinRequestRow>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::join::requests(&state.db, &caller, org).await
}

/// Approves (taking a seat under the cap) or rejects a join request. `decision`: `approve` or
/// `reject`.
#[server]
pub async fn decide_join_request(org: OrgId, id: i64, decision: String) -> Result<(), AppError> {
    use crate::service::join::{self, Decision};

    let (state, caller) = crate::server::auth::caller().await?;
    let decision = caller
        .parsed(
            &state.db,
            org,
            crate::domain::role::Action::ManageMembers,
            decision.parse::<Decision>(),
        )
        .await?;
    join::decide(&state.db, &state.config, &caller, org, id, decision).await
}

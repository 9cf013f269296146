//! API tokens: Settings > API for an organization's owners and admins, Admin > API for
//! platform tokens. The secret is shown once, when created.

use leptos::prelude::*;

use crate::domain::api_tokens::{CreatedToken, TokenRow};
use crate::domain::ids::OrgId;
use crate::error::AppError;

/// The tokens of `org`, or the platform tokens when `org` is `None` (platform admins only).
#[server]
pub async fn list_api_tokens(org: Option<OrgId>) -> Result<Vec<TokenRow>, AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::tokens::list(&state.db, &caller, org).await
}

/// Creates a token: `access` is `read` or `read_write`, `expires` a number of days or `never`.
#[server]
pub async fn create_api_token(
    org: Option<OrgId>,
    name: String,
    access: String,
    expires: String,
) -> Result<CreatedToken, AppError> {
    use crate::service::tokens;
    let (state, caller) = crate::server::auth::caller().await?;
    let new = crate::domain::api_tokens::check_new_token(&name, &access, &expires);
    let new = crate::service::caller::authorized_first(new, || async {
        tokens::may_manage(&state.db, &caller, org).await.map(|_| ())
    })
    .await?;
    tokens::create(&state.db, &caller, org, &new).await
}

/// Revokes a token; requests with it are refused from now on.
#[server]
pub async fn revoke_api_token(org: Option<OrgId>, id: i64) -> Result<(), AppError> {
    let (state, caller) = crate::server::auth::caller().await?;
    crate::service::tokens::revoke(&state.db, &caller, org, id).await
}

/// Every REST endpoint, read from the generated OpenAPI document (public: it holds no data).
#[server]
pub async fn get_api_reference() -> Result<Vec<crate::domain::api_tokens::ApiEndpoint>, AppError> {
    use crate::domain::api_tokens::{ApiEndpoint, Scope};
    let doc = serde_json::to_value(crate::rest::openapi()).map_err(|_| AppError::Internal)?;
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            // Doc comments use Markdown code marks; the page shows plain text.
            let text = |k: &str| op[k].as_str().unwrap_or("").trim().replace('`', "");
            let summary = match (text("summary"), text("description")) {
                (s, d) if d.is_empty() => s,
                (s, d) if s.is_empty() => d,
                (s, d) => format!("{s} {d}"),
            };
            out.push(ApiEndpoint {
                tag: op["tags"][0].as_str().unwrap_or("Other").to_string(),
                method: method.to_uppercase(),
                path: path.clone(),
                summary,
                scope: Scope::for_method(method).as_str().to_string(),
            });
        }
    }
    const ORDER: [&str; 8] = [
        "Organizations",
        "Structure",
        "Members",
        "Seats",
        "Courses",
        "Progress",
        "Reports",
        "Audit",
    ];
    let rank = |t: &str| ORDER.iter().position(|o| *o == t).unwrap_or(ORDER.len());
    out.sort_by(|a, b| (rank(&a.tag), &a.path, &a.method).cmp(&(rank(&b.tag), &b.path, &b.method)));
    Ok(out)
}

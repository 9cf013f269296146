//! The audit log: one append-only row per change, written in the change's own transaction.

use crate::domain::audit::AuditAction;
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::SqliteExecutor;

use crate::domain::ids::OrgId;
use crate::domain::session::CurrentUser;

pub use crate::domain::audit::Actor;

impl Actor {
    /// The person making a change, or their API token when the request came through the REST
    /// API (the log says which token acted). For the adapters not yet given a `Caller`.
    pub fn of(user: &CurrentUser) -> Self {
        match leptos::prelude::use_context::<super::auth::ApiCaller>() {
            Some(caller) if caller.user.id == user.id => Actor::token(&caller.name, user),
            _ => Actor::user(user.id, &user.email),
        }
    }
}

/// One audit entry. `details` must never contain secrets (passwords, tokens, hashes).
pub struct Entry<'a> {
    /// Who.
    pub actor: &'a Actor,
    /// In which organization, if any.
    pub org: Option<OrgId>,
    /// What, as a stable dotted name (`user.sign_in`, `member.added`).
    pub action: AuditAction,
    /// The kind of thing changed (`user`, `organization`, ...).
    pub target_type: &'a str,
    /// Its id.
    pub target_id: String,
    /// Changed fields, before → after.
    pub details: Value,
}

impl<'a> Entry<'a> {
    /// An entry with no organization and no details yet.
    pub fn new(
        actor: &'a Actor,
        action: AuditAction,
        target_type: &'a str,
        target_id: impl ToString,
    ) -> Self {
        Entry {
            actor,
            org: None,
            action,
            target_type,
            target_id: target_id.to_string(),
            details: Value::Object(Map::new()),
        }
    }

    /// In organization `org`.
    pub fn in_org(mut self, org: OrgId) -> Self {
        self.org = Some(org);
        self
    }

    /// Free-form details (never secrets).
    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// The fields that differ between `before` and `after`, as `{field: [before, after]}`.
    pub fn changes<T: Serialize>(self, before: Option<&T>, after: Option<&T>) -> Self {
        let details = diff(before, after);
        self.details(details)
    }
}

/// `{field: [before, after]}` for every top-level field that differs; a missing side is `null`.
pub fn diff<T: Serialize>(before: Option<&T>, after: Option<&T>) -> Value {
    let as_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    };
    let (before, after) = (as_map(before), as_map(after));
    let mut out = Map::new();
    for key in before.keys().chain(after.keys()) {
        let (b, a) = (
            before.get(key).cloned().unwrap_or(Value::Null),
            after.get(key).cloned().unwrap_or(Value::Null),
        );
        if b != a && !out.contains_key(key) {
            out.insert(key.clone(), Value::Array(vec![b, a]));
        }
    }
    Value::Object(out)
}

/// Appends `entry`; call it with the same transaction as the change it records.
pub async fn record(db: impl SqliteExecutor<'_>, entry: Entry<'_>) -> sqlx::Result<()> {
    let row = super::repo::audit::NewEntry {
        actor: entry.actor,
        org: entry.org,
        action: entry.action,
        target_type: entry.target_type,
        target_id: &entry.target_id,
        details: &entry.details.to_string(),
    };
    super::repo::audit::insert(db, &row).await
}

/// One page of the Audit pages: `PAGE_SIZE` entries of `org` (all when `None`) and whether
/// older ones exist.
pub async fn page(
    db: &sqlx::SqlitePool,
    org: Option<OrgId>,
    query: &crate::domain::audit::AuditQuery,
) -> Result<crate::domain::audit::AuditPage, crate::error::AppError> {
    use crate::domain::audit::{AuditPage, AuditRow, PAGE_SIZE};
    let filter = query.check()?;
    let mut rows = super::repo::audit::search(db, org, &filter, PAGE_SIZE + 1).await?;
    let older = (rows.len() as i64 > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id).unwrap_or(0)
    });
    Ok(AuditPage {
        rows: rows.into_iter().map(AuditRow::from).collect(),
        older,
    })
}

/// The CSV download of the Audit pages: every entry matching `query` (up to `CSV_MAX_ROWS`).
pub async fn csv(
    db: &sqlx::SqlitePool,
    org: Option<OrgId>,
    query: &crate::domain::audit::AuditQuery,
) -> Result<String, crate::error::AppError> {
    use crate::domain::audit::{csv_header, csv_row, AuditRow, CSV_MAX_ROWS};
    let filter = query.check()?;
    let rows = super::repo::audit::search(db, org, &filter, CSV_MAX_ROWS).await?;
    let mut out = csv_header();
    for r in rows {
        out.push_str(&csv_row(&AuditRow::from(r)));
    }
    Ok(out)
}

/// Notes a refused request of a signed-in person or a token: platform-wide (the organization
/// asked for is the target, so its own log never shows another organization's people), in a
/// transaction of its own. A failure to write it is logged and does not change the answer.
pub async fn denied(db: &sqlx::SqlitePool, actor: &Actor, org: Option<OrgId>, what: &str) {
    let entry = Entry::new(
        actor,
        AuditAction::AccessDenied,
        if org.is_some() { "organization" } else { "platform" },
        org.map(|o| o.to_string()).unwrap_or_default(),
    )
    .details(serde_json::json!({ "action": what }));
    if let Err(e) = record(db, entry).await {
        tracing::warn!("could not note a denied request: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Thing {
        name: &'static str,
        size: i64,
    }

    #[test]
    fn diff_lists_only_changed_fields() {
        let a = Thing { name: "A", size: 1 };
        let b = Thing { name: "A", size: 2 };
        assert_eq!(diff(Some(&a), Some(&b)), json!({ "size": [1, 2] }));
        assert_eq!(
            diff(None, Some(&a)),
            json!({ "name": [null, "A"], "size": [null, 1] })
        );
        assert_eq!(diff(Some(&a), Some(&a)), json!({}));
    }
}

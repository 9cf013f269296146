//! The REST API over real HTTP on a fresh database: every resource's success and validation
//! paths, tenant isolation (another organization's ids are 404 and never leak), scopes (403),
//! revoked and expired tokens (401), rate limits (429), the seat cap, all-or-nothing bulk
//! progress with idempotency, and the OpenAPI document listing every route.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use leptos::prelude::LeptosOptions;
use orgboard::domain::api_tokens::{check_new_token, TokenAccess};
use orgboard::domain::ids::OrgId;
use orgboard::domain::session::CurrentUser;
use orgboard::rest::{self, RestConfig};
use orgboard::server::state::AppState;
use orgboard::server::{audit, tokens};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A running API on a loopback port, and a client.
struct Api {
    db: TestDb,
    base: String,
    http: reqwest::Client,
}

impl Api {
    async fn start() -> Api {
        Self::start_with(TestDb::with_demo().await, 10_000).await
    }

    async fn start_with(db: TestDb, per_minute: u32) -> Api {
        let state = AppState::new(
            db.pool.clone(),
            LeptosOptions::builder().output_name("orgboard").build(),
            orgboard::server::config::Config::default(),
        );
        let app: axum::Router = rest::router(
            state,
            RestConfig {
                requests_per_minute: per_minute,
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Api {
            db,
            base: format!("http://{addr}/api/v1"),
            http: reqwest::Client::new(),
        }
    }

    /// A token made by `email` for `org` (a platform token when `None`).
    async fn token(&self, org: Option<OrgId>, email: &str, access: &str) -> String {
        let user = orgboard::server::repo::users::find_by_email(&self.db.pool, email)
            .await
            .unwrap()
            .unwrap();
        let me = CurrentUser {
            id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            is_platform_admin: user.is_platform_admin,
            manages_any: true,
        };
        let new = check_new_token("test", access, "never").unwrap();
        tokens::create(&self.db.pool, org, &me, &audit::Actor::of(&me), &new)
            .await
            .unwrap()
            .token
    }

    async fn call(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.call(token, Method::GET, path, None).await
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(token, Method::POST, path, Some(body)).await
    }
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

async fn ids(api: &Api) -> (OrgId, OrgId) {
    (
        org_id(&api.db, "northwind-logistics").await,
        org_id(&api.db, "acme-health-clinics").await,
    )
}

#[tokio::test]
async fn tokens_are_checked_revoked_expired_scoped_and_rate_limited() {
    let api = Api::start_with(TestDb::with_demo().await, 3).await;
    let (northwind, _) = ids(&api).await;
    let path = format!("/orgs/{northwind}");

    let res = api.http.get(format!("{}{path}", api.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body), "unauthorized");
    let (status, _) = api.get("obk_not-a-token", &path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let read = api.token(Some(northwind), demo::OWNER, "read").await;
    let (status, body) = api.get(&read, &path).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["slug"], "northwind-logistics");
    // Read tokens cannot write.
    let (status, body) = api
        .post(&read, &format!("/orgs/{northwind}/teams"), json!({ "name": "X" }))
        .await;
    assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "missing_scope"));
    assert_eq!(api.get(&read, &path).await.0, StatusCode::OK);

    // Three requests a minute: the fourth waits, and says how long.
    let res = api
        .http
        .get(format!("{}{path}", api.base))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1);

    // Revoked: refused at once, with a message that says so.
    let other = api.token(Some(northwind), demo::OWNER, "read").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens ORDER BY id DESC LIMIT 1")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    tokens::revoke(&api.db.pool, Some(northwind), &audit::Actor::system(), id)
        .await
        .unwrap();
    let (status, body) = api.get(&other, &path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("revoked"),
        "{body}"
    );

    // Expired.
    let old = api.token(Some(northwind), demo::OWNER, "read").await;
    sqlx::query("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = (SELECT max(id) FROM api_tokens)")
        .execute(&api.db.pool)
        .await
        .unwrap();
    let (status, body) = api.get(&old, &path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );

    // A token dies with its creator's rights: the owner made a manager.
    let mine = api.token(Some(northwind), demo::OWNER, "read").await;
    let owner = user_id(&api.db, demo::OWNER).await;
    sqlx::query("UPDATE memberships SET role = 'manager' WHERE user_id = ?1 AND organization_id = ?2")
        .bind(owner)
        .bind(northwind)
        .execute(&api.db.pool)
        .await
        .unwrap();
    let (status, _) = api.get(&mine, &path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_organizations_ids_are_not_found_and_never_leak() {
    let api = Api::start().await;
    let (northwind, acme) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    let acme_name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?1")
        .bind(acme)
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    let acme_team: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE organization_id = ?1 LIMIT 1")
        .bind(acme)
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    let acme_user: i64 = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' LIMIT 1",
    )
    .bind(acme)
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    for (method, path, body) in [
        (Method::GET, format!("/orgs/{acme}"), None),
        (Method::GET, format!("/orgs/{acme}/members"), None),
        (Method::GET, format!("/orgs/{acme}/teams"), None),
        (Method::GET, format!("/orgs/{acme}/departments"), None),
        (Method::GET, format!("/orgs/{acme}/seats"), None),
        (Method::GET, format!("/orgs/{acme}/seats/ledger"), None),
        (Method::GET, format!("/orgs/{acme}/assignments"), None),
        (Method::GET, format!("/orgs/{acme}/reports/courses"), None),
        (Method::GET, format!("/orgs/{acme}/audit"), None),
        (Method::GET, format!("/orgs/{acme}/settings"), None),
        (
            Method::PATCH,
            format!("/orgs/{acme}/teams/{acme_team}"),
            Some(json!({ "name": "Mine" })),
        ),
        (Method::DELETE, format!("/orgs/{acme}/members/{acme_user}"), None),
        (
            Method::POST,
            format!("/orgs/{acme}/seats"),
            Some(json!({ "count": 5, "note": "x" })),
        ),
        (
            Method::POST,
            format!("/orgs/{acme}/progress"),
            Some(json!({ "user_id": acme_user, "course_id": 1, "status": "completed" })),
        ),
        // Acme's team through Northwind's own path: not found either.
        (
            Method::DELETE,
            format!("/orgs/{northwind}/teams/{acme_team}"),
            None,
        ),
        (
            Method::PUT,
            format!("/orgs/{northwind}/members/{acme_user}/role"),
            Some(json!({ "role": "manager" })),
        ),
    ] {
        let (status, body) = api.call(&token, method.clone(), &path, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
        let text = body.to_string();
        assert!(
            !text.contains(&acme_name),
            "{method} {path} leaked the name: {text}"
        );
    }
    // The list of organizations holds Northwind only.
    let (_, body) = api.get(&token, "/orgs").await;
    let slugs: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["northwind-logistics"]);
    // Platform-wide endpoints are not for organization tokens.
    for path in ["/audit", "/reports/organizations"] {
        assert_eq!(api.get(&token, path).await.0, StatusCode::FORBIDDEN, "{path}");
    }
    let (status, _) = api.post(&token, "/orgs", json!({ "name": "Mine" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn organizations_are_created_with_teams_updated_suspended_and_deleted() {
    let api = Api::start().await;
    let admin = api.token(None, demo::ADMIN, "read_write").await;
    let (_, body) = api.get(&admin, "/orgs?limit=2").await;
    assert_eq!(body["data"].as_array().unwrap().len(), 2);
    let cursor = body["next_cursor"].as_str().unwrap().to_string();
    let (_, next) = api.get(&admin, &format!("/orgs?limit=2&cursor={cursor}")).await;
    assert_eq!(next["data"].as_array().unwrap().len(), 2, "{next}");
    assert_ne!(next["data"][0]["id"], body["data"][0]["id"]);

    let orgs_before = api.db.count("SELECT COUNT(*) FROM organizations").await;
    // Two teams of the same name: nothing is created.
    let (status, body) = api
        .post(
            &admin,
            "/orgs",
            json!({ "name": "Initrode", "owner_email": "bill@initrode.example", "owner_name": "Bill",
                    "seat_count": 20, "teams": ["Sales", "sales"] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "teams[1]");
    assert_eq!(
        api.db.count("SELECT COUNT(*) FROM organizations").await,
        orgs_before
    );
    // A missing name says which field.
    let (status, body) = api
        .post(&admin, "/orgs", json!({ "owner_email": "bill@initrode.example" }))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );

    let (status, body) = api
        .post(
            &admin,
            "/orgs",
            json!({ "name": "Initrode", "owner_email": "bill@initrode.example", "owner_name": "Bill",
                    "seat_count": 20, "teams": ["Sales", "Support"] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["organization"]["id"].as_i64().unwrap();
    assert_eq!(body["organization"]["seats_used"], 1, "the owner takes a seat");
    let (_, teams) = api.get(&admin, &format!("/orgs/{id}/teams")).await;
    assert_eq!(teams.as_array().unwrap().len(), 2);

    // Fewer seats than in use: refused.
    let (status, body) = api
        .call(
            &admin,
            Method::PATCH,
            &format!("/orgs/{id}"),
            Some(json!({ "seat_count": 0 })),
        )
        .await;
    assert!(status.is_client_error(), "{body}");
    let (status, body) = api
        .call(
            &admin,
            Method::PATCH,
            &format!("/orgs/{id}"),
            Some(json!({ "seat_count": 30, "industry": "Paper" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["seat_count"].as_i64(), body["industry"].as_str()),
        (Some(30), Some("Paper"))
    );
    assert_eq!(
        body["owner_email"], "bill@initrode.example",
        "unchanged fields stay"
    );

    let (_, body) = api.post(&admin, &format!("/orgs/{id}/suspend"), json!({})).await;
    assert_eq!(body["status"], "suspended");
    let (_, body) = api
        .post(&admin, &format!("/orgs/{id}/reactivate"), json!({}))
        .await;
    assert_eq!(body["status"], "active");

    let (status, _) = api
        .call(
            &admin,
            Method::DELETE,
            &format!("/orgs/{id}?confirm_name=Initech"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api
        .call(
            &admin,
            Method::DELETE,
            &format!("/orgs/{id}?confirm_name=Initrode"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&admin, &format!("/orgs/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    // The audit log names the token.
    let label: String =
        sqlx::query_scalar("SELECT actor_label FROM audit_log WHERE action = 'organization.deleted'")
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert!(label.starts_with("API token"), "{label}");
}

#[tokio::test]
async fn own_settings_departments_and_teams() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    let path = format!("/orgs/{northwind}/settings");
    let (status, body) = api
        .call(
            &token,
            Method::PATCH,
            &path,
            Some(json!({ "brand_color": "#123456", "invitation_days": 10 })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["brand_color"].as_str(), body["invitation_days"].as_str()),
        (Some("#123456"), Some("10"))
    );
    let (status, body) = api
        .call(
            &token,
            Method::PATCH,
            &path,
            Some(json!({ "brand_color": "blue" })),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("brand_color"))
    );
    let (status, _) = api
        .call(&token, Method::PATCH, &path, Some(json!({ "seat_count": 1000 })))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown fields are refused");

    let (status, dept) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/departments"),
            json!({ "name": "Research" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{dept}");
    let dept_id = dept["id"].as_i64().unwrap();
    let (status, team) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/teams"),
            json!({ "name": "Lab", "department_id": dept_id }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{team}");
    assert_eq!(team["department_id"], dept_id);
    let team_id = team["id"].as_i64().unwrap();
    let (status, body) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/teams"),
            json!({ "name": "Lab" }),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let team_path = format!("/orgs/{northwind}/teams/{team_id}");
    let (_, body) = api
        .call(
            &token,
            Method::PATCH,
            &team_path,
            Some(json!({ "department_id": null })),
        )
        .await;
    assert_eq!(body["department_id"], Value::Null);
    let (_, body) = api
        .call(
            &token,
            Method::PATCH,
            &team_path,
            Some(json!({ "name": "Lab 2" })),
        )
        .await;
    assert_eq!(body["name"], "Lab 2");
    let (status, _) = api
        .call(
            &token,
            Method::PATCH,
            &team_path,
            Some(json!({ "name": "Lab 3", "department_id": null })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one change at a time");
    assert_eq!(
        api.call(&token, Method::DELETE, &team_path, None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.call(
            &token,
            Method::DELETE,
            &format!("/orgs/{northwind}/departments/{dept_id}"),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    // Moving teams between organizations is for platform tokens.
    let (status, _) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/team-assignments"),
            json!({ "team_id": team_id }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_platform_token_moves_a_team_into_an_organization() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let admin = api.token(None, demo::ADMIN, "read_write").await;
    let team: i64 = sqlx::query_scalar(
        "INSERT INTO teams (organization_id, name) VALUES (NULL, 'Floaters') RETURNING id",
    )
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    let (status, body) = api
        .post(
            &admin,
            &format!("/orgs/{northwind}/team-assignments"),
            json!({ "team_id": team }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Floaters");
    let (status, _) = api
        .call(
            &admin,
            Method::DELETE,
            &format!("/orgs/{northwind}/team-assignments/{team}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, teams) = api.get(&admin, &format!("/orgs/{northwind}/teams")).await;
    assert!(teams.as_array().unwrap().iter().all(|t| t["id"] != team));
}

#[tokio::test]
async fn members_and_seats_follow_the_seat_cap() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    let base = format!("/orgs/{northwind}");

    // Paging with a cursor visits everyone once.
    let (_, first) = api.get(&token, &format!("{base}/members")).await;
    let everyone = first["data"].as_array().unwrap().len();
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = api
            .get(&token, &format!("{base}/members?limit=3&cursor={cursor}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["email"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), everyone);
    let (status, body) = api.get(&token, &format!("{base}/members?cursor=abc")).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cursor"))
    );

    let (_, seats) = api.get(&token, &format!("{base}/seats")).await;
    let free = seats["free"].as_i64().unwrap();
    // Use up every free seat but one, then add one member, then the next is refused.
    let (status, body) = api
        .post(
            &token,
            &format!("{base}/seats"),
            json!({ "count": 1 - free, "note": "tighten" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["free"], 1);
    let (status, member) = api
        .post(
            &token,
            &format!("{base}/members"),
            json!({ "email": "new.person@northwind.example", "name": "New Person" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    assert_eq!(member["status"], "active");
    let (status, body) = api
        .post(
            &token,
            &format!("{base}/members"),
            json!({ "email": "one.more@northwind.example", "name": "One More" }),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, "conflict"),
        "{body}"
    );
    assert!(
        body["error"]["message"].as_str().unwrap().contains("seat"),
        "{body}"
    );
    let (status, body) = api
        .post(
            &token,
            &format!("{base}/invitations"),
            json!({ "emails": ["a@x.example"] }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "invitations hold seats too: {body}");
    // Bad input names the field.
    let (status, body) = api
        .post(
            &token,
            &format!("{base}/members"),
            json!({ "email": "not an email" }),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("email"))
    );

    // Role and team changes, then removal frees the seat.
    let user = member["user_id"].as_i64().unwrap();
    let (status, body) = api
        .call(
            &token,
            Method::PUT,
            &format!("{base}/members/{user}/role"),
            Some(json!({ "role": "manager" })),
        )
        .await;
    assert_eq!(
        (status, body["role"].as_str()),
        (StatusCode::OK, Some("manager")),
        "{body}"
    );
    let team: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE organization_id = ?1 LIMIT 1")
        .bind(northwind)
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    let (status, body) = api
        .call(
            &token,
            Method::PUT,
            &format!("{base}/members/{user}/team"),
            Some(json!({ "team_id": team })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["teams"][0]["id"], team);
    assert_eq!(
        api.call(&token, Method::DELETE, &format!("{base}/members/{user}"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (_, seats) = api.get(&token, &format!("{base}/seats")).await;
    assert_eq!(seats["free"], 1);
    let (status, body) = api
        .post(
            &token,
            &format!("{base}/invitations"),
            json!({ "emails": ["a@x.example"], "role": "member" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["invited"], json!(["a@x.example"]));
    let (_, ledger) = api.get(&token, &format!("{base}/seats/ledger?limit=2")).await;
    assert_eq!(ledger["data"][0]["kind"], "held");
    assert!(ledger["next_cursor"].is_string());
}

#[tokio::test]
async fn courses_and_assignments() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    let (status, courses) = api.get(&token, "/courses").await;
    assert_eq!(status, StatusCode::OK);
    assert!(courses
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "published"));
    let (status, _) = api.get(&token, "/courses?status=draft").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let course = courses[0]["id"].as_i64().unwrap();
    let team: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE organization_id = ?1 LIMIT 1")
        .bind(northwind)
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    let base = format!("/orgs/{northwind}/assignments");
    let (status, body) = api
        .post(
            &token,
            &base,
            json!({ "course_ids": [course], "level": "team", "team_id": team, "due_date": "2031-01-31" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let made = body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["course_id"] == course && a["level"] == "team" && a["target_id"] == team)
        .expect("listed")
        .clone();
    assert_eq!(made["due_date"], "2031-01-31");
    let (status, body) = api
        .post(
            &token,
            &base,
            json!({ "course_ids": [course], "level": "galaxy" }),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("level"))
    );
    let id = made["id"].as_i64().unwrap();
    assert_eq!(
        api.call(&token, Method::DELETE, &format!("{base}/{id}"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.call(&token, Method::DELETE, &format!("{base}/{id}"), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

/// Adds `n` active members to `org` straight in SQL (test data, not a flow under test).
async fn add_people(db: &TestDb, org: OrgId, n: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut tx = db.pool.begin().await.unwrap();
    for i in 0..n {
        let id: i64 = sqlx::query_scalar("INSERT INTO users (email, name) VALUES (?1, ?2) RETURNING id")
            .bind(format!("bulk{i}@northwind.example"))
            .bind(format!("Bulk {i}"))
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO memberships (organization_id, user_id, role, status, joined_at) VALUES (?1, ?2, 'member', 'active', '2026-01-01T00:00:00Z')")
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        ids.push(id);
    }
    sqlx::query("UPDATE organizations SET seat_count = seat_count + ?2 WHERE id = ?1")
        .bind(org)
        .bind(n)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    ids
}

#[tokio::test]
async fn bulk_progress_is_all_or_nothing_and_idempotent() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    let people = add_people(&api.db, northwind, 1000).await;
    // Their places in the rollup, as the background settling would make them.
    orgboard::server::repo::report_sync::settle(&api.db.pool)
        .await
        .unwrap();
    let courses: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, lesson_count FROM courses ORDER BY id LIMIT 10")
            .fetch_all(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(courses.len(), 10, "the demo catalog has ten courses");
    let mut rows: Vec<Value> = Vec::new();
    for p in &people {
        for (c, _) in &courses {
            rows.push(json!({ "user_id": p, "course_id": c, "status": "completed", "score": 90, "time_spent_seconds": 600 }));
        }
    }
    assert_eq!(rows.len(), 10_000);
    let count_sql = format!(
        "SELECT COUNT(*) FROM progress WHERE organization_id = {} AND status = 'completed'",
        northwind.0
    );
    let before = api.db.count(&count_sql).await;
    let audit_before = api.db.count("SELECT COUNT(*) FROM audit_log").await;

    // Row 7,321 is wrong: nothing is written and the row is named.
    let mut bad = rows.clone();
    bad[7321]["status"] = json!("finished");
    let (status, body) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/progress/bulk"),
            json!({ "rows": bad }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "rows[7321].status", "{}", body["error"]);
    assert_eq!(body["error"]["rows"].as_array().unwrap().len(), 1);
    assert_eq!(api.db.count(&count_sql).await, before, "nothing written");
    assert_eq!(api.db.count("SELECT COUNT(*) FROM audit_log").await, audit_before);

    let send = |key: &'static str, rows: Vec<Value>| {
        let req = api
            .http
            .post(format!("{}/orgs/{northwind}/progress/bulk", api.base))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(&json!({ "rows": rows }));
        async move { req.send().await.unwrap() }
    };
    let res = send("load-1", rows.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let first: Value = res.json().await.unwrap();
    assert_eq!(first["recorded"], 10_000);
    assert_eq!(api.db.count(&count_sql).await, before + 10_000);
    // The reports see them at once (summaries written with the rows).
    let summed = api
        .db
        .count(&format!(
            "SELECT COALESCE(SUM(completed), 0) FROM report_summary WHERE organization_id = {} AND scope = 'organization' AND removed = 0",
            northwind.0
        ))
        .await;
    assert_eq!(
        summed,
        api.db.count(&format!("{count_sql} AND removed = 0")).await
    );

    // A retry with the same key: the first answer, nothing written twice.
    let audit_after = api.db.count("SELECT COUNT(*) FROM audit_log").await;
    let res = send("load-1", rows.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(res.json::<Value>().await.unwrap(), first);
    assert_eq!(api.db.count("SELECT COUNT(*) FROM audit_log").await, audit_after);
    // The same key with another body is refused.
    let res = send("load-1", rows[..5].to_vec()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // One event; its error names the field directly.
    let (status, body) = api
        .post(&token, &format!("/orgs/{northwind}/progress"), json!({ "user_id": people[0], "course_id": courses[0].0, "status": "in_progress", "percent": 150 }))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("percent"))
    );
    let (status, body) = api
        .post(&token, &format!("/orgs/{northwind}/progress"), json!({ "user_id": people[0], "course_id": courses[0].0, "status": "in_progress", "lessons_done": 1 }))
        .await;
    assert_eq!(
        (status, body["recorded"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{body}"
    );
    // Too many rows.
    let (status, body) = api
        .post(
            &token,
            &format!("/orgs/{northwind}/progress/bulk"),
            json!({ "rows": [] }),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("rows"))
    );
}

#[tokio::test]
async fn reports_as_json_equal_the_pages_reports() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read").await;
    for view in ["courses", "users", "rollup", "trend"] {
        let (status, body) = api
            .get(&token, &format!("/orgs/{northwind}/reports/{view}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{view}: {body}");
        assert_eq!(body["view"], view);
        // The same report through the server function the page calls.
        let _o = api.db.as_demo(demo::OWNER).await;
        let page = orgboard::api::reports::get_report(
            northwind,
            orgboard::domain::reports::ReportQuery {
                view: view.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(body["table"]["columns"], json!(page.table.headers));
        assert_eq!(
            body["table"]["rows"].as_array().unwrap().len(),
            page.table.rows.len()
        );
        for (row, cells) in body["table"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&page.table.rows)
        {
            for (h, c) in page.table.headers.iter().zip(cells) {
                let v = &row[h];
                let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                assert_eq!(text, c.text, "{view} {h}");
            }
        }
    }
    let (status, body) = api.get(&token, &format!("/orgs/{northwind}/reports/pie")).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("view"))
    );
    let (status, body) = api
        .get(&token, &format!("/orgs/{northwind}/reports/trend?from=yesterday"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn the_audit_log_is_read_filtered_and_paged() {
    let api = Api::start().await;
    let (northwind, _) = ids(&api).await;
    let token = api.token(Some(northwind), demo::OWNER, "read_write").await;
    api.post(
        &token,
        &format!("/orgs/{northwind}/teams"),
        json!({ "name": "Audited" }),
    )
    .await;
    let (status, body) = api
        .get(&token, &format!("/orgs/{northwind}/audit?action=team.&limit=1"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let entry = &body["data"][0];
    assert_eq!(entry["action"], "team.created");
    assert_eq!(entry["details"]["name"], "Audited");
    assert!(
        entry["actor"].as_str().unwrap().starts_with("API token"),
        "{entry}"
    );
    let all = api
        .get(&token, &format!("/orgs/{northwind}/audit?limit=500"))
        .await
        .1;
    assert!(all["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["organization_id"] == northwind.0));
    let (status, body) = api
        .get(&token, &format!("/orgs/{northwind}/audit?from=11/30"))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("from"))
    );
    // A manager's token cannot exist: only owners and organization admins make tokens, and a
    // platform token reads everything.
    let admin = api.token(None, demo::ADMIN, "read").await;
    let (status, body) = api.get(&admin, "/audit?limit=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"].as_array().unwrap().len(), 2);
    let next = body["next_cursor"].as_str().unwrap();
    let (_, page2) = api.get(&admin, &format!("/audit?limit=2&cursor={next}")).await;
    assert!(page2["data"][0]["id"].as_i64() < body["data"][1]["id"].as_i64());
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document() {
    let api = Api::start().await;
    let res = api
        .http
        .get(format!("{}/openapi.json", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "the document needs no token");
    let doc: Value = res.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let mut documented = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    // Every handler in the REST sources, read from their route attributes.
    let mut declared = std::collections::BTreeSet::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rest");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains(".route(\"/") || text.contains("\"/openapi.json\""),
            "a route added outside utoipa-axum would be missing from the document"
        );
        for attr in text.split("#[utoipa::path(").skip(1) {
            let method = attr.split(',').next().unwrap().trim().to_uppercase();
            let path = attr
                .split("path = \"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            declared.insert((method, path));
        }
    }
    assert!(declared.len() >= 30, "{declared:?}");
    assert_eq!(declared, documented);
    // And every documented route answers (not the fallback) for a platform token.
    let admin = api.token(None, demo::ADMIN, "read").await;
    for (method, path) in &documented {
        if method != "GET" {
            continue;
        }
        let concrete = path.replace("{org}", "1").replace("{view}", "courses");
        let (status, body) = api.get(&admin, &concrete).await;
        assert_ne!(
            body["error"]["message"].as_str(),
            Some(rest::NO_SUCH_ROUTE),
            "{method} {path} is documented but not routed ({status})"
        );
    }
    let (status, body) = api.get(&admin, "/no/such/thing").await;
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (StatusCode::NOT_FOUND, Some(rest::NO_SUCH_ROUTE))
    );
}

#[tokio::test]
async fn token_management_is_for_owners_and_organization_admins() {
    use orgboard::api::tokens::{create_api_token, list_api_tokens, revoke_api_token};
    use orgboard::error::AppError;
    let db = TestDb::with_demo().await;
    let northwind = org_id(&db, "northwind-logistics").await;
    {
        let _o = db.as_demo(demo::MANAGER).await;
        assert_eq!(list_api_tokens(Some(northwind)).await, Err(AppError::Forbidden));
        assert_eq!(list_api_tokens(None).await, Err(AppError::Forbidden));
    }
    let _o = db.as_demo(demo::OWNER).await;
    // Another organization's tokens: refused, for every token function.
    let acme = org_id(&db, "acme-health-clinics").await;
    assert_eq!(list_api_tokens(Some(acme)).await, Err(AppError::Forbidden));
    assert_eq!(
        create_api_token(Some(acme), "x".into(), "read".into(), "never".into()).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(revoke_api_token(Some(acme), 1).await, Err(AppError::Forbidden));
    let created = create_api_token(
        Some(northwind),
        "HR sync".into(),
        "read_write".into(),
        "90".into(),
    )
    .await
    .unwrap();
    assert!(created.token.starts_with("obk_") && created.token.len() > 60);
    assert_eq!(created.row.access, TokenAccess::ReadWrite);
    assert!(created.row.expires_at.is_some());
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE id = ?1")
        .bind(created.row.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_ne!(stored, created.token, "only the hash is stored");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE instr(details, 'obk_') > 0")
            .await,
        0,
        "secrets never reach the audit log"
    );
    let list = list_api_tokens(Some(northwind)).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, "Active");
    assert!(matches!(
        create_api_token(Some(northwind), String::new(), "read".into(), "never".into()).await,
        Err(AppError::Invalid { field, .. }) if field == "name"
    ));
    revoke_api_token(Some(northwind), created.row.id).await.unwrap();
    assert_eq!(
        list_api_tokens(Some(northwind)).await.unwrap()[0].state,
        "Revoked"
    );
    assert_eq!(
        revoke_api_token(Some(northwind), created.row.id).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    use orgboard::server::serve::security_headers;
    for https in [false, true] {
        let app: axum::Router = axum::Router::new()
            .route("/", axum::routing::get(|| async { "page" }))
            .layer(axum::middleware::map_response(move |res| {
                security_headers(res, https)
            }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        for path in ["/", "/missing"] {
            let res = reqwest::get(format!("http://{addr}{path}")).await.unwrap();
            let h = res.headers();
            assert!(h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"));
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["x-frame-options"], "DENY");
            assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
            assert_eq!(
                h.contains_key("strict-transport-security"),
                https,
                "HSTS only over HTTPS"
            );
        }
    }
}

#[tokio::test]
async fn plan_features_switched_off_close_the_api_and_the_reports_on_both_surfaces() {
    use orgboard::api::org_admin::{get_org_features, save_org_features};
    use orgboard::api::reports::get_report;
    use orgboard::domain::features::FeaturesForm;

    let api = Api::start().await;
    let (nw, _) = ids(&api).await;
    let owner_token = api.token(Some(nw), demo::OWNER, "read_write").await;
    let (status, _) = api.get(&owner_token, &format!("/orgs/{nw}/members")).await;
    assert_eq!(status, StatusCode::OK, "Northwind's plan includes the API");

    {
        let _a = api.db.as_demo(demo::ADMIN).await;
        let before = get_org_features(nw).await.unwrap();
        assert!(before.org.feature_api && before.org.feature_reports);
        // Everything off but CSV export.
        save_org_features(
            nw,
            FeaturesForm {
                feature_csv_export: Some("on".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(!get_org_features(nw).await.unwrap().org.feature_api);
    }
    // The REST API: the token is fine, the organization may not use it.
    let (status, body) = api.get(&owner_token, &format!("/orgs/{nw}/members")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&body), "feature_off");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Plan features"),
        "{body}"
    );
    let _o = api.db.as_demo(demo::OWNER).await;
    // No new token either, saying why.
    let refused =
        orgboard::api::tokens::create_api_token(Some(nw), "again".into(), "read".into(), "never".into())
            .await
            .unwrap_err();
    assert!(
        refused.to_string().contains("API access is not part"),
        "{refused}"
    );
    // The pages: the Reports tab goes and the report answers with where to turn it on.
    let c = orgboard::api::members::get_org_context("northwind-logistics".into())
        .await
        .unwrap();
    assert!(!c.features.feature_reports && !c.features.feature_api);
    let e = get_report(nw, Default::default()).await.unwrap_err();
    assert!(e.to_string().contains("Reports are not part"), "{e}");
    let audited = api
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE organization_id = {nw} AND action = 'organization.features_changed'"
        ))
        .await;
    assert_eq!(audited, 1);
}

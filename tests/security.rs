//! Hardening over real HTTP against the whole site: CSRF, sign-in limits and the account lock,
//! session ends, the page CSP and its nonce, errors that never leak internals, and the audit
//! log viewers.

mod common;

use common::{org_id, user_id, Site, TestDb};
use leptos::server_fn::ServerFn;
use orgboard::domain::audit::AuditQuery;
use orgboard::domain::role::Role;
use orgboard::error::AppError;
use orgboard::server::guard::Guard;

const OWNER: &str = "olivia.owens@northwind.example";
const MEMBER: &str = "lena.fischer@northwind.example";
const MANAGER: &str = "mark.mensah@northwind.example";
const ACME_OWNER: &str = "aisha.rahman@acmehealth.example";

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_bearer_calls_are_not() {
    let site = Site::start(TestDb::with_demo().await).await;
    let cookie = site.demo_cookie(OWNER).await;
    let org = org_id(&site.db, "northwind-logistics").await;
    let path = orgboard::api::members::AddSeats::PATH.to_string();
    let body = form(&[("org", &org.to_string()), ("count", "5"), ("note", "csrf")]);
    let seats_before = site.db.count("SELECT COUNT(*) FROM seat_ledger").await;

    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "null"),
    ] {
        let req = site
            .http
            .post(format!("{}{path}", site.base))
            .header(reqwest::header::COOKIE, &cookie)
            .header(name, value)
            .form(&body);
        let a = site.send(req).await;
        assert_eq!(a.status, 403, "{name}: {value} → {}", a.body);
        assert!(a.body.contains("another site"), "{}", a.body);
    }
    assert_eq!(
        site.db.count("SELECT COUNT(*) FROM seat_ledger").await,
        seats_before,
        "nothing changed"
    );

    // The same request from the site itself works, with Origin or Sec-Fetch-Site.
    let ok = site.post_form(&path, Some(&cookie), &body).await;
    assert!(ok.status < 400, "{} {}", ok.status, ok.body);
    let req = site
        .http
        .post(format!("{}{path}", site.base))
        .header(reqwest::header::COOKIE, &cookie)
        .header("sec-fetch-site", "same-origin")
        .form(&body);
    assert!(site.send(req).await.status < 400);
    assert_eq!(
        site.db.count("SELECT COUNT(*) FROM seat_ledger").await,
        seats_before + 2
    );

    // The REST API is not cookie-based: a foreign Origin changes nothing about its answer.
    let req = site
        .http
        .get(format!("{}/api/v1/orgs", site.base))
        .header("origin", "https://evil.example");
    assert_eq!(site.send(req).await.status, 401);
    let req = site
        .http
        .post(format!("{}/api/v1/orgs/{org}/seats", site.base))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({"count": 1}));
    let a = site.send(req).await;
    assert_eq!(
        a.status, 401,
        "bearer-token routes are exempt from the CSRF check: {}",
        a.body
    );
}

#[tokio::test]
async fn sign_in_is_limited_per_address() {
    let site = Site::start_with(TestDb::with_demo().await, Guard::with_limits(5, 1000)).await;
    for _ in 0..5 {
        site.sign_in(OWNER, "wrong password").await.unwrap_err();
    }
    let refused = site
        .sign_in(OWNER, orgboard::server::seed::DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(refused.status, 429, "{}", refused.body);
    let wait: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(
        refused.body.contains("Too many sign-in attempts"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account() {
    let site = Site::start_with(TestDb::with_demo().await, Guard::with_limits(1000, 3)).await;
    for _ in 0..3 {
        let a = site.sign_in(MEMBER, "wrong password").await.unwrap_err();
        assert!(a.body.contains("BadCredentials"), "{}", a.body);
    }
    // Even the right password waits now, for this account only.
    let refused = site
        .sign_in(MEMBER, orgboard::server::seed::DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(refused.status, 429);
    assert!(refused.headers.contains_key("retry-after"));
    site.demo_cookie(OWNER).await;
    // Unknown emails are limited the same way (no hint which accounts exist).
    for _ in 0..3 {
        site.sign_in("nobody@example.com", "x").await.unwrap_err();
    }
    assert_eq!(
        site.sign_in("nobody@example.com", "x").await.unwrap_err().status,
        429
    );
}

#[tokio::test]
async fn removal_from_the_last_organization_ends_every_session() {
    let site = Site::start(TestDb::with_demo().await).await;
    let org = org_id(&site.db, "northwind-logistics").await;
    let member = site.demo_cookie(MEMBER).await;
    let member_again = site.demo_cookie(MEMBER).await;
    let who = orgboard::api::auth::GetCurrentUser::PATH;
    assert!(site
        .post_form(who, Some(&member), &[])
        .await
        .body
        .contains(MEMBER));

    let owner = site.demo_cookie(OWNER).await;
    let lena = user_id(&site.db, MEMBER).await;
    let removed = site
        .post_form(
            orgboard::api::members::RemoveMember::PATH,
            Some(&owner),
            &form(&[
                ("org", &org.to_string()),
                ("user_id", &lena.to_string()),
                ("history", "keep"),
            ]),
        )
        .await;
    assert!(removed.status < 400, "{} {}", removed.status, removed.body);
    for cookie in [&member, &member_again] {
        let a = site.post_form(who, Some(cookie), &[]).await;
        assert_eq!(a.body.trim(), "null", "signed out everywhere: {}", a.body);
    }
    // The owner (still in organizations) keeps their session.
    assert!(site.post_form(who, Some(&owner), &[]).await.body.contains(OWNER));
}

#[tokio::test]
async fn pages_carry_a_script_policy_with_the_nonce_of_their_inline_scripts() {
    let site = Site::start(TestDb::with_demo().await).await;
    let page = site.get("/signin", None).await;
    assert_eq!(page.status, 200);
    let csp = page.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {csp}"));
    assert!(nonce.len() >= 16);
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    assert!(!csp.contains("unsafe-inline'; img") || !csp.contains("script-src 'self' 'unsafe-inline'"));
    let mut inline = 0;
    for tag in page.body.split("<script").skip(1) {
        let open = tag.split('>').next().unwrap_or_default();
        if open.contains("src=") {
            continue;
        }
        inline += 1;
        assert!(
            open.contains(&format!("nonce=\"{nonce}\"")),
            "an inline script without this response's nonce: <script{open}>"
        );
    }
    assert!(inline >= 1, "the hydration script is inline");
    // Another request gets another nonce.
    let again = site.get("/signin", None).await;
    assert_ne!(again.headers["content-security-policy"].to_str().unwrap(), csp);
    // Non-pages allow nothing to run.
    let api = site.get("/api/v1/openapi.json", None).await;
    assert!(api.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

/// Words that would mean an internal detail reached the caller.
const LEAKS: [&str; 12] = [
    "sqlx",
    "sqlite",
    "syntax error",
    "constraint",
    "panicked",
    "src/",
    "/work",
    "/home",
    ".rs:",
    "stack backtrace",
    "no such table",
    "database is locked",
];

fn assert_no_leak(what: &str, a: &common::Answer) {
    let body = a.body.to_lowercase();
    for word in LEAKS {
        assert!(
            !body.contains(word),
            "{what} ({}) leaks {word:?}: {}",
            a.status,
            a.body
        );
    }
}

#[tokio::test]
async fn error_bodies_never_carry_internals() {
    let site = Site::start(TestDb::with_demo().await).await;
    let owner = site.demo_cookie(OWNER).await;
    let org = org_id(&site.db, "northwind-logistics").await.to_string();
    let nasty = [
        "'; DROP TABLE users; --",
        "\" OR 1=1 --",
        "%",
        "\u{0}",
        "99999999999999999999999",
        "-1",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "",
    ];
    let fns = [
        orgboard::api::members::ListMembers::PATH,
        orgboard::api::members::AddMember::PATH,
        orgboard::api::members::AddSeats::PATH,
        orgboard::api::members::RemoveMember::PATH,
        orgboard::api::members::ChangeMemberRole::PATH,
        orgboard::api::reports::GetReport::PATH,
        orgboard::api::audit::ListAudit::PATH,
        orgboard::api::auth::SignIn::PATH,
        orgboard::api::structure::CreateTeam::PATH,
    ];
    let mut checked = 0;
    for path in fns {
        for value in nasty {
            let bodies = [
                form(&[("org", value)]),
                form(&[
                    ("org", &org),
                    ("user_id", value),
                    ("count", value),
                    ("email", value),
                    ("role", value),
                ]),
                form(&[
                    ("org", &org),
                    ("query[q]", value),
                    ("query[from]", value),
                    ("name", value),
                ]),
            ];
            for body in bodies {
                let a = site.post_form(path, Some(&owner), &body).await;
                assert_no_leak(path, &a);
                checked += 1;
            }
        }
        // A body that is not a form at all, and an unknown function.
        let req = site
            .http
            .post(format!("{}{path}", site.base))
            .header("origin", site.origin())
            .header(reqwest::header::COOKIE, &owner)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(vec![0xff, 0xfe, b'=', 0x00]);
        assert_no_leak(path, &site.send(req).await);
    }
    assert_no_leak(
        "unknown",
        &site.post_form("/api/no_such_fn", Some(&owner), &[]).await,
    );
    for path in [
        format!("/api/v1/orgs/{org}/members?limit=-5&cursor=%27"),
        "/api/v1/orgs/abc".to_string(),
        "/api/v1/nothing/here".to_string(),
        "/orgs/northwind-logistics/audit.csv?from=yesterday".to_string(),
        "/orgs/northwind-logistics/reports.csv?view=%27".to_string(),
        "/orgs/%27%20OR%201=1/members.csv".to_string(),
        "/pkg/../../Cargo.toml".to_string(),
    ] {
        assert_no_leak(&path, &site.get(&path, Some(&owner)).await);
        checked += 1;
    }
    let req = site
        .http
        .post(format!("{}/api/v1/orgs/{org}/progress/bulk", site.base))
        .header("authorization", "Bearer obk_not_a_token")
        .body("{not json");
    assert_no_leak("rest", &site.send(req).await);
    assert!(checked > 200);
}

#[tokio::test]
async fn audit_viewers_show_one_organization_to_its_admins_and_everything_to_platform_admins() {
    use orgboard::api::audit::list_audit;
    let db = TestDb::with_demo().await;
    let northwind = org_id(&db, "northwind-logistics").await;
    let acme = org_id(&db, "acme-health-clinics").await;

    // A change in each organization, and one refused attempt across the line.
    let _o = db.as_demo(OWNER).await;
    orgboard::api::members::add_seats(northwind, "3".into(), "audit test".into())
        .await
        .unwrap();
    let refused = orgboard::api::members::get_seats(acme).await.unwrap_err();
    assert_eq!(refused, AppError::Forbidden);

    let page = list_audit(Some(northwind), AuditQuery::default()).await.unwrap();
    assert!(!page.rows.is_empty());
    assert!(
        page.rows.iter().all(|r| r.organization == "Northwind Logistics"),
        "own organization only"
    );
    assert!(page.rows.iter().any(|r| r.action == "seats.changed"));
    assert!(
        !page.rows.iter().any(|r| r.action == "access.denied"),
        "refusals are platform-wide entries, not in the organization's log"
    );
    // Filters: action prefix, actor, target, dates (a bad date names its field).
    let only = list_audit(
        Some(northwind),
        AuditQuery {
            actor: "olivia".into(),
            action: "seat".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(only.rows.iter().all(|r| r.actor.contains("olivia")));
    let bad = list_audit(
        Some(northwind),
        AuditQuery {
            from: "yesterday".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(bad, AppError::Invalid { ref field, .. } if field == "from"));
    // Another organization's log and the platform log are not theirs.
    assert_eq!(
        list_audit(Some(acme), AuditQuery::default()).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        list_audit(None, AuditQuery::default()).await.unwrap_err(),
        AppError::Forbidden
    );
    drop(_o);

    // A manager may not read the log.
    let _m = db.as_demo(MANAGER).await;
    assert_eq!(
        list_audit(Some(northwind), AuditQuery::default())
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    drop(_m);

    // The platform admin sees the refusal, who tried it and where.
    let _a = db.as_demo("admin@orgboard.example").await;
    let denied = list_audit(
        None,
        AuditQuery {
            action: "access.denied".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(denied
        .rows
        .iter()
        .any(|r| r.actor == OWNER && r.target_type == "organization" && r.target_id == acme.to_string()));
    let sign_ins = list_audit(
        None,
        AuditQuery {
            action: "user.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(sign_ins.rows.iter().any(|r| r.action == "user.sign_in"));
}

#[tokio::test]
async fn audit_pages_page_back_and_the_csv_holds_the_filtered_entries() {
    let site = Site::start(TestDb::with_demo().await).await;
    let owner = site.demo_cookie(OWNER).await;
    let org = org_id(&site.db, "northwind-logistics").await;
    let _o = site.db.as_demo(OWNER).await;
    for i in 0..60 {
        orgboard::api::members::add_seats(org, "1".into(), format!("batch {i}"))
            .await
            .unwrap();
    }
    drop(_o);
    let _o = site.db.as_demo(OWNER).await;
    let q = AuditQuery {
        action: "seats.changed".into(),
        ..Default::default()
    };
    let first = orgboard::api::audit::list_audit(Some(org), q.clone())
        .await
        .unwrap();
    assert_eq!(first.rows.len() as i64, orgboard::domain::audit::PAGE_SIZE);
    let before = first.older.expect("an older page");
    let second = orgboard::api::audit::list_audit(Some(org), AuditQuery { before, ..q.clone() })
        .await
        .unwrap();
    assert!(second.rows.iter().all(|r| r.id < before));
    let all = first.rows.len() + second.rows.len();
    let stored = site
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE organization_id = {org} AND action = 'seats.changed'"
        ))
        .await;
    assert_eq!(all as i64, stored, "two pages hold every entry once");

    let csv = site
        .get(
            "/orgs/northwind-logistics/audit.csv?action=seats.changed",
            Some(&owner),
        )
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("northwind-logistics-audit.csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("id,at,actor,organization,action"));
    assert_eq!(lines.len() as i64 - 1, stored);
    assert!(lines[1..].iter().all(|l| l.contains(",seats.changed,")));
    // Not for a manager, not for another organization's owner, all for the platform admin.
    let manager = site.demo_cookie(MANAGER).await;
    assert_eq!(
        site.get("/orgs/northwind-logistics/audit.csv", Some(&manager))
            .await
            .status,
        403
    );
    let acme = site.demo_cookie(ACME_OWNER).await;
    assert_eq!(
        site.get("/orgs/northwind-logistics/audit.csv", Some(&acme))
            .await
            .status,
        403
    );
    assert_eq!(site.get("/admin/audit.csv", Some(&owner)).await.status, 403);
    let admin = site.demo_cookie("admin@orgboard.example").await;
    let everything = site.get("/admin/audit.csv", Some(&admin)).await;
    assert!(everything.body.lines().count() as i64 > stored);
    let _ = Role::Owner;
}

#[tokio::test]
async fn an_organization_sends_at_most_its_hourly_invitations() {
    // The limit is the site's setting (ORGBOARD_INVITATIONS_PER_HOUR), here a small one.
    let mut config = orgboard::server::config::Config::default();
    config.policy.invitations_per_org_per_hour = 40;
    let site = Site::start_configured(
        TestDb::with_demo().await,
        config,
        orgboard::server::guard::Guard::with_limits(100_000, 100_000),
    )
    .await;
    let owner = site.demo_cookie(OWNER).await;
    let org = org_id(&site.db, "northwind-logistics").await;
    sqlx::query("UPDATE organizations SET seat_count = 100000 WHERE id = ?1")
        .bind(org)
        .execute(&site.db.pool)
        .await
        .unwrap();
    let limit = 40;
    // The organization has already sent all but two of its invitation mails this hour.
    let already = site
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM invitation_sends WHERE organization_id = {org}
               AND sent_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour')"
        ))
        .await;
    for _ in already..limit - 2 {
        sqlx::query("INSERT INTO invitation_sends (organization_id, sent_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
            .bind(org)
            .execute(&site.db.pool)
            .await
            .unwrap();
    }
    let invite = |emails: &str| {
        form(&[
            ("org", &org.to_string()),
            ("emails", emails),
            ("role", "member"),
            ("team", ""),
        ])
    };
    let path = orgboard::api::members::InviteMembers::PATH;
    let refused = site
        .post_form(
            path,
            Some(&owner),
            &invite("a@rate.example, b@rate.example, c@rate.example"),
        )
        .await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.headers.contains_key("retry-after"));
    assert!(
        refused.body.contains("invitations in the last hour"),
        "{}",
        refused.body
    );
    assert_eq!(
        site.db
            .count("SELECT COUNT(*) FROM invitations WHERE email LIKE '%@rate.example'")
            .await,
        0,
        "nothing of a refused batch is sent"
    );
    let ok = site
        .post_form(path, Some(&owner), &invite("a@rate.example, b@rate.example"))
        .await;
    assert!(ok.status < 400, "{} {}", ok.status, ok.body);
    let one_more = site
        .post_form(path, Some(&owner), &invite("d@rate.example"))
        .await;
    assert_eq!(one_more.status, 429);
}

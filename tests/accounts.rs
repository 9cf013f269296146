//! Accounts people can trust (issue 16), on a real database and over real HTTP: sign-ups are
//! confirmed by a mailed link before anything works, an administrator's add takes back an
//! address nobody proved, reset links work once, password changes end other sessions, a
//! stranger's flood of wrong passwords never stops the person on their own browser, every
//! invitation mail counts against the hourly limit, and no token reaches the log.
#![cfg(feature = "ssr")]

mod common;

use std::sync::Arc;

use common::{demo, open_acme_to_joins, org_id, user_id, Site, TestDb};
use leptos::server_fn::ServerFn;
use orgboard::domain::account::LinkPurpose;
use orgboard::domain::members::{Bulk, BulkAction, NewMemberForm};
use orgboard::error::AppError;
use orgboard::server::auth::{self, Caller};
use orgboard::server::config::Config;
use orgboard::server::guard::Guard;
use orgboard::server::seed::DEMO_PASSWORD;
use orgboard::service::{accounts, members as ops};
use tower_sessions::Session;
use tower_sessions_sqlx_store::SqliteStore;

const STRANGER_PASSWORD: &str = "the stranger's own phrase";

/// The newest message to `email` whose subject contains `subject`: its body.
async fn mail_to(db: &TestDb, email: &str, subject: &str) -> String {
    sqlx::query_scalar(
        "SELECT body FROM outbox WHERE to_email = ?1 AND subject LIKE '%' || ?2 || '%' ORDER BY id DESC LIMIT 1",
    )
    .bind(email)
    .bind(subject)
    .fetch_optional(&db.pool)
    .await
    .unwrap()
    .unwrap_or_else(|| panic!("a mail to {email} about {subject:?}"))
}

/// The token of the link to `path` in `body`.
fn token_in(body: &str, path: &str) -> Option<String> {
    let start = body.find(&format!("{path}?token="))? + path.len() + "?token=".len();
    Some(body.get(start..start + 64)?.to_string())
}

/// A fresh session in the test store of `db`.
async fn session(db: &TestDb) -> Session {
    let store = SqliteStore::new(db.pool.clone());
    Session::new(None, Arc::new(store), None)
}

async fn stranger_joins(db: &TestDb, email: &str) -> Result<String, AppError> {
    let _anon = db.as_anonymous();
    orgboard::api::join::join_org(
        "acme-health-clinics".into(),
        "Not The Hire".into(),
        email.into(),
        STRANGER_PASSWORD.into(),
        STRANGER_PASSWORD.into(),
    )
    .await
}

#[tokio::test]
async fn a_stranger_cannot_pre_hijack_a_later_hires_account() {
    let db = TestDb::with_demo().await;
    open_acme_to_joins(&db).await;
    let hire = "new.hire@acmehealth.example";
    let acme = org_id(&db, "acme-health-clinics").await;

    // The stranger signs up with the hire's address and a password of their choosing.
    let answer = stranger_joins(&db, hire).await.unwrap();
    assert!(answer.starts_with("Check your inbox"), "{answer}");
    let who = user_id(&db, hire).await;
    let members = db
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE user_id = {}",
            who.0
        ))
        .await;
    assert_eq!(members, 0, "no membership before the address is confirmed");
    let s = session(&db).await;
    assert_eq!(
        auth::sign_in(&db.pool, &s, hire, STRANGER_PASSWORD)
            .await
            .unwrap_err(),
        AppError::BadCredentials,
        "an unconfirmed account cannot sign in"
    );
    let stranger_link = token_in(&mail_to(&db, hire, "Confirm your address").await, "/verify-email").unwrap();

    // Acme's owner later adds the real hire as a manager.
    {
        let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
        orgboard::api::members::add_member(
            acme,
            NewMemberForm {
                name: "New Hire".into(),
                email: hire.into(),
                role: "manager".into(),
                teams: vec![],
            },
        )
        .await
        .unwrap();
    }
    // The stranger's password is gone and their confirmation link is dead…
    assert_eq!(
        auth::sign_in(&db.pool, &s, hire, STRANGER_PASSWORD)
            .await
            .unwrap_err(),
        AppError::BadCredentials,
        "the password typed before verification stops working"
    );
    let dead = accounts::check_link(&db.pool, LinkPurpose::VerifyEmail, &stranger_link).await;
    assert!(
        matches!(&dead, Err(AppError::Conflict(m)) if m.starts_with("This link has expired or was already used.")),
        "{:?}",
        dead.as_ref().err()
    );
    let stranger_mail = mail_to(&db, hire, "Confirm your address").await;
    assert!(
        !stranger_mail.contains(&stranger_link) && stranger_mail.contains("no longer works"),
        "the dead link is gone from the outbox: {stranger_mail}"
    );
    // …and the real hire gets a set-password link, like a new person.
    let set = token_in(
        &mail_to(&db, hire, "Set your Orgboard password").await,
        "/set-password",
    )
    .unwrap();
    let chosen = accounts::choose_password(
        &db.pool,
        LinkPurpose::SetPassword,
        &set,
        "the real hire's phrase",
        "the real hire's phrase",
    )
    .await
    .unwrap();
    assert_eq!(chosen.user, who);
    let me = auth::sign_in(&db.pool, &s, hire, "the real hire's phrase")
        .await
        .unwrap();
    assert_eq!(me.id, who);
    assert_eq!(
        auth::sign_in(&db.pool, &session(&db).await, hire, STRANGER_PASSWORD)
            .await
            .unwrap_err(),
        AppError::BadCredentials
    );
}

#[tokio::test]
async fn a_sign_up_works_only_after_its_link_and_the_answer_never_tells_who_has_an_account() {
    let db = TestDb::with_demo().await;
    open_acme_to_joins(&db).await;
    let rosa = "rosa.lind@acmehealth.example";
    let new_answer = stranger_joins(&db, rosa).await.unwrap();
    // An address with an account already gets the same answer (and a mail saying so).
    let existing = "amara.yilmaz@acmehealth.example";
    let taken_answer = stranger_joins(&db, existing).await.unwrap();
    assert_eq!(
        new_answer.replace(rosa, "X"),
        taken_answer.replace(existing, "X"),
        "the same answer either way"
    );
    assert!(mail_to(&db, existing, "Joining")
        .await
        .contains("already has an account"));
    let existing_hash: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = ?1")
            .bind(existing)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(existing_hash.is_some(), "the existing account is untouched");

    // The link confirms the address, starts the membership and works once, even when opened
    // many times at once.
    let token = token_in(&mail_to(&db, rosa, "Confirm your address").await, "/verify-email").unwrap();
    let tries: Vec<_> = (0..10)
        .map(|_| {
            let pool = db.pool.clone();
            let token = token.clone();
            tokio::spawn(async move { orgboard::service::join::confirm(&pool, &token).await })
        })
        .collect();
    let mut confirmed = 0;
    for t in tries {
        if let Ok(c) = t.await.unwrap() {
            assert!(c.message.contains("you are a member now"), "{}", c.message);
            confirmed += 1;
        }
    }
    assert_eq!(confirmed, 1, "one of ten concurrent uses confirms");
    let s = session(&db).await;
    auth::sign_in(&db.pool, &s, rosa, STRANGER_PASSWORD)
        .await
        .expect("a confirmed account signs in");
    let acme = org_id(&db, "acme-health-clinics").await;
    let rosa_id = user_id(&db, rosa).await;
    let active = db
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE user_id = {} AND organization_id = {} AND status = 'active'",
            rosa_id.0, acme.0
        ))
        .await;
    assert_eq!(active, 1);
}

#[tokio::test]
async fn a_reset_link_works_once_even_under_twenty_concurrent_uses_and_ends_every_session() {
    let db = TestDb::with_demo().await;
    let email = demo::MEMBER;
    let before = session(&db).await;
    auth::sign_in(&db.pool, &before, email, DEMO_PASSWORD)
        .await
        .unwrap();
    let state = db.state();

    let unknown = accounts::request_reset(&db.pool, &Config::default(), "nobody@northwind.example")
        .await
        .unwrap();
    let known = accounts::request_reset(&db.pool, &Config::default(), email)
        .await
        .unwrap();
    assert_eq!(
        unknown.replace("nobody@northwind.example", "X"),
        known.replace(email, "X"),
        "the same answer whether or not the account exists"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM outbox WHERE to_email = 'nobody@northwind.example'")
            .await,
        0
    );
    let token = token_in(&mail_to(&db, email, "Reset your").await, "/reset-password").unwrap();

    let uses: Vec<_> = (0..20)
        .map(|i| {
            let pool = db.pool.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let password = format!("new pass phrase number {i}");
                accounts::choose_password(&pool, LinkPurpose::ResetPassword, &token, &password, &password)
                    .await
                    .map(|_| password)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for u in uses {
        match u.await.unwrap() {
            Ok(password) => winners.push(password),
            Err(AppError::Conflict(m)) => {
                assert!(m.starts_with("This link has expired or was already used."), "{m}")
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one of 20 parallel uses succeeds");
    let policy = &state.config.policy;
    assert!(
        auth::current_user(&db.pool, policy, &before)
            .await
            .unwrap()
            .is_none(),
        "the session from before the reset has ended"
    );
    let s = session(&db).await;
    assert_eq!(
        auth::sign_in(&db.pool, &s, email, DEMO_PASSWORD)
            .await
            .unwrap_err(),
        AppError::BadCredentials
    );
    auth::sign_in(&db.pool, &s, email, &winners[0]).await.unwrap();
    let body = mail_to(&db, email, "Reset your").await;
    assert!(
        !body.contains(&token) && body.contains("[this link was used"),
        "{body}"
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_and_keeps_this_one() {
    let site = Site::start(TestDb::with_demo().await).await;
    let email = demo::MEMBER;
    let here = site.demo_cookie(email).await;
    let there = site.demo_cookie(email).await;
    let who = |cookie: String| {
        let site = &site;
        async move {
            site.post_form(orgboard::api::auth::GetCurrentUser::PATH, Some(&cookie), &[])
                .await
                .body
        }
    };
    assert!(who(there.clone()).await.contains(email));

    let change = |current: &str| {
        vec![
            ("current".to_string(), current.to_string()),
            ("password".to_string(), "a fresh pass phrase".to_string()),
            ("confirm".to_string(), "a fresh pass phrase".to_string()),
        ]
    };
    let wrong = site
        .post_form(
            orgboard::api::account::ChangeMyPassword::PATH,
            Some(&here),
            &change("not it at all"),
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("not your current password"), "{}", wrong.body);
    let ok = site
        .post_form(
            orgboard::api::account::ChangeMyPassword::PATH,
            Some(&here),
            &change(DEMO_PASSWORD),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(who(here).await.contains(email), "this session goes on");
    assert_eq!(who(there).await, "null", "the other session has ended");
    assert!(site.sign_in(email, "a fresh pass phrase").await.is_ok());
}

#[tokio::test]
async fn create_admin_on_an_existing_account_ends_its_sessions() {
    let db = TestDb::with_demo().await;
    let s = session(&db).await;
    auth::sign_in(&db.pool, &s, demo::MEMBER, DEMO_PASSWORD)
        .await
        .unwrap();
    accounts::create_or_promote_admin(
        &db.pool,
        demo::MEMBER,
        "Lena Fischer",
        "an operator's pass phrase",
    )
    .await
    .unwrap();
    let policy = Config::default().policy;
    assert!(auth::current_user(&db.pool, &policy, &s).await.unwrap().is_none());
}

#[tokio::test]
async fn a_trusted_browser_signs_in_while_two_hundred_wrong_passwords_arrive_from_elsewhere() {
    // Generous per-address limits: the attacker and the person share the loopback address here.
    let site = Site::start_with(TestDb::with_demo().await, Guard::with_limits(10_000, 10)).await;
    let email = demo::MEMBER;
    let (_, device) = site.sign_in_from(email, DEMO_PASSWORD, None).await.unwrap();
    let device = device.expect("a successful sign-in leaves a device cookie");

    let (mut wrong, mut refused) = (0, 0);
    for i in 0..200 {
        match site.sign_in_from(email, &format!("guess number {i}"), None).await {
            Err(a) if a.status == 401 => wrong += 1,
            Err(a) if a.status == 429 => refused += 1,
            other => panic!("{:?}", other.map(|_| ()).map_err(|a| (a.status, a.body))),
        }
    }
    println!("flood of 200 wrong passwords: {wrong} checked (401), {refused} refused (429)");
    assert!(
        wrong <= 12,
        "at most the per-account allowance is checked: {wrong}"
    );
    assert_eq!(wrong + refused, 200);
    // The right password from a browser without the device cookie waits too…
    let stranger = site.sign_in_from(email, DEMO_PASSWORD, None).await.unwrap_err();
    assert_eq!(stranger.status, 429);
    // …but the person's own browser signs in at once.
    site.sign_in_from(email, DEMO_PASSWORD, Some(&device))
        .await
        .expect("the trusted browser is never locked out");
    // A forged or another person's device cookie is worth nothing.
    let last = if device.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &device[..device.len() - 1]);
    assert_eq!(
        site.sign_in_from(email, DEMO_PASSWORD, Some(&forged))
            .await
            .unwrap_err()
            .status,
        429
    );

    // An unknown email is refused with the very same message.
    let mut unknown = None;
    for i in 0..15 {
        if let Err(a) = site
            .sign_in_from("nobody@northwind.example", &format!("g{i}"), None)
            .await
        {
            if a.status == 429 {
                unknown = Some(a.body);
                break;
            }
        }
    }
    let digits = |s: &str| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
    assert_eq!(digits(&unknown.expect("refused")), digits(&stranger.body));
}

#[tokio::test]
async fn at_most_a_few_hashes_run_at_once() {
    let started = std::time::Instant::now();
    let hashes: Vec<_> = (0..24)
        .map(|i| tokio::spawn(orgboard::server::password::verify(format!("guess {i}"), None)))
        .collect();
    for h in hashes {
        assert!(!h.await.unwrap().unwrap());
    }
    let peak = orgboard::server::password::peak_at_once();
    println!(
        "24 concurrent password checks: at most {peak} hashing at once, {:?} in all",
        started.elapsed()
    );
    assert!((1..=4).contains(&peak), "{peak}");
}

#[tokio::test]
async fn the_invitation_limit_counts_every_send() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let config = Config {
        policy: orgboard::server::guard::Policy {
            invitations_per_org_per_hour: 3,
            ..Default::default()
        },
        ..Config::default()
    };
    let owner = Caller::Person(
        auth::sign_in(&db.pool, &session(&db).await, demo::OWNER, DEMO_PASSWORD)
            .await
            .unwrap(),
    );
    let invite = |email: &str| ops::Invite {
        emails: vec![email.to_string()],
        role: orgboard::domain::role::Role::Member,
        team: None,
    };
    ops::invite(&db.pool, &config, &owner, nw, invite("one@example.com"))
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'one@example.com'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    ops::resend_invitation(&db.pool, &config, &owner, nw, id)
        .await
        .unwrap();
    ops::resend_invitation(&db.pool, &config, &owner, nw, id)
        .await
        .unwrap();
    let too_many = |r: Result<_, AppError>| matches!(r, Err(AppError::TooManyRequests { .. }));
    assert!(too_many(
        ops::resend_invitation(&db.pool, &config, &owner, nw, id)
            .await
            .map(|_| ())
    ));
    assert!(too_many(
        ops::invite(&db.pool, &config, &owner, nw, invite("two@example.com"))
            .await
            .map(|_| ())
    ));
    let csv = "name,email,role,team\nThree,three@example.com,member,\n";
    assert!(too_many(
        ops::import(&db.pool, &config, &owner, nw, csv).await.map(|_| ())
    ));
    let bulk = Bulk {
        action: BulkAction::Resend,
        users: vec![],
        invitations: vec![id],
    };
    assert!(too_many(
        ops::bulk(&db.pool, &config, &owner, nw, &bulk).await.map(|_| ())
    ));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM invitations WHERE email IN ('two@example.com', 'three@example.com')")
            .await,
        0,
        "nothing is half-sent"
    );
}

/// A server function's path and form, posted with `cookie`.
async fn call(site: &Site, path: &str, cookie: &str, form: &[(&str, &str)]) -> common::Answer {
    let form: Vec<(String, String)> = form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    site.post_form(path, Some(cookie), &form).await
}

#[tokio::test]
async fn two_factor_is_set_up_with_a_code_then_asked_at_sign_in_and_wrong_codes_are_limited() {
    use orgboard::api::account::{BeginTwoFactor, EnableTwoFactor};
    use orgboard::api::auth::{GetCurrentUser, VerifySignInCode};
    let site = Site::start(TestDb::with_demo().await).await;
    let email = demo::MEMBER;
    let me = site.demo_cookie(email).await;

    let setup = call(&site, BeginTwoFactor::PATH, &me, &[]).await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    let setup: serde_json::Value = serde_json::from_str(&setup.body).unwrap();
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/"));
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    let wrong = call(&site, EnableTwoFactor::PATH, &me, &[("code", "000000")]).await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    let code = orgboard::server::totp::current_code(&secret).unwrap();
    let enabled = call(&site, EnableTwoFactor::PATH, &me, &[("code", &code)]).await;
    assert_eq!(enabled.status, 200, "{}", enabled.body);
    let recovery: Vec<String> = serde_json::from_str(&enabled.body).unwrap();
    assert_eq!(recovery.len(), 10);
    let stored: i64 = site.db.count("SELECT COUNT(*) FROM recovery_codes").await;
    assert_eq!(stored, 10);
    let plain = site
        .db
        .count(&format!(
            "SELECT COUNT(*) FROM recovery_codes WHERE code_hash = '{}'",
            recovery[0].replace('-', "")
        ))
        .await;
    assert_eq!(plain, 0, "only hashes are stored");

    // The password alone no longer signs in: the session waits for a code.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let next_code = orgboard::server::totp::code_at(&secret, now + 30).unwrap();
    let pending = site.sign_in(email, DEMO_PASSWORD).await.unwrap();
    let who = call(&site, GetCurrentUser::PATH, &pending, &[]).await;
    assert_eq!(who.body, "null", "not signed in before the code");
    let ok = call(
        &site,
        VerifySignInCode::PATH,
        &pending,
        &[("code", &next_code), ("next", "")],
    )
    .await;
    assert!(ok.status < 400, "{} {}", ok.status, ok.body);
    let session = ok
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap().to_string())
        .find(|c| !c.starts_with("orgboard_device="))
        .expect("a fresh session cookie");
    assert!(call(&site, GetCurrentUser::PATH, &session, &[])
        .await
        .body
        .contains(email));

    // A code works once; a recovery code works once.
    let again = site.sign_in(email, DEMO_PASSWORD).await.unwrap();
    let replay = call(
        &site,
        VerifySignInCode::PATH,
        &again,
        &[("code", &next_code), ("next", "")],
    )
    .await;
    assert_eq!(replay.status, 422, "a used code is refused: {}", replay.body);
    let rescued = call(
        &site,
        VerifySignInCode::PATH,
        &again,
        &[("code", &recovery[0]), ("next", "")],
    )
    .await;
    assert!(rescued.status < 400, "{} {}", rescued.status, rescued.body);
    let third = site.sign_in(email, DEMO_PASSWORD).await.unwrap();
    let reused = call(
        &site,
        VerifySignInCode::PATH,
        &third,
        &[("code", &recovery[0]), ("next", "")],
    )
    .await;
    assert_eq!(reused.status, 422);

    // Wrong codes: audited, and after five a minute even the right one waits.
    for _ in 0..3 {
        let w = call(
            &site,
            VerifySignInCode::PATH,
            &third,
            &[("code", "123123"), ("next", "")],
        )
        .await;
        assert_eq!(w.status, 422);
    }
    let limited = call(
        &site,
        VerifySignInCode::PATH,
        &third,
        &[("code", &recovery[1]), ("next", "")],
    )
    .await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(
        site.db
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.two_factor_failed'")
            .await,
        5
    );
}

#[tokio::test]
async fn an_organization_that_requires_two_factor_sends_its_owner_to_set_it_up() {
    use orgboard::api::account::SetOrgTwoFactor;
    use orgboard::api::auth::SignIn;
    let site = Site::start(TestDb::with_demo().await).await;
    let nw = org_id(&site.db, "northwind-logistics").await.to_string();
    let owner = site.demo_cookie(demo::OWNER).await;
    let manager = site.demo_cookie(demo::MANAGER).await;
    let refused = call(
        &site,
        SetOrgTwoFactor::PATH,
        &manager,
        &[("org", &nw), ("required", "on")],
    )
    .await;
    assert_eq!(refused.status, 403, "a manager may not: {}", refused.body);
    let set = call(
        &site,
        SetOrgTwoFactor::PATH,
        &owner,
        &[("org", &nw), ("required", "on")],
    )
    .await;
    assert!(set.status < 400, "{} {}", set.status, set.body);

    let sign_in = |email: &'static str| {
        let site = &site;
        async move {
            let form = vec![
                ("email".to_string(), email.to_string()),
                ("password".to_string(), DEMO_PASSWORD.to_string()),
                ("next".to_string(), String::new()),
            ];
            let a = site.post_form(SignIn::PATH, None, &form).await;
            a.headers
                .get(reqwest::header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        }
    };
    assert_eq!(sign_in(demo::OWNER).await, "/me/account?two_factor=required");
    assert_ne!(
        sign_in(demo::MANAGER).await,
        "/me/account?two_factor=required",
        "managers are not asked"
    );
    // Someone required to use it cannot turn it off.
    let caller = Caller::Person(
        auth::sign_in(
            &site.db.pool,
            &session(&site.db).await,
            demo::OWNER,
            DEMO_PASSWORD,
        )
        .await
        .unwrap(),
    );
    let off = orgboard::service::two_factor::disable(&site.db.pool, &caller, DEMO_PASSWORD).await;
    assert!(matches!(off, Err(AppError::Conflict(_))), "{off:?}");
}

#[tokio::test]
async fn a_new_address_counts_only_once_its_link_is_opened_and_the_old_one_is_told() {
    use orgboard::service::my_account;
    let db = TestDb::with_demo().await;
    let config = Config::default();
    let me = Caller::Person(
        auth::sign_in(&db.pool, &session(&db).await, demo::MEMBER, DEMO_PASSWORD)
            .await
            .unwrap(),
    );
    let wrong =
        my_account::change_email(&db.pool, &config, &me, "lena.new@example.com", "not it at all").await;
    assert!(matches!(wrong, Err(AppError::Invalid { ref field, .. }) if field == "current"));
    let free = my_account::change_email(&db.pool, &config, &me, "lena.new@example.com", DEMO_PASSWORD)
        .await
        .unwrap();
    // An address that has an account gets the same answer, and nothing changes there.
    let taken = my_account::change_email(&db.pool, &config, &me, demo::OWNER, DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        free.replace("lena.new@example.com", "X"),
        taken.replace(demo::OWNER, "X")
    );
    assert!(mail_to(&db, demo::MEMBER, "about to change")
        .await
        .contains(demo::OWNER));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM outbox WHERE to_email = 'lena.fischer@northwind.example' AND subject LIKE '%about to change%'")
            .await,
        2,
        "the current address is told of each request"
    );

    // Until the link is opened the old address signs in.
    auth::sign_in(&db.pool, &session(&db).await, demo::MEMBER, DEMO_PASSWORD)
        .await
        .unwrap();
    let token = token_in(
        &mail_to(&db, "lena.new@example.com", "Confirm your new").await,
        "/confirm-email",
    )
    .unwrap();
    assert_eq!(
        my_account::check_email_change(&db.pool, &token).await.unwrap(),
        "lena.new@example.com"
    );
    my_account::confirm_email_change(&db.pool, &config, &token)
        .await
        .unwrap();
    assert!(
        my_account::confirm_email_change(&db.pool, &config, &token)
            .await
            .is_err(),
        "once"
    );
    auth::sign_in(
        &db.pool,
        &session(&db).await,
        "lena.new@example.com",
        DEMO_PASSWORD,
    )
    .await
    .expect("the new address signs in");
    assert_eq!(
        auth::sign_in(&db.pool, &session(&db).await, demo::MEMBER, DEMO_PASSWORD)
            .await
            .unwrap_err(),
        AppError::BadCredentials
    );
    assert!(mail_to(&db, demo::MEMBER, "was changed")
        .await
        .contains("lena.new@example.com"));
}

#[tokio::test]
async fn an_expired_link_leaves_the_outbox() {
    let db = TestDb::with_demo().await;
    accounts::request_reset(&db.pool, &Config::default(), demo::MEMBER)
        .await
        .unwrap();
    let token = token_in(&mail_to(&db, demo::MEMBER, "Reset your").await, "/reset-password").unwrap();
    sqlx::query("UPDATE outbox SET link_expires_at = '2000-01-01T00:00:00Z' WHERE link_url IS NOT NULL")
        .execute(&db.pool)
        .await
        .unwrap();
    let admin = Caller::Person(
        auth::sign_in(&db.pool, &session(&db).await, demo::ADMIN, DEMO_PASSWORD)
            .await
            .unwrap(),
    );
    let page = orgboard::service::outbox::page(&db.pool, &admin, demo::MEMBER, 1)
        .await
        .unwrap();
    let body = &page.items[0].body;
    assert!(
        !body.contains(&token) && body.contains("[this link has expired]"),
        "{body}"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM outbox WHERE link_url IS NOT NULL")
            .await,
        0
    );
}

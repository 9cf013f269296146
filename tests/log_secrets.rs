//! No link token ever reaches the log: sign-ups, resets, invitations and new accounts are sent
//! with a subscriber capturing everything at TRACE, and no token from the outbox is in it. Its
//! own test binary, so the subscriber can be process-wide.
#![cfg(feature = "ssr")]

mod common;

use std::sync::{Arc, Mutex};

use common::{demo, open_acme_to_joins, org_id, TestDb};
use orgboard::domain::members::NewMemberForm;
use orgboard::server::config::Config;
use orgboard::service::accounts;

/// Everything the log receives, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_link_token_reaches_the_log() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    // The one test of this binary: a process-wide subscriber sees every thread.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let db = TestDb::with_demo().await;
    open_acme_to_joins(&db).await;
    {
        let _anon = db.as_anonymous();
        orgboard::api::join::join_org(
            "acme-health-clinics".into(),
            "Logged Signup".into(),
            "logged.signup@acmehealth.example".into(),
            "a long enough phrase".into(),
            "a long enough phrase".into(),
        )
        .await
        .unwrap();
    }
    accounts::request_reset(&db.pool, &Config::default(), demo::MEMBER)
        .await
        .unwrap();
    let nw = org_id(&db, "northwind-logistics").await;
    {
        let _o = db.as_demo(demo::OWNER).await;
        orgboard::api::members::invite_members(
            nw,
            "logged.invitee@example.com".into(),
            "member".into(),
            "".into(),
        )
        .await
        .unwrap();
        orgboard::api::members::add_member(
            nw,
            NewMemberForm {
                name: "Logged Newcomer".into(),
                email: "logged.newcomer@example.com".into(),
                role: "member".into(),
                teams: vec![],
            },
        )
        .await
        .unwrap();
    }
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let tokens: Vec<String> = bodies
        .iter()
        .filter_map(|b| b.find("?token=").map(|i| b[i + 7..i + 71].to_string()))
        .collect();
    assert!(tokens.len() >= 4, "links were sent: {}", tokens.len());
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("mail written to the outbox"), "the log was captured");
    for t in &tokens {
        assert!(!log.contains(t.as_str()), "a token is in the log");
    }
}

//! Seat requests: owners add seats as their organization type allows, ask for more, and a
//! platform admin decides; both sides see it, the ledger records the request and the decision,
//! and an approval racing with an owner's own add never loses a seat or breaks the cap.
#![cfg(feature = "ssr")]

mod common;

use std::sync::Arc;

use common::{demo, org_id, TestDb};
use orgboard::api::members::{add_seats, decide_seat_request, get_seats, list_seat_requests, request_seats};
use orgboard::domain::ids::OrgId;
use orgboard::domain::seats::{LedgerKind, SeatRequestStatus};
use orgboard::error::AppError;
use orgboard::server::auth::{self, Caller};
use orgboard::server::config::Config;
use orgboard::server::seed::DEMO_PASSWORD;
use orgboard::service::seats;
use tower_sessions::Session;
use tower_sessions_sqlx_store::SqliteStore;

const ACME_OWNER: &str = "aisha.rahman@acmehealth.example";

async fn total(db: &TestDb, org: OrgId) -> i64 {
    sqlx::query_scalar("SELECT seat_count FROM organizations WHERE id = ?1")
        .bind(org)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn invalid_on(e: &AppError, on: &str) -> bool {
    matches!(e, AppError::Invalid { field, .. } if field == on)
}

#[tokio::test]
async fn owners_add_up_to_their_cap_and_a_request_beyond_it_is_approved_or_declined() {
    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    assert_eq!(total(&db, acme).await, 15);
    {
        let _o = db.as_demo(ACME_OWNER).await;
        // Small Business: owners add seats up to 25 in all.
        let e = add_seats(acme, "11".into(), String::new()).await.unwrap_err();
        assert!(
            invalid_on(&e, "count") && e.to_string().contains("total of 25"),
            "{e}"
        );
        assert!(e.to_string().contains("at most 10"), "{e}");
        add_seats(acme, "10".into(), "PO 7".into()).await.unwrap();
        assert_eq!(total(&db, acme).await, 25);
        assert!(add_seats(acme, "1".into(), String::new()).await.is_err());
        // Removing stays theirs.
        add_seats(acme, "-1".into(), String::new()).await.unwrap();

        let bad = request_seats(acme, "0".into(), String::new()).await.unwrap_err();
        assert!(invalid_on(&bad, "count"), "{bad:?}");
        request_seats(acme, "20".into(), "New clinic in Leeds".into())
            .await
            .unwrap();
        let again = request_seats(acme, "5".into(), String::new()).await.unwrap_err();
        assert!(
            matches!(again, AppError::Conflict(_)),
            "one request waits at a time: {again:?}"
        );
        let view = get_seats(acme).await.unwrap();
        assert!(view.can_request);
        assert_eq!(view.requests[0].status, SeatRequestStatus::Pending);
        assert_eq!(view.requests[0].seats, 20);
        assert_eq!(view.ledger[0].kind, LedgerKind::Requested);
        assert_eq!(
            view.usage.total, 24,
            "a request changes nothing until it is approved"
        );
        // Only platform admins see every request and decide.
        assert!(list_seat_requests().await.is_err());
        assert!(
            decide_seat_request(view.requests[0].id, "approve".into(), String::new())
                .await
                .is_err()
        );
    }
    let id = {
        let _a = db.as_demo(demo::ADMIN).await;
        let all = list_seat_requests().await.unwrap();
        let r = all.iter().find(|r| r.org == acme).expect("Acme's request");
        assert_eq!(
            (r.status, r.note.as_str()),
            (SeatRequestStatus::Pending, "New clinic in Leeds")
        );
        let bad = decide_seat_request(r.id, "maybe".into(), String::new())
            .await
            .unwrap_err();
        assert!(invalid_on(&bad, "decision"), "{bad:?}");
        decide_seat_request(r.id, "approve".into(), "Invoice 42".into())
            .await
            .unwrap();
        let twice = decide_seat_request(r.id, "approve".into(), String::new())
            .await
            .unwrap_err();
        assert!(matches!(twice, AppError::Conflict(_)), "decided once: {twice:?}");
        assert!(matches!(
            decide_seat_request(999_999, "approve".into(), String::new()).await,
            Err(AppError::NotFound)
        ));
        r.id
    };
    assert_eq!(
        total(&db, acme).await,
        44,
        "approval adds the seats beyond the owners' cap"
    );
    let mailed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE to_email = ?1 AND subject LIKE 'Seat request approved%'",
    )
    .bind(ACME_OWNER)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(mailed, 1, "the owner is mailed the decision once");
    {
        let _o = db.as_demo(ACME_OWNER).await;
        let view = get_seats(acme).await.unwrap();
        let r = view.requests.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            (r.status, r.decision_note.as_str()),
            (SeatRequestStatus::Approved, "Invoice 42")
        );
        assert_eq!(view.ledger[0].kind, LedgerKind::Allocation);
        assert_eq!(view.ledger[0].delta, 20);
        assert!(view.ledger[0]
            .note
            .contains(&format!("Seat request #{id} approved")));
        // A declined request leaves the count as it is.
        request_seats(acme, "3".into(), String::new()).await.unwrap();
    }
    {
        let _a = db.as_demo(demo::ADMIN).await;
        let r = list_seat_requests()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.org == acme && r.status == SeatRequestStatus::Pending)
            .unwrap();
        decide_seat_request(r.id, "decline".into(), "Not this quarter".into())
            .await
            .unwrap();
    }
    assert_eq!(total(&db, acme).await, 44);
    let _o = db.as_demo(ACME_OWNER).await;
    let view = get_seats(acme).await.unwrap();
    assert_eq!(view.requests[0].status, SeatRequestStatus::Declined);
    assert_eq!(view.ledger[0].kind, LedgerKind::Declined);
}

async fn signed_in(db: &TestDb, email: &str) -> Caller {
    let session = Session::new(None, Arc::new(SqliteStore::new(db.pool.clone())), None);
    Caller::Person(
        auth::sign_in(&db.pool, &session, email, DEMO_PASSWORD)
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn an_approval_racing_with_the_owners_own_add_loses_no_seat_and_keeps_the_cap() {
    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let owner = Arc::new(signed_in(&db, ACME_OWNER).await);
    let admin = Arc::new(signed_in(&db, demo::ADMIN).await);
    let config = Arc::new(Config::default());
    let baseline = total(&db, acme).await - allocated(&db, acme).await;
    for round in 0..8 {
        // The owner's add of 8 fits under the cap only if it lands before the approval of 30.
        let cap = total(&db, acme).await + 10;
        sqlx::query("UPDATE organization_types SET owner_seat_cap = ?1 WHERE name = 'Small Business'")
            .bind(cap)
            .execute(&db.pool)
            .await
            .unwrap();
        let before = total(&db, acme).await;
        let request = seats::request(&db.pool, &owner, acme, 30, "race").await.unwrap();
        let (approve, add) = {
            let (pool, admin, config) = (db.pool.clone(), admin.clone(), config.clone());
            let approve = tokio::spawn(async move {
                seats::decide(&pool, &config, &admin, request.id, "approve", "").await
            });
            let (pool, owner) = (db.pool.clone(), owner.clone());
            let add = tokio::spawn(async move { seats::change(&pool, &owner, acme, 8, "own add").await });
            (approve.await.unwrap(), add.await.unwrap())
        };
        approve.expect("the approval always goes through");
        let after = total(&db, acme).await;
        match add {
            // The owner's add came first: both count.
            Ok(u) => {
                assert_eq!(after, before + 8 + 30, "round {round}");
                assert!(
                    u.total <= cap,
                    "round {round}: the owner's own add stayed under the cap"
                );
            }
            // The approval came first: the owner's add would pass the cap, so it is refused.
            Err(e) => {
                assert!(
                    e.to_string().contains(&format!("total of {cap}")),
                    "round {round}: {e}"
                );
                assert_eq!(after, before + 30, "round {round}");
            }
        }
        // The ledger's allocations follow the count, always.
        assert_eq!(after - allocated(&db, acme).await, baseline, "round {round}");
    }
}

/// The sum of the allocation lines of `org`'s seat ledger.
async fn allocated(db: &TestDb, org: OrgId) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(delta), 0) FROM seat_ledger WHERE organization_id = ?1 AND kind = 'allocation'",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

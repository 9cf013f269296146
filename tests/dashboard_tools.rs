//! CSV import and export, bulk actions, ownership transfer and the join page, through their
//! server functions on a real database with the demo in it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::join::{decide_join_request, get_join_page, join_org, list_join_requests};
use orgboard::api::member_tools::{
    bulk_members, import_members, list_owner_candidates, transfer_ownership, BulkForm,
};
use orgboard::api::members::get_seats;
use orgboard::domain::ids::UserId;
use orgboard::domain::role::Role;
use orgboard::error::AppError;
use orgboard::server::repo::memberships;

#[tokio::test]
async fn an_import_checks_every_row_and_reports_each() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::OWNER).await;
    let nw = org_id(&db, "northwind-logistics").await;
    let before = get_seats(nw).await.unwrap().usage.in_use();
    let csv = "name,email,role,team\n\
               Ana Ruiz,ana.ruiz@example.com,member,Finance\n\
               Lena Fischer,lena.fischer@northwind.example,member,\n\
               Aisha Rahman,aisha.rahman@acmehealth.example,manager,Sales EMEA\n\
               Bad Row,not-an-email,member,\n\
               Nobody,nobody@example.com,member,No Such Team\n";
    let report = import_members(nw, csv.into()).await.unwrap();
    let summary: Vec<(usize, &str)> = report.iter().map(|r| (r.line, r.outcome.as_str())).collect();
    assert_eq!(
        summary,
        vec![
            (2, "invited"),
            (3, "skipped"),
            (4, "added"),
            (5, "rejected"),
            (6, "rejected")
        ]
    );
    assert!(report[3].detail.contains("email"), "{:?}", report[3]);
    assert!(report[4].detail.contains("No Such Team"), "{:?}", report[4]);
    assert_eq!(get_seats(nw).await.unwrap().usage.in_use(), before + 2);
    let aisha = user_id(&db, "aisha.rahman@acmehealth.example").await;
    assert_eq!(
        memberships::active_role(&db.pool, aisha, nw).await.unwrap(),
        Some(Role::Manager)
    );

    // Short of seats: nothing is imported at all.
    let acme = org_id(&db, "acme-health-clinics").await;
    sqlx::query("UPDATE organizations SET seat_count = 10 WHERE id = ?1")
        .bind(acme)
        .execute(&db.pool)
        .await
        .unwrap();
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let e = import_members(
        acme,
        "name,email\nA One,a1@example.com\nA Two,a2@example.com\n".into(),
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Nothing was imported. Not enough seats: 2 needed, 1 free"),
        "{e}"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM invitations WHERE email IN ('a1@example.com', 'a2@example.com')")
            .await,
        0
    );
    let e = import_members(acme, "email\nx@example.com\n".into())
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "csv"));
}

#[tokio::test]
async fn bulk_actions_apply_to_every_selected_row_or_none() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::OWNER).await;
    let nw = org_id(&db, "northwind-logistics").await;
    let people: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' ORDER BY user_id LIMIT 3",
    )
    .bind(nw)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let finance: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE name = 'Finance'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let done = bulk_members(
        nw,
        BulkForm {
            action: "move".into(),
            users: people.clone(),
            team_id: finance.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(done, "Moved 3 members.");
    for p in &people {
        assert_eq!(
            db.count(&format!("SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id = {p} AND t.organization_id = {nw}")).await,
            1
        );
    }
    // One row that may not be touched (the owner) refuses the whole batch.
    let owner = user_id(&db, demo::OWNER).await;
    let mut with_owner = people.clone();
    with_owner.push(owner.0);
    let e = bulk_members(
        nw,
        BulkForm {
            action: "remove".into(),
            users: with_owner,
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    assert_eq!(
        memberships::active_role(&db.pool, UserId(people[0]), nw)
            .await
            .unwrap(),
        Some(Role::Member),
        "nothing was removed"
    );
    let e = bulk_members(
        nw,
        BulkForm {
            action: "remove".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("Select at least one row"));
}

#[tokio::test]
async fn only_the_owner_hands_over_to_an_admin_or_manager() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let mark = user_id(&db, demo::MANAGER).await;
    {
        let _o = db.as_demo(demo::MANAGER).await;
        assert_eq!(
            transfer_ownership(nw, mark.to_string(), "Northwind Logistics".into()).await,
            Err(AppError::Forbidden)
        );
    }
    let _o = db.as_demo(demo::OWNER).await;
    let candidates = list_owner_candidates(nw).await.unwrap();
    assert!(candidates.iter().any(|c| c.user_id == mark));
    let member = user_id(&db, demo::MEMBER).await;
    let e = transfer_ownership(nw, member.to_string(), "Northwind Logistics".into())
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "user_id"));
    let e = transfer_ownership(nw, mark.to_string(), "Northwind".into())
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "confirm_name"));
    transfer_ownership(nw, mark.to_string(), "Northwind Logistics".into())
        .await
        .unwrap();
    let olivia = user_id(&db, demo::OWNER).await;
    assert_eq!(
        memberships::active_role(&db.pool, mark, nw).await.unwrap(),
        Some(Role::Owner)
    );
    assert_eq!(
        memberships::active_role(&db.pool, olivia, nw).await.unwrap(),
        Some(Role::OrgAdmin)
    );
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM organizations WHERE id = {nw} AND owner_user_id = {mark}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn join_requests_wait_for_a_confirmed_address_and_the_decision_is_mailed() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    // Not offered while invite-only.
    {
        let _o = db.as_anonymous();
        assert_eq!(
            get_join_page("northwind-logistics".into()).await,
            Err(AppError::NotFound)
        );
    }
    sqlx::query("UPDATE organizations SET visibility = 'public', membership_policy = 'approval', auto_join_domains = 'northwind.example' WHERE id = ?1")
        .bind(nw)
        .execute(&db.pool)
        .await
        .unwrap();
    {
        let _o = db.as_anonymous();
        let page = get_join_page("northwind-logistics".into()).await.unwrap();
        assert!(page.needs_approval);
        // Approval: anyone may ask, from any address (the domains limit open joins only).
        let asked = join_org(
            "northwind-logistics".into(),
            "Eve".into(),
            "eve@elsewhere.example".into(),
            "a long enough phrase".into(),
            "a long enough phrase".into(),
        )
        .await
        .unwrap();
        assert!(asked.starts_with("Check your inbox"), "{asked}");
        let msg = join_org(
            "northwind-logistics".into(),
            "Nia Stone".into(),
            "nia.stone@northwind.example".into(),
            "a long enough phrase".into(),
            "a long enough phrase".into(),
        )
        .await
        .unwrap();
        assert!(msg.starts_with("Check your inbox"), "{msg}");
    }
    let nia = user_id(&db, "nia.stone@northwind.example").await;
    assert!(
        list_join_requests_as_owner(&db, nw).await.is_empty(),
        "no request before the address is confirmed"
    );
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE to_email = 'nia.stone@northwind.example' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at = body.find("/verify-email?token=").unwrap() + "/verify-email?token=".len();
    let confirmed = orgboard::service::join::confirm(&db.pool, &body[at..at + 64])
        .await
        .unwrap();
    assert!(confirmed.message.contains("request"), "{}", confirmed.message);
    assert_eq!(
        memberships::active_role(&db.pool, nia, nw).await.unwrap(),
        None,
        "waiting for approval"
    );
    let _o = db.as_demo(demo::OWNER).await;
    let requests = list_join_requests(nw).await.unwrap();
    assert_eq!(requests.len(), 1);
    let before = get_seats(nw).await.unwrap().usage.in_use();
    decide_join_request(nw, requests[0].id, "approve".into())
        .await
        .unwrap();
    assert_eq!(
        memberships::active_role(&db.pool, nia, nw).await.unwrap(),
        Some(Role::Member)
    );
    assert_eq!(get_seats(nw).await.unwrap().usage.in_use(), before + 1);
    assert!(list_join_requests(nw).await.unwrap().is_empty());
    let subject: String = sqlx::query_scalar(
        "SELECT subject FROM outbox WHERE to_email = 'nia.stone@northwind.example' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(subject, "Your request to join Northwind Logistics was approved");
}

async fn list_join_requests_as_owner(
    db: &TestDb,
    org: orgboard::domain::ids::OrgId,
) -> Vec<orgboard::api::join::JoinRequestRow> {
    let _o = db.as_demo(demo::OWNER).await;
    list_join_requests(org).await.unwrap()
}

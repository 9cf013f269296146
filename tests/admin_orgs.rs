//! Admin > Organizations through its server functions, on a real database with the demo in it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, TestDb};
use orgboard::api::org_admin::{delete_org, get_org_detail, save_org, search_orgs, set_org_status};
use orgboard::domain::org::OrgStatus;
use orgboard::domain::org_admin::OrgForm;
use orgboard::error::AppError;

fn new_org(name: &str, owner: &str, seats: &str) -> OrgForm {
    OrgForm {
        name: name.into(),
        owner_email: owner.into(),
        seat_count: seats.into(),
        visibility: "private".into(),
        membership_policy: "invite_only".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_list_filters_by_text_type_and_status() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let all = search_orgs(String::new(), String::new(), String::new(), "name".into(), 1)
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    let names: Vec<_> = all.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Acme Health Clinics",
            "Globex Retail",
            "Initech Labs",
            "Northwind Logistics"
        ]
    );

    // Owner email matches too.
    let by_owner = search_orgs(
        "george.baker@".into(),
        String::new(),
        String::new(),
        String::new(),
        1,
    )
    .await
    .unwrap();
    assert_eq!(by_owner.items.len(), 1);
    assert_eq!(by_owner.items[0].name, "Globex Retail");

    // A LIKE wildcard typed by a person matches literally.
    let percent = search_orgs("%".into(), String::new(), String::new(), String::new(), 1)
        .await
        .unwrap();
    assert_eq!(percent.total, 0);

    let globex = org_id(&db, "globex-retail").await;
    set_org_status(globex, "suspended".into()).await.unwrap();
    let suspended = search_orgs(String::new(), String::new(), "suspended".into(), String::new(), 1)
        .await
        .unwrap();
    assert_eq!(suspended.items.len(), 1);
    assert_eq!(suspended.items[0].status, OrgStatus::Suspended);

    let type_id: i64 =
        sqlx::query_scalar("SELECT type_id FROM organizations WHERE slug = 'acme-health-clinics'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let of_type = search_orgs(
        String::new(),
        type_id.to_string(),
        String::new(),
        String::new(),
        1,
    )
    .await
    .unwrap();
    assert!(of_type
        .items
        .iter()
        .all(|o| o.type_name == all.items[0].type_name));
    assert!(of_type.items.iter().any(|o| o.name == "Acme Health Clinics"));

    let bad = search_orgs(String::new(), String::new(), "sleeping".into(), String::new(), 1)
        .await
        .unwrap_err();
    assert!(matches!(bad, AppError::Invalid { .. }), "{bad:?}");
}

#[tokio::test]
async fn the_seat_count_never_drops_below_seats_in_use() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let detail = get_org_detail(acme).await.unwrap();
    assert_eq!(detail.seats_used, 9);

    let mut form = OrgForm::from(&detail);
    form.seat_count = "5".into();
    let e = save_org(acme.to_string(), form.clone()).await.unwrap_err();
    assert_eq!(
        e,
        AppError::invalid(
            "seat_count",
            "9 seats are in use, so the seat count cannot be 5. Enter 9 or more, or remove members first."
        )
    );
    assert_eq!(
        get_org_detail(acme).await.unwrap().seat_count,
        15,
        "nothing saved"
    );

    form.seat_count = "9".into();
    save_org(acme.to_string(), form).await.unwrap();
    assert_eq!(get_org_detail(acme).await.unwrap().seat_count, 9);
    assert!(
        db.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'organization.updated' AND organization_id = {acme}"
        ))
        .await
            == 1
    );
}

#[tokio::test]
async fn a_new_organization_gets_a_unique_slug_and_its_owner_a_seat() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let first = save_org(String::new(), new_org("Initech", demo::MEMBER, "3"))
        .await
        .unwrap();
    let second = save_org(String::new(), new_org("Initech!", demo::MEMBER, "3"))
        .await
        .unwrap();
    let (a, b) = (
        get_org_detail(first).await.unwrap(),
        get_org_detail(second).await.unwrap(),
    );
    assert_eq!(a.slug, "initech");
    assert_ne!(a.slug, b.slug);
    assert_eq!(a.seats_used, 1, "the owner holds a seat");

    let none = save_org(String::new(), new_org("Empty Co", demo::MEMBER, "0"))
        .await
        .unwrap_err();
    assert!(matches!(none, AppError::Invalid { ref field, .. } if field == "seat_count"));

    // A new owner without a name is asked for one; with it, an account is created.
    let unnamed = save_org(String::new(), new_org("Hooli", "gavin@hooli.example", "5"))
        .await
        .unwrap_err();
    assert!(matches!(unnamed, AppError::Invalid { ref field, .. } if field == "owner_name"));
    let mut named = new_org("Hooli", "gavin@hooli.example", "5");
    named.owner_name = "Gavin Belson".into();
    save_org(String::new(), named).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM account_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'gavin@hooli.example'")
            .await,
        1,
        "a set-password link was issued"
    );
}

#[tokio::test]
async fn deleting_needs_the_exact_name_and_keeps_people() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let users_before = db.count("SELECT COUNT(*) FROM users").await;

    let wrong = delete_org(acme, "Acme".into()).await.unwrap_err();
    assert!(matches!(wrong, AppError::Invalid { .. }), "{wrong:?}");
    assert!(get_org_detail(acme).await.is_ok());

    delete_org(acme, "Acme Health Clinics".into()).await.unwrap();
    assert_eq!(get_org_detail(acme).await, Err(AppError::NotFound));
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = {acme}"
        ))
        .await,
        0
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users").await,
        users_before,
        "accounts stay"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM teams WHERE name = 'Front Desk' AND organization_id IS NULL")
            .await,
        1,
        "its team stays, unassigned"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'organization.deleted'")
            .await,
        1
    );
}

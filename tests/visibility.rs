//! Visibility and membership mean what they say: who is listed on `/organizations`, which
//! organizations have a join page, who may join from it, and what Settings show about it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::join::{
    decide_join_request, get_join_page, join_org, list_join_requests, list_public_orgs,
};
use orgboard::api::settings::get_join_link;
use orgboard::domain::join::JoinKind;
use orgboard::domain::role::Role;
use orgboard::error::AppError;
use orgboard::server::repo::memberships;

async fn set(db: &TestDb, slug: &str, visibility: &str, policy: &str, domains: &str) {
    sqlx::query(
        "UPDATE organizations SET visibility = ?2, membership_policy = ?3, auto_join_domains = ?4 WHERE slug = ?1",
    )
    .bind(slug)
    .bind(visibility)
    .bind(policy)
    .bind(domains)
    .execute(&db.pool)
    .await
    .unwrap();
}

async fn listed(db: &TestDb) -> Vec<(String, Option<JoinKind>)> {
    let _a = db.as_anonymous();
    list_public_orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.slug, o.join))
        .collect()
}

#[tokio::test]
async fn public_hidden_and_private_differ_on_the_list_and_the_join_page() {
    let db = TestDb::with_demo().await;
    const ACME: &str = "acme-health-clinics";
    set(&db, ACME, "public", "approval", "").await;
    assert!(listed(&db)
        .await
        .contains(&(ACME.to_string(), Some(JoinKind::Approval))));
    {
        let _a = db.as_anonymous();
        assert!(get_join_page(ACME.into()).await.unwrap().needs_approval);
    }

    set(&db, ACME, "hidden", "approval", "").await;
    assert!(
        !listed(&db).await.iter().any(|(s, _)| s == ACME),
        "hidden is never listed"
    );
    {
        let _a = db.as_anonymous();
        assert!(get_join_page(ACME.into()).await.is_ok(), "but its address works");
    }

    set(&db, ACME, "private", "open", "").await;
    assert!(!listed(&db).await.iter().any(|(s, _)| s == ACME));
    {
        let _a = db.as_anonymous();
        assert_eq!(get_join_page(ACME.into()).await, Err(AppError::NotFound));
    }
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let link = get_join_link(org_id(&db, ACME).await).await.unwrap();
    assert_eq!(link.url, None);
    assert!(link.note.contains("invitation only"), "{}", link.note);

    // A public organization that takes invitations only is listed without a join page.
    set(&db, ACME, "public", "invite_only", "").await;
    assert!(listed(&db).await.contains(&(ACME.to_string(), None)));
    // The expired demo organization is never listed, whatever its settings.
    set(&db, "initech-labs", "public", "open", "").await;
    assert!(!listed(&db).await.iter().any(|(s, _)| s == "initech-labs"));
}

#[tokio::test]
async fn open_membership_needs_no_domain_and_domains_limit_it() {
    let db = TestDb::with_demo().await;
    const ACME: &str = "acme-health-clinics";
    let acme = org_id(&db, ACME).await;
    // A confirmed person from another organization, signed in.
    let lena = user_id(&db, demo::MEMBER).await;
    set(&db, ACME, "hidden", "open", "acmehealth.example").await;
    {
        let _l = db.as_demo(demo::MEMBER).await;
        let e = join_org(
            ACME.into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(e, AppError::Invalid { ref field, .. } if field == "email"),
            "{e:?}"
        );
        assert!(e.to_string().contains("acmehealth.example"), "{e}");
    }
    assert_eq!(
        memberships::active_role(&db.pool, lena, acme).await.unwrap(),
        None
    );

    set(&db, ACME, "hidden", "open", "").await;
    {
        let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
        let link = get_join_link(acme).await.unwrap();
        assert!(link.url.unwrap().ends_with("/join/acme-health-clinics"));
        assert!(link.note.contains("Not listed"), "{}", link.note);
    }
    let _l = db.as_demo(demo::MEMBER).await;
    let joined = join_org(
        ACME.into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    )
    .await
    .unwrap();
    assert!(joined.contains("member"), "{joined}");
    assert_eq!(
        memberships::active_role(&db.pool, lena, acme).await.unwrap(),
        Some(Role::Member)
    );
}

#[tokio::test]
async fn without_self_registration_in_the_plan_there_is_no_join_page() {
    let db = TestDb::with_demo().await;
    const ACME: &str = "acme-health-clinics";
    set(&db, ACME, "public", "open", "").await;
    sqlx::query("UPDATE organizations SET allow_domain_registration = 0 WHERE slug = ?1")
        .bind(ACME)
        .execute(&db.pool)
        .await
        .unwrap();
    {
        let _a = db.as_anonymous();
        assert_eq!(get_join_page(ACME.into()).await, Err(AppError::NotFound));
    }
    assert!(listed(&db).await.contains(&(ACME.to_string(), None)));
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let link = get_join_link(org_id(&db, ACME).await).await.unwrap();
    assert!(
        link.url.is_none() && link.note.contains("Plan features"),
        "{link:?}"
    );
}

#[tokio::test]
async fn a_declined_request_is_mailed_to_the_person() {
    let db = TestDb::with_demo().await;
    const ACME: &str = "acme-health-clinics";
    let acme = org_id(&db, ACME).await;
    set(&db, ACME, "public", "approval", "").await;
    {
        let _l = db.as_demo(demo::MEMBER).await;
        let asked = join_org(
            ACME.into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        )
        .await
        .unwrap();
        assert!(asked.contains("request"), "{asked}");
    }
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let requests = list_join_requests(acme).await.unwrap();
    assert_eq!(requests.len(), 1);
    decide_join_request(acme, requests[0].id, "reject".into())
        .await
        .unwrap();
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body FROM outbox WHERE to_email = ?1 ORDER BY id DESC LIMIT 1")
            .bind(demo::MEMBER)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(subject, "Your request to join Acme Health Clinics was declined");
    assert!(body.contains("ask them for an invitation"), "{body}");
}

#[tokio::test]
async fn a_confirmation_after_the_domains_changed_joins_nobody_from_outside() {
    let db = TestDb::with_demo().await;
    const ACME: &str = "acme-health-clinics";
    let acme = org_id(&db, ACME).await;
    set(&db, ACME, "public", "approval", "").await;
    {
        let _a = db.as_anonymous();
        let asked = join_org(
            ACME.into(),
            "Olaf Outside".into(),
            "olaf@outside.example".into(),
            "a long enough phrase".into(),
            "a long enough phrase".into(),
        )
        .await
        .unwrap();
        assert!(asked.starts_with("Check your inbox"), "{asked}");
    }
    // Before Olaf confirms, Acme opens to its own domain only.
    set(&db, ACME, "public", "open", "acmehealth.example").await;
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE to_email = 'olaf@outside.example' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at = body.find("/verify-email?token=").unwrap() + "/verify-email?token=".len();
    let confirmed = orgboard::service::join::confirm(&db.pool, &body[at..at + 64])
        .await
        .unwrap();
    assert!(
        confirmed.message.contains("acmehealth.example only"),
        "{}",
        confirmed.message
    );
    assert_eq!(
        memberships::active_role(&db.pool, confirmed.user, acme)
            .await
            .unwrap(),
        None
    );
    assert!(
        db.count(&format!(
            "SELECT COUNT(*) FROM join_requests WHERE organization_id = {acme} AND user_id = {}",
            confirmed.user
        ))
        .await
            == 0
    );
}

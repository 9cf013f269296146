//! Seat types and organization types through their server functions, on a real database.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, TestDb};
use orgboard::api::types::{
    delete_org_type, get_org_type, list_org_types, list_seat_types, save_org_type, save_seat_type,
};
use orgboard::domain::ids::SeatTypeId;
use orgboard::domain::org_type::{BenefitRole, OrgTypeForm, SeatTypeForm};
use orgboard::error::AppError;

async fn course_ids(db: &TestDb, codes: &[&str]) -> Vec<i64> {
    let mut out = Vec::new();
    for code in codes {
        out.push(
            sqlx::query_scalar("SELECT id FROM courses WHERE code = ?1")
                .bind(code)
                .fetch_one(&db.pool)
                .await
                .unwrap(),
        );
    }
    out
}

#[tokio::test]
async fn seat_types_bundle_courses_and_refuse_unknown_or_retired_ones() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let courses = course_ids(&db, &["SALES-101", "SALES-220"]).await;
    let id = save_seat_type(
        String::new(),
        SeatTypeForm {
            name: "Sales Starter".into(),
            description: "".into(),
            courses: courses.clone(),
        },
    )
    .await
    .unwrap();
    let saved = list_seat_types()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    assert_eq!(saved.courses.len(), 2);

    // A retired course cannot be newly put in a bundle.
    let retired = course_ids(&db, &["OLD-090"]).await;
    let bad = save_seat_type(
        id.to_string(),
        SeatTypeForm {
            name: "Sales Starter".into(),
            description: "".into(),
            courses: retired,
        },
    )
    .await;
    assert!(
        matches!(bad, Err(AppError::Invalid { ref field, .. }) if field == "courses"),
        "{bad:?}"
    );
    // Names are unique regardless of case.
    let dup = save_seat_type(
        String::new(),
        SeatTypeForm {
            name: "sales starter".into(),
            ..Default::default()
        },
    )
    .await;
    assert!(
        matches!(dup, Err(AppError::Invalid { ref field, .. }) if field == "name"),
        "{dup:?}"
    );

    let _o = db.as_demo(demo::OWNER).await;
    assert_eq!(list_seat_types().await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn organization_types_keep_their_benefits_and_cannot_be_deleted_while_used() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let seats = list_seat_types().await.unwrap();
    let leadership = seats.iter().find(|s| s.name == "Leadership Track").unwrap().id;
    let form = OrgTypeForm {
        name: "Sales Teams".into(),
        visibility: "public".into(),
        membership_policy: "approval".into(),
        expiry: "days".into(),
        expiry_days: "180".into(),
        feature_api: true,
        benefit_owner: leadership.to_string(),
        ..Default::default()
    };
    let id = save_org_type(String::new(), form.clone()).await.unwrap();
    let t = get_org_type(id).await.unwrap();
    assert_eq!(t.expiry_days, Some(180));
    assert!(t.feature_api && !t.feature_reports);
    assert_eq!(t.seat_type_for(BenefitRole::Owner), Some(leadership));
    assert_eq!(t.seat_type_for(BenefitRole::Member), None);

    // Rewriting replaces the benefits.
    let member_only = OrgTypeForm {
        benefit_owner: String::new(),
        benefit_member: leadership.to_string(),
        ..form.clone()
    };
    save_org_type(id.to_string(), member_only).await.unwrap();
    let t = get_org_type(id).await.unwrap();
    assert_eq!(t.benefits, vec![(BenefitRole::Member, leadership)]);

    // An unknown seat type is refused on its field, and nothing changes.
    let unknown = OrgTypeForm {
        benefit_manager: SeatTypeId(9999).to_string(),
        ..form.clone()
    };
    let err = save_org_type(id.to_string(), unknown).await;
    assert!(
        matches!(err, Err(AppError::Invalid { ref field, .. }) if field == "benefit_manager"),
        "{err:?}"
    );
    assert_eq!(
        get_org_type(id).await.unwrap().benefits,
        vec![(BenefitRole::Member, leadership)]
    );

    // Unused: deletable. Used by the demo organizations: refused with the count.
    delete_org_type(id).await.unwrap();
    assert_eq!(get_org_type(id).await, Err(AppError::NotFound));
    let enterprise = list_org_types()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Enterprise")
        .unwrap();
    match delete_org_type(enterprise.id).await {
        Err(AppError::Conflict(message)) => {
            assert!(
                message.contains(&format!("{} organization", enterprise.organizations)),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    let audit = db
        .count("SELECT COUNT(*) FROM audit_log WHERE target_type = 'org_type'")
        .await;
    assert_eq!(audit, 3, "created, updated, deleted");
}

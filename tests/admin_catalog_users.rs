//! Admin > Courses and Admin > Users through their server functions, on a real database.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, TestDb};
use orgboard::api::courses::{create_course, get_course, list_courses, set_course_status, update_course};
use orgboard::api::users::{list_users, set_platform_admin, set_user_disabled};
use orgboard::domain::course::CourseStatus;
use orgboard::error::AppError;

fn course_args(code: &str) -> (String, String, String, String, String, String) {
    (
        code.into(),
        "Phishing Drills".into(),
        "".into(),
        "Compliance".into(),
        "4".into(),
        "35".into(),
    )
}

async fn create(code: &str) -> Result<orgboard::domain::ids::CourseId, AppError> {
    let (c, t, d, cat, l, m) = course_args(code);
    create_course(c, t, d, cat, l, m).await
}

#[tokio::test]
async fn only_platform_admins_reach_the_catalog_admin() {
    let db = TestDb::with_demo().await;
    let _o = db.as_anonymous();
    assert_eq!(
        list_courses(String::new(), String::new()).await,
        Err(AppError::Unauthorized)
    );
    for who in [demo::OWNER, demo::MANAGER, demo::MEMBER] {
        let _o = db.as_demo(who).await;
        assert_eq!(
            list_courses(String::new(), String::new()).await,
            Err(AppError::Forbidden),
            "{who}"
        );
        assert_eq!(create("NEW-1").await, Err(AppError::Forbidden), "{who}");
    }
    assert_eq!(
        db.count("SELECT COUNT(*) FROM courses WHERE code = 'NEW-1'")
            .await,
        0
    );
}

#[tokio::test]
async fn courses_are_created_validated_edited_searched_and_retired() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let audit_before = db.count("SELECT COUNT(*) FROM audit_log").await;

    let id = create("phish-130").await.expect("created");
    let course = get_course(id).await.unwrap();
    assert_eq!(course.code, "PHISH-130");
    assert_eq!(course.status, CourseStatus::Published);

    // Duplicate codes, in any case, are refused on the code field.
    match create("Phish-130").await {
        Err(AppError::Invalid { field, .. }) => assert_eq!(field, "code"),
        other => panic!("{other:?}"),
    }
    // Bad numbers name their field and write nothing.
    let bad = create_course(
        "X-1".into(),
        "T".into(),
        "".into(),
        "".into(),
        "zero".into(),
        "5".into(),
    )
    .await;
    assert!(
        matches!(bad, Err(AppError::Invalid { ref field, .. }) if field == "lesson_count"),
        "{bad:?}"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM courses WHERE code = 'X-1'").await,
        0
    );

    let updated = update_course(
        id,
        "PHISH-130".into(),
        "Phishing Drills, Advanced".into(),
        "Spot the lure.".into(),
        "Security".into(),
        "5".into(),
        "40".into(),
    )
    .await
    .unwrap();
    assert_eq!(updated.title, "Phishing Drills, Advanced");
    assert_eq!(updated.lesson_count, 5);

    let found = list_courses("drills".into(), String::new()).await.unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
    // LIKE wildcards typed by the user are literal.
    assert!(list_courses("%".into(), String::new()).await.unwrap().is_empty());

    let retired = set_course_status(id, "retired".into()).await.unwrap();
    assert_eq!(retired.status, CourseStatus::Retired);
    assert!(!retired.status.assignable());
    let only_retired = list_courses(String::new(), "retired".into()).await.unwrap();
    assert!(only_retired.iter().all(|c| c.status == CourseStatus::Retired));
    assert!(only_retired.iter().any(|c| c.id == id));
    assert!(matches!(
        list_courses(String::new(), "bogus".into()).await,
        Err(AppError::Invalid { .. })
    ));

    // create, update, retire: three audit rows, with the changed fields.
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log").await, audit_before + 3);
    let details: String = sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'course.updated'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let details: serde_json::Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["lesson_count"], serde_json::json!([4, 5]));
    assert!(details.get("code").is_none(), "unchanged fields are not listed");
}

#[tokio::test]
async fn users_are_searched_with_their_memberships_and_paged() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let page = list_users("lena.fischer".into(), 1).await.unwrap();
    assert_eq!(page.total, 1);
    let lena = &page.items[0];
    assert_eq!(lena.email, demo::MEMBER);
    assert!(lena
        .memberships
        .iter()
        .any(|m| m.org_name == "Northwind Logistics"));

    let all = db.count("SELECT COUNT(*) FROM users").await;
    let first = list_users(String::new(), 1).await.unwrap();
    assert_eq!(first.total, all);
    assert_eq!(first.items.len() as i64, all.min(first.per_page));
    let last = list_users(String::new(), first.pages()).await.unwrap();
    assert_eq!(
        (first.pages() - 1) * first.per_page + last.items.len() as i64,
        all,
        "every user is on exactly one page"
    );

    let _o = db.as_demo(demo::OWNER).await;
    assert_eq!(list_users(String::new(), 1).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn disabling_and_admin_rights_keep_one_active_admin() {
    let db = TestDb::with_demo().await;
    let admin_id = orgboard::server::repo::users::find_by_email(&db.pool, demo::ADMIN)
        .await
        .unwrap()
        .unwrap()
        .id;
    let member_id = orgboard::server::repo::users::find_by_email(&db.pool, demo::MEMBER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let _o = db.as_demo(demo::ADMIN).await;

    // Not themselves.
    assert!(matches!(
        set_user_disabled(admin_id, true).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        set_platform_admin(admin_id, false).await,
        Err(AppError::Conflict(_))
    ));

    // A second admin may not demote the first while the first is the only... they are two now.
    set_platform_admin(member_id, true).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users WHERE is_platform_admin = 1")
            .await,
        2
    );
    let _o = db.as_demo(demo::MEMBER).await;
    set_platform_admin(admin_id, false)
        .await
        .expect("two admins: one may go");
    // Now the member is the only admin; nobody can remove them (they cannot act on themselves,
    // and the other is no longer an admin).
    assert!(matches!(
        set_platform_admin(member_id, false).await,
        Err(AppError::Conflict(_))
    ));

    // Disabling a plain user works and is audited.
    let owner_id = orgboard::server::repo::users::find_by_email(&db.pool, demo::OWNER)
        .await
        .unwrap()
        .unwrap()
        .id;
    set_user_disabled(owner_id, true).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.disabled'")
            .await,
        1
    );
    set_user_disabled(owner_id, false).await.unwrap();
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users WHERE is_disabled = 1").await,
        0
    );
}

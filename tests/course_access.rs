//! Course access through its server functions on a real database with the demo in it:
//! assigning at every level, due dates, removal, scope, the "why" check, My learning, lessons.
#![cfg(feature = "ssr")]

mod common;

use std::collections::BTreeMap;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::assignments::{
    assign_courses, complete_lesson, get_member_courses, get_my_course, list_assignments, my_learning,
    remove_assignment, why_cant_they_see_it,
};
use orgboard::domain::assignments::{AssignForm, LearnerStatus, MyCourse};
use orgboard::domain::ids::{CourseId, OrgId};
use orgboard::error::AppError;

async fn course(db: &TestDb, code: &str) -> CourseId {
    CourseId(
        sqlx::query_scalar("SELECT id FROM courses WHERE code = ?1")
            .bind(code)
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    )
}

async fn team(db: &TestDb, org: OrgId, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM teams WHERE organization_id = ?1 AND name = ?2")
        .bind(org)
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn form(courses: &[CourseId], level: &str) -> AssignForm {
    AssignForm {
        courses: courses
            .iter()
            .map(|c| (c.0.to_string(), c.0.to_string()))
            .collect::<BTreeMap<_, _>>(),
        level: level.into(),
        ..AssignForm::default()
    }
}

async fn my_course(org: OrgId, c: CourseId) -> Option<MyCourse> {
    my_learning()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.org == org)
        .and_then(|o| o.courses.into_iter().find(|x| x.course == c))
}

fn field(e: AppError) -> String {
    match e {
        AppError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_org_assignment_reaches_members_and_team_due_dates_override() {
    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let selling = course(&db, "SALES-101").await;
    let member = "amara.yilmaz@acmehealth.example";

    let _m = db.as_demo(member).await;
    assert!(my_course(acme, selling).await.is_none(), "not assigned yet");

    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let mut f = form(&[selling], "organization");
    f.due_date = "2030-06-30".into();
    assert_eq!(
        assign_courses(acme, f.clone()).await.unwrap(),
        "1 assignment added."
    );
    assert_eq!(
        assign_courses(acme, f).await.unwrap(),
        "Already assigned: 1 due date updated."
    );

    let _m = db.as_demo(member).await;
    let c = my_course(acme, selling)
        .await
        .expect("org-level assignment reaches the member");
    assert!(c.open);
    assert_eq!(
        (c.sources.as_str(), c.due_date.as_deref()),
        ("organization", Some("2030-06-30"))
    );

    // The team's own due date wins over the organization's.
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let desk = team(&db, acme, "Front Desk").await;
    let mut f = form(&[selling], "team");
    f.team_id = desk.to_string();
    f.due_date = "2030-01-15".into();
    assign_courses(acme, f).await.unwrap();
    let _m = db.as_demo(member).await;
    let c = my_course(acme, selling).await.unwrap();
    assert_eq!(
        (c.sources.as_str(), c.due_date.as_deref()),
        ("team Front Desk, organization", Some("2030-01-15"))
    );

    // Removing both ends access; progress made stays as history.
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let ids: Vec<_> = list_assignments(acme)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.course == selling)
        .map(|a| a.id)
        .collect();
    assert_eq!(ids.len(), 2);
    let _m = db.as_demo(member).await;
    complete_lesson(acme, selling, 1).await.unwrap();
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    for id in ids {
        remove_assignment(acme, id).await.unwrap();
    }
    let _m = db.as_demo(member).await;
    let c = my_course(acme, selling).await.expect("kept as history");
    assert!(!c.open);
    assert_eq!(c.history_reason.as_deref(), Some("No longer assigned"));
    assert_eq!(c.status, LearnerStatus::InProgress);
    assert!(matches!(
        complete_lesson(acme, selling, 2).await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn department_assignments_cover_the_subtree_and_retired_courses_are_refused() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    let ops: i64 =
        sqlx::query_scalar("SELECT id FROM departments WHERE organization_id = ?1 AND name = 'Operations'")
            .bind(nw)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let excel = course(&db, "LEAD-210").await;
    let mut f = form(&[excel], "department");
    f.department_id = ops.to_string();
    f.due_days = "30".into();
    assign_courses(nw, f).await.unwrap();
    // Lena is in Warehouse North/South, under Operations › Warehouse.
    let lena = user_id(&db, demo::MEMBER).await;
    let mc = get_member_courses(nw, lena).await.unwrap();
    let got = mc
        .courses
        .iter()
        .find(|c| c.course == excel)
        .expect("subtree covered");
    assert_eq!(got.sources_label(), "department Operations");
    assert!(got.due_date.is_some(), "30 days after access");

    let retired = course(&db, "OLD-090").await;
    let e = assign_courses(nw, form(&[retired], "organization"))
        .await
        .unwrap_err();
    assert_eq!(field(e), "courses");
    let mut f = form(&[excel], "member");
    f.emails = "nobody@example.com".into();
    assert_eq!(field(assign_courses(nw, f).await.unwrap_err()), "emails");
    // The whole request is refused: nothing half-written.
    let n = db.count("SELECT COUNT(*) FROM assignments WHERE course_id = (SELECT id FROM courses WHERE code = 'OLD-090') AND created_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minute')").await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn managers_assign_only_within_their_teams() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _m = db.as_demo(demo::MANAGER).await; // leads Sales EMEA
    let c = course(&db, "LEAD-210").await;
    assert_eq!(
        field(assign_courses(nw, form(&[c], "organization")).await.unwrap_err()),
        "level"
    );
    let mut f = form(&[c], "team");
    f.team_id = team(&db, nw, "Finance").await.to_string();
    assert_eq!(field(assign_courses(nw, f.clone()).await.unwrap_err()), "team_id");
    f.team_id = team(&db, nw, "Sales EMEA").await.to_string();
    assign_courses(nw, f).await.unwrap();
    // Lena is not in Mark's team.
    let mut f = form(&[c], "member");
    f.emails = demo::MEMBER.into();
    assert_eq!(field(assign_courses(nw, f).await.unwrap_err()), "emails");
    // The organization-wide seeded assignments are listed but not removable by a manager.
    let list = list_assignments(nw).await.unwrap();
    let org_level = list
        .iter()
        .find(|a| a.target_label() == "Whole organization")
        .unwrap();
    assert!(!org_level.removable);
    assert!(matches!(
        remove_assignment(nw, org_level.id).await,
        Err(AppError::Forbidden)
    ));
    let own = list
        .iter()
        .find(|a| a.target_label() == "Team Sales EMEA")
        .unwrap();
    assert!(own.removable);

    // Members cannot assign at all.
    let _l = db.as_demo(demo::MEMBER).await;
    assert!(matches!(list_assignments(nw).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn another_organizations_assignment_cannot_be_touched() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let _a = db.as_demo("aisha.rahman@acmehealth.example").await;
    let theirs = {
        let _o = db.as_demo(demo::OWNER).await;
        list_assignments(nw).await.unwrap()[0].id
    };
    let _a = db.as_demo("aisha.rahman@acmehealth.example").await;
    // Through her own organization the id does not exist; through theirs she is refused.
    assert!(matches!(
        remove_assignment(acme, theirs).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        remove_assignment(nw, theirs).await,
        Err(AppError::Forbidden)
    ));
    let lena = user_id(&db, demo::MEMBER).await;
    assert!(matches!(
        get_member_courses(acme, lena).await,
        Err(AppError::NotFound)
    ));
    // A team of another organization cannot be a target.
    let mut f = form(&[course(&db, "CS-101").await], "team");
    f.team_id = team(&db, nw, "Finance").await.to_string();
    assert_eq!(field(assign_courses(acme, f).await.unwrap_err()), "team_id");
}

#[tokio::test]
async fn the_why_check_and_expired_organizations() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    let lena = user_id(&db, demo::MEMBER).await;
    let selling = course(&db, "SALES-101").await;
    let answer = why_cant_they_see_it(nw, lena, selling.0.to_string())
        .await
        .unwrap();
    assert!(
        answer.starts_with("Consultative Selling is not assigned to Lena Fischer"),
        "{answer}"
    );
    let dei = course(&db, "DEI-100").await;
    let answer = why_cant_they_see_it(nw, lena, dei.0.to_string()).await.unwrap();
    assert!(answer.starts_with("Lena Fischer can open"), "{answer}");
    let victor = user_id(&db, "victor.hale@northwind.example").await;
    let answer = why_cant_they_see_it(nw, victor, dei.0.to_string()).await.unwrap();
    assert!(
        answer.contains("membership in Northwind Logistics was removed"),
        "{answer}"
    );
    assert_eq!(
        field(why_cant_they_see_it(nw, lena, "x".into()).await.unwrap_err()),
        "course"
    );

    // Initech expired: its member sees the course as history only and cannot record progress.
    let initech = org_id(&db, "initech-labs").await;
    let _i = db.as_demo("ivy.chen@initech.example").await;
    let orgs = my_learning().await.unwrap();
    let mine = orgs.iter().find(|o| o.org == initech).unwrap();
    assert!(mine
        .notice
        .as_deref()
        .unwrap()
        .starts_with("Organization expired on"));
    let c = mine.courses.iter().find(|c| c.course == dei).unwrap();
    assert!(!c.open);
    let e = complete_lesson(initech, dei, 1).await.unwrap_err();
    assert!(
        matches!(&e, AppError::Conflict(m) if m.contains("expired on")),
        "{e:?}"
    );
}

#[tokio::test]
async fn lessons_record_progress_once_each() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _l = db.as_demo(demo::MEMBER).await;
    let dei = course(&db, "DEI-100").await;
    let lena = user_id(&db, demo::MEMBER).await;
    sqlx::query("DELETE FROM progress WHERE user_id = ?1 AND course_id = ?2")
        .bind(lena)
        .bind(dei)
        .execute(&db.pool)
        .await
        .unwrap();
    let detail = get_my_course(nw, dei).await.unwrap();
    let n = detail.lessons.len() as i64;
    assert!(detail.open && n >= 2);
    complete_lesson(nw, dei, 1).await.unwrap();
    complete_lesson(nw, dei, 1).await.unwrap(); // twice: counted once
    let d = get_my_course(nw, dei).await.unwrap();
    assert_eq!(d.status, LearnerStatus::InProgress);
    assert_eq!(d.percent, 100 / n);
    assert_eq!(
        field(complete_lesson(nw, dei, n + 1).await.unwrap_err()),
        "lesson"
    );
    for lesson in 2..=n {
        complete_lesson(nw, dei, lesson).await.unwrap();
    }
    let d = get_my_course(nw, dei).await.unwrap();
    assert_eq!((d.status, d.percent), (LearnerStatus::Completed, 100));
    let completed_at: Option<String> =
        sqlx::query_scalar("SELECT completed_at FROM progress WHERE user_id = ?1 AND course_id = ?2")
            .bind(lena)
            .bind(dei)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(completed_at.is_some());
    // A course never given to her is not there at all.
    let other = course(&db, "SALES-220").await;
    assert!(matches!(
        complete_lesson(nw, other, 1).await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn moving_a_team_away_ends_its_assignments() {
    let db = TestDb::with_demo().await;
    let globex = org_id(&db, "globex-retail").await;
    let online = team(&db, globex, "Online").await;
    let before = db
        .count(&format!(
            "SELECT COUNT(*) FROM assignments WHERE team_id = {online}"
        ))
        .await;
    assert!(before > 0);
    sqlx::query("UPDATE teams SET organization_id = NULL WHERE id = ?1")
        .bind(online)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM assignments WHERE team_id = {online}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn an_organizations_own_seat_benefit_grants_its_courses() {
    use orgboard::api::seat_benefits::{get_org_seat_benefits, save_org_seat_benefits};
    use orgboard::domain::seat_benefits::SeatBenefitsForm;

    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let amara = user_id(&db, "amara.yilmaz@acmehealth.example").await;
    let lead = course(&db, "LEAD-210").await;
    let leadership: i64 = sqlx::query_scalar("SELECT id FROM seat_types WHERE name = 'Leadership Track'")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let before = get_member_courses(acme, amara).await.unwrap();
    assert!(
        before.courses.iter().all(|c| c.course != lead),
        "members get Compliance Essentials only"
    );
    let form = SeatBenefitsForm {
        member: leadership.to_string(),
        ..SeatBenefitsForm::default()
    };
    assert!(matches!(
        save_org_seat_benefits(acme, form.clone()).await,
        Err(AppError::Forbidden)
    ));

    let _a = db.as_demo(demo::ADMIN).await;
    let bad = SeatBenefitsForm {
        member: "999".into(),
        ..SeatBenefitsForm::default()
    };
    assert_eq!(
        field(save_org_seat_benefits(acme, bad).await.unwrap_err()),
        "member"
    );
    save_org_seat_benefits(acme, form).await.unwrap();
    let lines = get_org_seat_benefits(acme).await.unwrap().lines;
    assert_eq!(
        lines.iter().filter(|l| l.own.is_some()).count(),
        1,
        "only the member override is kept"
    );

    let after = get_member_courses(acme, amara).await.unwrap();
    let got = after
        .courses
        .iter()
        .find(|c| c.course == lead)
        .expect("granted by the override");
    assert_eq!(got.sources_label(), "seat type Leadership Track");

    // Back to "same as the type": the type's own member benefit applies again.
    save_org_seat_benefits(acme, SeatBenefitsForm::default())
        .await
        .unwrap();
    let again = get_member_courses(acme, amara).await.unwrap();
    assert!(again.courses.iter().all(|c| c.course != lead));
    assert!(again
        .courses
        .iter()
        .any(|c| c.sources_label() == "seat type Compliance Essentials"));
}

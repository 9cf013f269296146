//! The Overview tab: every figure equals the list it links to (the Members list, the Seats
//! tab, the reports, the join requests), and only those who see the whole organization have it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, TestDb};
use orgboard::api::join::list_join_requests;
use orgboard::api::members::{get_overview, get_seats, list_members};
use orgboard::api::reports::get_report;
use orgboard::domain::members::MemberQuery;
use orgboard::domain::reports::ReportQuery;
use orgboard::error::AppError;

fn members(status: &str, active: &str) -> MemberQuery {
    MemberQuery {
        status: status.into(),
        active: active.into(),
        page: 1,
        ..Default::default()
    }
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

#[tokio::test]
async fn every_figure_equals_the_list_behind_it() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    // Activity at known times: two people seen 3 days ago, one 20 days ago, one 40 days ago.
    for (email, days) in [
        ("lena.fischer@northwind.example", 3),
        ("mark.mensah@northwind.example", 3),
        ("diego.alvarez@northwind.example", 20),
        ("priya.patel@northwind.example", 40),
    ] {
        sqlx::query(
            "UPDATE memberships SET last_active_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1)
             WHERE organization_id = ?2 AND user_id = (SELECT id FROM users WHERE email = ?3)",
        )
        .bind(format!("-{days} days"))
        .bind(nw)
        .bind(email)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    let _o = db.as_demo(demo::OWNER).await;
    let o = get_overview(nw).await.unwrap();

    assert_eq!(o.usage, get_seats(nw).await.unwrap().usage);
    assert_eq!(
        o.members,
        list_members(nw, members("active", "")).await.unwrap().total
    );
    assert_eq!(o.usage.members, o.members, "every active member holds a seat");
    let windows: Vec<i64> = o.active.iter().map(|a| a.days).collect();
    assert_eq!(windows, [7, 30]);
    for a in &o.active {
        let listed = list_members(nw, members("active", &a.days.to_string()))
            .await
            .unwrap()
            .total;
        assert_eq!(a.members, listed, "active in the last {} days", a.days);
    }
    // The owner signed in just now (last active is written at sign-in), so the counts hold
    // the people set above and everyone who signed in.
    assert!(o.active[0].members >= 2 && o.active[1].members > o.active[0].members);
    assert!(
        o.active[1].members < o.members,
        "someone was last seen 40 days ago"
    );

    // Completion and overdue: the Course Report's columns, summed.
    let report = get_report(
        nw,
        ReportQuery {
            view: "courses".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let t = &report.table;
    let (assigned, completed, overdue) = (
        column(&t.headers, "Assigned"),
        column(&t.headers, "Completed"),
        column(&t.headers, "Overdue"),
    );
    let sum = |i: usize| -> i64 { t.rows.iter().map(|r| r[i].text.parse::<i64>().unwrap()).sum() };
    let f = o.figures.clone().expect("Northwind's plan has reports");
    assert_eq!(
        (f.assigned, f.completed, f.overdue),
        (sum(assigned), sum(completed), sum(overdue))
    );
    assert!(f.overdue > 0, "the demo has overdue enrolments");

    // The most overdue courses: most first, each equal to its overdue learners' list.
    assert!(!o.top_overdue.is_empty() && o.top_overdue.len() <= 5);
    assert!(o.top_overdue.windows(2).all(|w| w[0].overdue >= w[1].overdue));
    for c in &o.top_overdue {
        let drill = get_report(
            nw,
            ReportQuery {
                view: "courses".into(),
                status: "overdue".into(),
                learners: c.id.0.to_string(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .drill
        .expect("a course's learners");
        assert_eq!(
            c.overdue,
            drill.rows.len() as i64,
            "overdue learners of {}",
            c.title
        );
    }

    assert_eq!(
        o.join_requests,
        list_join_requests(nw).await.unwrap().len() as i64
    );
}

#[tokio::test]
async fn only_those_who_see_the_whole_organization_have_an_overview() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    for (who, allowed) in [
        (demo::ADMIN, true),
        ("priya.patel@northwind.example", true),
        ("diego.alvarez@northwind.example", false),
        (demo::MANAGER, false),
        (demo::MEMBER, false),
        ("aisha.rahman@acmehealth.example", false),
    ] {
        let _o = db.as_demo(who).await;
        let got = get_overview(nw).await;
        assert_eq!(got.is_ok(), allowed, "{who}: {got:?}");
        if let Err(e) = got {
            assert!(
                matches!(e, AppError::Forbidden | AppError::NotFound),
                "{who}: {e:?}"
            );
        }
    }
}

#[tokio::test]
async fn without_reports_in_the_plan_the_overview_has_no_report_figures() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    sqlx::query("UPDATE organizations SET feature_reports = 0 WHERE id = ?1")
        .bind(nw)
        .execute(&db.pool)
        .await
        .unwrap();
    let _o = db.as_demo(demo::OWNER).await;
    let o = get_overview(nw).await.unwrap();
    assert!(o.figures.is_none() && o.top_overdue.is_empty());
    let bad = list_members(nw, members("active", "400")).await.unwrap_err();
    assert!(
        matches!(bad, AppError::Invalid { ref field, .. } if field == "active"),
        "{bad:?}"
    );
}

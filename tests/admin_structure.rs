//! Departments, teams, department admins and team moves through their server functions, on a
//! real database with the demo in it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, TestDb};
use orgboard::api::structure::{
    add_department_admin, assign_team, create_department, create_team, delete_department, delete_team,
    get_org_structure, move_department, place_team, remove_department_admin, remove_team, rename_department,
    rename_team,
};
use orgboard::domain::ids::{DepartmentId, OrgId, TeamId, UserId};
use orgboard::error::AppError;

async fn team_id(db: &TestDb, name: &str) -> TeamId {
    TeamId(
        sqlx::query_scalar("SELECT id FROM teams WHERE name = ?1")
            .bind(name)
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    )
}

async fn seats_used(db: &TestDb, org: OrgId) -> i64 {
    db.count(&format!(
        "SELECT COUNT(*) FROM memberships WHERE organization_id = {org} AND holds_seat = 1"
    ))
    .await
}

fn is_invalid(e: &AppError, on: &str) -> bool {
    matches!(e, AppError::Invalid { field, .. } if field == on)
}

#[tokio::test]
async fn a_department_tree_of_any_depth_never_gets_a_cycle() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;

    let clinical = create_department(acme, "Clinical".into(), String::new())
        .await
        .unwrap();
    let mut parent = clinical;
    let mut chain = vec![clinical];
    for level in 1..=6 {
        parent = create_department(acme, format!("Level {level}"), parent.to_string())
            .await
            .unwrap();
        chain.push(parent);
    }
    let deepest = *chain.last().unwrap();

    // Never under itself, never under its own descendant, at any depth.
    let itself = move_department(acme, clinical, clinical.to_string())
        .await
        .unwrap_err();
    assert!(is_invalid(&itself, "parent_id"), "{itself:?}");
    let below = move_department(acme, clinical, deepest.to_string())
        .await
        .unwrap_err();
    assert!(is_invalid(&below, "parent_id"), "{below:?}");
    assert!(
        below.to_string().contains("Level 6 is inside Clinical"),
        "{below}"
    );
    let parent_of_clinical: Option<i64> =
        sqlx::query_scalar("SELECT parent_id FROM departments WHERE id = ?1")
            .bind(clinical)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(parent_of_clinical, None, "a refused move changes nothing");

    // Moving the deepest one to the top, then under another branch, works.
    move_department(acme, deepest, String::new()).await.unwrap();
    let admin_dept = create_department(acme, "Administration".into(), String::new())
        .await
        .unwrap();
    move_department(acme, chain[3], admin_dept.to_string())
        .await
        .unwrap();
    let s = get_org_structure(acme).await.unwrap();
    let moved = s.departments.iter().find(|d| d.id == chain[3]).unwrap();
    assert_eq!(moved.parent_id, Some(admin_dept));
    assert_eq!(
        orgboard::domain::structure::path(&s.departments, chain[5]),
        "Administration › Level 3 › Level 4 › Level 5"
    );

    // Sibling names are unique (any case); the same name elsewhere in the tree is fine.
    let dup = create_department(acme, "clinical".into(), String::new())
        .await
        .unwrap_err();
    assert!(is_invalid(&dup, "name"), "{dup:?}");
    create_department(acme, "Clinical".into(), admin_dept.to_string())
        .await
        .unwrap();
    rename_department(acme, clinical, "Clinical Care".into())
        .await
        .unwrap();
    let blank = rename_department(acme, clinical, "   ".into()).await.unwrap_err();
    assert!(is_invalid(&blank, "name"), "{blank:?}");

    // Every change wrote an audit row.
    assert!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'department.%'")
            .await
            >= 11,
        "audit rows for each change"
    );
}

#[tokio::test]
async fn departments_are_deleted_only_when_empty() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let top = create_department(acme, "Clinics".into(), String::new())
        .await
        .unwrap();
    let sub = create_department(acme, "North Clinic".into(), top.to_string())
        .await
        .unwrap();
    let team = create_team(acme, "Nurses".into(), sub.to_string()).await.unwrap();

    let e = delete_department(acme, top).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "Clinics still holds 1 department. Move or delete them first, then delete Clinics."
    );
    let e = delete_department(acme, sub).await.unwrap_err();
    assert!(e.to_string().contains("holds 1 team"), "{e}");

    place_team(acme, team, String::new()).await.unwrap();
    delete_department(acme, sub).await.unwrap();
    delete_department(acme, top).await.unwrap();
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM departments WHERE organization_id = {acme}"
        ))
        .await,
        0
    );
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM teams WHERE id = {team} AND department_id IS NULL"
        ))
        .await,
        1,
        "the team stays, at the top"
    );
}

#[tokio::test]
async fn ids_from_another_organization_are_not_found() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let northwind = org_id(&db, "northwind-logistics").await;
    let nw_dept = DepartmentId(
        sqlx::query_scalar("SELECT id FROM departments WHERE name = 'Warehouse'")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    );
    let nw_team = team_id(&db, "Sales EMEA").await;

    assert_eq!(
        rename_department(acme, nw_dept, "Mine".into()).await,
        Err(AppError::NotFound)
    );
    assert_eq!(delete_department(acme, nw_dept).await, Err(AppError::NotFound));
    assert_eq!(
        rename_team(acme, nw_team, "Mine".into()).await,
        Err(AppError::NotFound)
    );
    assert_eq!(delete_team(acme, nw_team).await, Err(AppError::NotFound));
    assert_eq!(remove_team(acme, nw_team).await, Err(AppError::NotFound));
    let e = create_department(acme, "Borrowed".into(), nw_dept.to_string())
        .await
        .unwrap_err();
    assert!(is_invalid(&e, "parent_id"), "{e:?}");
    let e = create_team(acme, "Borrowed".into(), nw_dept.to_string())
        .await
        .unwrap_err();
    assert!(is_invalid(&e, "department_id"), "{e:?}");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM teams WHERE organization_id = {northwind}"
        ))
        .await,
        6,
        "Northwind's teams are untouched"
    );
}

#[tokio::test]
async fn structure_changes_need_an_administrator_of_their_own_organization() {
    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let northwind = org_id(&db, "northwind-logistics").await;
    {
        let _o = db.as_anonymous();
        assert_eq!(
            create_department(acme, "X".into(), String::new()).await,
            Err(AppError::Unauthorized)
        );
    }
    {
        let _o = db.as_demo(demo::MANAGER).await;
        assert_eq!(
            create_department(northwind, "X".into(), String::new()).await,
            Err(AppError::Forbidden)
        );
    }
    let _o = db.as_demo(demo::OWNER).await;
    // Another organization's owner: refused.
    assert_eq!(
        create_department(acme, "X".into(), String::new()).await,
        Err(AppError::Forbidden)
    );
    // Their own organization: allowed (the REST API's organization tokens use this).
    assert!(create_department(northwind, "Research".into(), String::new())
        .await
        .is_ok());
    // Other organizations' teams are listed for platform admins only; so is moving teams
    // between organizations.
    let s = get_org_structure(northwind).await.unwrap();
    assert!(s.other_teams.is_empty() && s.other_orgs.is_empty() && !s.moves_teams);
    assert_eq!(get_org_structure(acme).await, Err(AppError::Forbidden));
    assert_eq!(assign_team(northwind, "1".into()).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn a_team_moves_with_its_people_only_when_seats_allow() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let globex = org_id(&db, "globex-retail").await;
    let online = team_id(&db, "Online").await;
    let (acme_before, globex_before) = (seats_used(&db, acme).await, seats_used(&db, globex).await);
    assert_eq!(acme_before, 9);

    // Acme with 10 seats has 1 free; the five people of Online need five.
    sqlx::query("UPDATE organizations SET seat_count = 10 WHERE id = ?1")
        .bind(acme)
        .execute(&db.pool)
        .await
        .unwrap();
    let refused = assign_team(acme, online.to_string()).await.unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Online brings 5 people without a seat in Acme Health Clinics, but Acme Health Clinics has 1 free seat (9 of 10 in use). Add 4 seats to Acme Health Clinics first, or move fewer people."
    );
    assert_eq!(seats_used(&db, acme).await, 9, "nothing moved");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM teams WHERE id = {online} AND organization_id = {globex}"
        ))
        .await,
        1
    );

    sqlx::query("UPDATE organizations SET seat_count = 15 WHERE id = ?1")
        .bind(acme)
        .execute(&db.pool)
        .await
        .unwrap();
    assign_team(acme, online.to_string()).await.unwrap();
    assert_eq!(seats_used(&db, acme).await, 14, "five people took seats in Acme");
    assert_eq!(
        seats_used(&db, globex).await,
        globex_before - 5,
        "people only in Online left Globex and freed their seats"
    );
    let s = get_org_structure(acme).await.unwrap();
    let moved = s.teams.iter().find(|t| t.id == online).unwrap();
    assert_eq!((moved.member_count, moved.department_id), (5, None));

    // Removing it from Acme keeps the team and the people's memberships.
    remove_team(acme, online).await.unwrap();
    assert_eq!(seats_used(&db, acme).await, 14);
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM teams WHERE id = {online} AND organization_id IS NULL"
        ))
        .await,
        1
    );
    // An unassigned team whose people already hold seats needs none.
    assign_team(acme, online.to_string()).await.unwrap();
    assert_eq!(seats_used(&db, acme).await, 14);
    assert!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.assigned'")
            .await
            >= 2
    );
}

#[tokio::test]
async fn department_admins_are_active_members_and_lose_the_role_with_the_last_department() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::ADMIN).await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let northwind = org_id(&db, "northwind-logistics").await;
    let dept = create_department(acme, "Reception".into(), String::new())
        .await
        .unwrap();
    let member: i64 = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' LIMIT 1",
    )
    .bind(acme)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let role = |db: &TestDb| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT role FROM memberships WHERE organization_id = ?1 AND user_id = ?2",
            )
            .bind(acme)
            .bind(member)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };

    add_department_admin(acme, dept, member.to_string())
        .await
        .unwrap();
    assert_eq!(role(&db).await, "department_admin");
    let s = get_org_structure(acme).await.unwrap();
    assert!(s
        .admins
        .iter()
        .any(|a| a.department_id == dept && a.user_id == UserId(member)));

    remove_department_admin(acme, dept, UserId(member)).await.unwrap();
    assert_eq!(role(&db).await, "member");

    // Someone from another organization cannot be made admin here.
    let outsider: i64 = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' LIMIT 1",
    )
    .bind(northwind)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let e = add_department_admin(acme, dept, outsider.to_string())
        .await
        .unwrap_err();
    assert!(is_invalid(&e, "user_id"), "{e:?}");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM department_admins WHERE department_id = {dept}"
        ))
        .await,
        0
    );
}

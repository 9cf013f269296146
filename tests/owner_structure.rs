//! Owners run their organization: the Structure tab's rights (whole organization, a department
//! admin's subtree, managers read only) and the role grants (owners make organization admins,
//! organization admins up to department admin), through the server functions on a real
//! database with the demo in it.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::members::{add_member, change_member_role, get_org_context, invite_members};
use orgboard::api::structure::{
    add_department_admin, create_department, create_team, delete_department, get_org_structure,
    move_department, place_team, rename_department, rename_team,
};
use orgboard::domain::ids::{DepartmentId, OrgId, TeamId};
use orgboard::domain::members::NewMemberForm;
use orgboard::domain::role::Role;
use orgboard::domain::structure::StructureRights;
use orgboard::error::AppError;

const DEPT_ADMIN: &str = "diego.alvarez@northwind.example";
const ORG_ADMIN: &str = "priya.patel@northwind.example";

async fn dept(db: &TestDb, name: &str) -> DepartmentId {
    DepartmentId(
        sqlx::query_scalar("SELECT id FROM departments WHERE name = ?1")
            .bind(name)
            .fetch_one(&db.pool)
            .await
            .unwrap(),
    )
}

async fn team(db: &TestDb, name: &str) -> TeamId {
    TeamId(common::team_id(db, name).await)
}

async fn role_of(db: &TestDb, org: OrgId, email: &str) -> String {
    sqlx::query_scalar(
        "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1 AND u.email = ?2",
    )
    .bind(org)
    .bind(email)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn is_invalid(e: &AppError, on: &str) -> bool {
    matches!(e, AppError::Invalid { field, .. } if field == on)
}

#[tokio::test]
async fn an_owner_builds_the_structure_without_a_platform_admin() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _o = db.as_demo(demo::OWNER).await;
    let s = get_org_structure(nw).await.unwrap();
    assert_eq!(s.rights, StructureRights::Organization);
    assert!(
        !s.moves_teams,
        "moving teams between organizations is the platform's"
    );
    assert!(
        s.other_teams.is_empty() && s.other_orgs.is_empty(),
        "no other tenant's names"
    );
    assert!(!s.members.is_empty(), "members to name as department admins");

    let training = create_department(nw, "Training".into(), String::new())
        .await
        .unwrap();
    let onboarding = create_department(nw, "Onboarding".into(), training.to_string())
        .await
        .unwrap();
    let mentors = create_team(nw, "Mentors".into(), onboarding.to_string())
        .await
        .unwrap();
    place_team(nw, TeamId(mentors.0), training.to_string())
        .await
        .unwrap();
    let lena = user_id(&db, demo::MEMBER).await;
    add_department_admin(nw, training, lena.to_string())
        .await
        .unwrap();
    assert_eq!(role_of(&db, nw, demo::MEMBER).await, "department_admin");
    let audited = db
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE organization_id = {nw} AND action IN
             ('department.created', 'team.created', 'team.placed', 'department.admin_added')"
        ))
        .await;
    assert_eq!(audited, 5, "the same audit rows as on the admin page");
}

#[tokio::test]
async fn a_department_admin_changes_only_what_lies_inside_their_departments() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let (ops, warehouse, sales) = (
        dept(&db, "Operations").await,
        dept(&db, "Warehouse").await,
        dept(&db, "Sales").await,
    );
    let _d = db.as_demo(DEPT_ADMIN).await;
    let s = get_org_structure(nw).await.unwrap();
    let StructureRights::Subtree { roots, departments } = &s.rights else {
        panic!("a department admin's rights: {:?}", s.rights);
    };
    assert_eq!(roots, &vec![ops]);
    assert!(departments.contains(&warehouse) && !departments.contains(&sales));
    assert!(s.members.is_empty(), "naming department admins is not theirs");

    // Inside Operations: theirs.
    let night = create_department(nw, "Night shift".into(), warehouse.to_string())
        .await
        .unwrap();
    rename_department(nw, night, "Night crew".into()).await.unwrap();
    let crew = create_team(nw, "Night team".into(), night.to_string())
        .await
        .unwrap();
    rename_team(nw, TeamId(crew.0), "Night team A".into())
        .await
        .unwrap();
    place_team(nw, team(&db, "Warehouse North").await, night.to_string())
        .await
        .unwrap();
    delete_department(nw, dept(&db, "Fleet").await)
        .await
        .expect_err("Fleet still holds a team");

    // Their own department, the top level and other departments: refused, saying why.
    let own = rename_department(nw, ops, "Ops".into()).await.unwrap_err();
    assert!(
        matches!(own, AppError::Conflict(ref m) if m.contains("You administer Operations")),
        "{own:?}"
    );
    let top = create_department(nw, "Rogue".into(), String::new())
        .await
        .unwrap_err();
    assert!(
        is_invalid(&top, "parent_id") && top.to_string().contains("departments you administer"),
        "{top:?}"
    );
    assert_eq!(
        rename_department(nw, sales, "Mine".into()).await,
        Err(AppError::Forbidden)
    );
    let out = move_department(nw, night, sales.to_string()).await.unwrap_err();
    assert!(is_invalid(&out, "parent_id"), "{out:?}");
    assert_eq!(
        rename_team(nw, team(&db, "Sales EMEA").await, "Mine".into()).await,
        Err(AppError::Forbidden)
    );
    let lena = user_id(&db, demo::MEMBER).await;
    assert_eq!(
        add_department_admin(nw, warehouse, lena.to_string()).await,
        Err(AppError::Forbidden)
    );
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM departments WHERE organization_id = ?1")
        .bind(nw)
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert!(names.contains(&"Operations".to_string()) && !names.contains(&"Rogue".to_string()));
    assert!(names.contains(&"Sales".to_string()) && !names.contains(&"Mine".to_string()));
}

#[tokio::test]
async fn managers_see_the_structure_and_change_nothing() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let _m = db.as_demo(demo::MANAGER).await;
    let s = get_org_structure(nw).await.unwrap();
    assert_eq!(s.rights, StructureRights::Read);
    assert!(!s.departments.is_empty() && !s.teams.is_empty());
    assert_eq!(
        create_department(nw, "X".into(), String::new()).await,
        Err(AppError::Forbidden)
    );
    let _l = db.as_demo(demo::MEMBER).await;
    assert_eq!(get_org_structure(nw).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn owners_make_organization_admins_who_grant_up_to_manager_in_lists() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let lena = user_id(&db, demo::MEMBER).await;
    {
        let _o = db.as_demo(demo::OWNER).await;
        let c = get_org_context("northwind-logistics".into()).await.unwrap();
        assert_eq!(c.grants, vec![Role::Member, Role::Manager, Role::OrgAdmin]);
        change_member_role(nw, lena, "org_admin".into()).await.unwrap();
        assert_eq!(role_of(&db, nw, demo::MEMBER).await, "org_admin");
        // An organization admin is added or invited as one, too.
        add_member(
            nw,
            NewMemberForm {
                name: "Ola Admin".into(),
                email: "ola.admin@northwind.example".into(),
                role: "org_admin".into(),
                teams: vec![],
            },
        )
        .await
        .unwrap();
        assert_eq!(role_of(&db, nw, "ola.admin@northwind.example").await, "org_admin");
        let sent = invite_members(
            nw,
            "new.admin@northwind.example".into(),
            "org_admin".into(),
            String::new(),
        )
        .await
        .unwrap();
        assert_eq!(sent.invited.len(), 1);
        let invited: String =
            sqlx::query_scalar("SELECT role FROM invitations WHERE email = 'new.admin@northwind.example'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(invited, "org_admin");
    }
    let _a = db.as_demo(ORG_ADMIN).await;
    let c = get_org_context("northwind-logistics".into()).await.unwrap();
    assert_eq!(c.grants, vec![Role::Member, Role::Manager]);
    // Not their own level, not someone at it.
    let up = change_member_role(nw, user_id(&db, demo::MANAGER).await, "org_admin".into())
        .await
        .unwrap_err();
    assert!(
        is_invalid(&up, "role") && up.to_string().contains("Manager or lower"),
        "{up:?}"
    );
    assert_eq!(
        change_member_role(nw, lena, "member".into()).await,
        Err(AppError::Forbidden)
    );
    // Department admins are named on a department, and a new role takes the departments away.
    let diego = user_id(&db, DEPT_ADMIN).await;
    let named = change_member_role(nw, user_id(&db, demo::MANAGER).await, "department_admin".into())
        .await
        .unwrap_err();
    assert!(named.to_string().contains("Structure"), "{named}");
    change_member_role(nw, diego, "manager".into()).await.unwrap();
    assert_eq!(role_of(&db, nw, DEPT_ADMIN).await, "manager");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM department_admins WHERE user_id = {diego}"
        ))
        .await,
        0
    );
}

async fn last_active(db: &TestDb, org: OrgId, email: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT m.last_active_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ?1 AND u.email = ?2",
    )
    .bind(org)
    .bind(email)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn set_last_active(db: &TestDb, org: OrgId, email: &str, at: &str) {
    sqlx::query(
        "UPDATE memberships SET last_active_at = ?3 WHERE organization_id = ?1 AND user_id = (SELECT id FROM users WHERE email = ?2)",
    )
    .bind(org)
    .bind(email)
    .bind(at)
    .execute(&db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn last_active_is_written_at_sign_in_and_at_most_every_five_minutes() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    set_last_active(&db, nw, demo::OWNER, "2020-01-01T00:00:00Z").await;
    // Signing in is activity in every organization of the person.
    let _o = db
        .as_user(demo::OWNER, orgboard::server::seed::DEMO_PASSWORD)
        .await;
    let signed_in = last_active(&db, nw, demo::OWNER).await.unwrap();
    assert!(signed_in.as_str() > "2026-01-01", "{signed_in}");

    // A request in the organization writes it when it is older than five minutes...
    set_last_active(&db, nw, demo::OWNER, "2020-01-01T00:00:00Z").await;
    get_org_context("northwind-logistics".into()).await.unwrap();
    let touched = last_active(&db, nw, demo::OWNER).await.unwrap();
    assert!(touched.as_str() > "2026-01-01", "{touched}");
    // ...and leaves it alone within five minutes.
    let recent = orgboard::server::repo::from_now(chrono::Duration::seconds(-60));
    set_last_active(&db, nw, demo::OWNER, &recent).await;
    get_org_context("northwind-logistics".into()).await.unwrap();
    assert_eq!(
        last_active(&db, nw, demo::OWNER).await.as_deref(),
        Some(recent.as_str())
    );
}

#[tokio::test]
async fn after_expiry_owners_keep_a_read_only_dashboard_and_members_have_none() {
    use orgboard::api::members::list_members;
    use orgboard::api::reports::get_report;
    let db = TestDb::with_demo().await;
    let initech = org_id(&db, "initech-labs").await;
    {
        let _o = db.as_demo("ian.price@initech.example").await;
        let c = get_org_context("initech-labs".into()).await.unwrap();
        assert!(c.read_only && c.grants.is_empty() && c.changes.is_empty());
        let notice = c.expiry_notice.unwrap();
        assert!(
            notice.starts_with("Renewal needed") && notice.contains("platform admin renews it"),
            "{notice}"
        );
        assert!(list_members(initech, Default::default()).await.unwrap().total > 0);
        assert!(get_report(initech, Default::default()).await.is_ok());
        assert_eq!(
            get_org_structure(initech).await.unwrap().rights,
            StructureRights::Read
        );
        // Nothing changes until it is renewed.
        assert_eq!(
            add_member(
                initech,
                NewMemberForm {
                    name: "New Person".into(),
                    email: "new.person@initech.example".into(),
                    role: "member".into(),
                    teams: vec![],
                },
            )
            .await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            create_department(initech, "Later".into(), String::new()).await,
            Err(AppError::Forbidden)
        );
    }
    let _m = db.as_demo("ivy.chen@initech.example").await;
    assert_eq!(
        get_org_context("initech-labs".into()).await,
        Err(AppError::NotFound)
    );
}

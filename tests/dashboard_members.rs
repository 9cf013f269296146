//! The group dashboard's members, invitations and seats through their server functions, on a
//! real database with the demo in it; and the seat cap under concurrent adds and acceptances.
#![cfg(feature = "ssr")]

mod common;

use common::{demo, org_id, user_id, TestDb};
use orgboard::api::invitations::{accept_invitation, get_invitation};
use orgboard::api::members::{
    add_member, add_seats, change_member_role, get_seats, invite_members, list_members, remove_member,
    resend_invitation, revoke_invitation,
};
use orgboard::api::settings::{get_org_settings, save_org_settings};
use orgboard::domain::ids::{OrgId, TeamId, UserId};
use orgboard::domain::members::{MemberQuery, MemberStatus, NewMember, NewMemberForm};
use orgboard::domain::role::Role;
use orgboard::error::AppError;
use orgboard::server::audit::Actor;
use orgboard::server::invitations::hash_token;
use orgboard::server::repo::memberships;
use orgboard::service::members::{self as ops, Acceptor};

/// The token in the newest message to `email` in the outbox.
async fn token_sent_to(db: &TestDb, email: &str) -> String {
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE to_email = ?1 ORDER BY id DESC LIMIT 1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let start = body.find("token=").expect("a link with a token") + "token=".len();
    body[start..start + 64].to_string()
}

fn member(name: &str, email: &str, teams: &[i64]) -> NewMemberForm {
    NewMemberForm {
        name: name.into(),
        email: email.into(),
        role: "member".into(),
        teams: teams.to_vec(),
    }
}

fn everyone() -> MemberQuery {
    MemberQuery {
        page: 1,
        ..Default::default()
    }
}

#[tokio::test]
async fn each_role_sees_and_changes_only_its_scope() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let emea: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE name = 'Sales EMEA'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let finance: i64 = sqlx::query_scalar("SELECT id FROM teams WHERE name = 'Finance'")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    let all = {
        let _o = db.as_demo(demo::OWNER).await;
        list_members(nw, everyone()).await.unwrap().total
    };
    let _o = db.as_demo(demo::MANAGER).await;
    let mine = list_members(nw, everyone()).await.unwrap();
    assert!(mine.total > 0 && mine.total < all, "{} of {all}", mine.total);
    assert!(
        mine.items
            .iter()
            .all(|m| m.teams.iter().any(|t| t.id == TeamId(emea))),
        "a manager sees only members of their own teams"
    );
    // Filtering by another team does not widen the scope.
    let other = list_members(
        nw,
        MemberQuery {
            team: finance.to_string(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(other.total, 0);

    // Managers add only to their teams, and only members.
    let e = add_member(nw, member("Ana Ruiz", "ana.ruiz@example.com", &[finance]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid { ref field, .. } if field == "teams"),
        "{e:?}"
    );
    let e = add_member(nw, member("Ana Ruiz", "ana.ruiz@example.com", &[]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid { ref field, .. } if field == "teams"),
        "{e:?}"
    );
    let mut as_manager = member("Ana Ruiz", "ana.ruiz@example.com", &[emea]);
    as_manager.role = "manager".into();
    assert!(add_member(nw, as_manager).await.is_err());
    add_member(nw, member("Ana Ruiz", "ana.ruiz@example.com", &[emea]))
        .await
        .unwrap();

    // Someone outside the manager's teams cannot be touched: not found.
    let outsider =
        sqlx::query_scalar::<_, i64>("SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ?1 LIMIT 1")
            .bind(finance)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        remove_member(nw, UserId(outsider), "keep".into()).await,
        Err(AppError::NotFound)
    );
    // Seats and settings are for administrators.
    assert_eq!(
        add_seats(nw, "5".into(), String::new()).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(get_org_settings(nw).await, Err(AppError::Forbidden));

    let _o = db.as_demo(demo::MEMBER).await;
    assert_eq!(list_members(nw, everyone()).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn seats_are_taken_refused_with_numbers_added_and_freed() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let seats = get_seats(acme).await.unwrap();
    assert_eq!((seats.usage.members, seats.usage.total), (9, 15));

    invite_members(
        acme,
        "p1@example.com, p2@example.com".into(),
        "member".into(),
        String::new(),
    )
    .await
    .unwrap();
    for i in 0..4 {
        add_member(acme, member("New Person", &format!("n{i}@example.com"), &[]))
            .await
            .unwrap();
    }
    let full = add_member(acme, member("One Too Many", "late@example.com", &[]))
        .await
        .unwrap_err();
    assert_eq!(
        full.to_string(),
        "No seats left: 15 of 15 in use (2 held by pending invitations). Add seats or revoke an invitation."
    );

    // Removing below the seats in use is refused; adding works and is in the ledger.
    let e = add_seats(acme, "-1".into(), String::new()).await.unwrap_err();
    assert!(e.to_string().contains("15 seats are in use"), "{e}");
    add_seats(acme, "2".into(), "PO 1234".into()).await.unwrap();
    add_member(acme, member("One Too Many", "late@example.com", &[]))
        .await
        .unwrap();
    let seats = get_seats(acme).await.unwrap();
    assert_eq!((seats.usage.in_use(), seats.usage.total), (16, 17));
    assert!(seats
        .ledger
        .iter()
        .any(|l| l.kind.as_str() == "allocation" && l.delta == 2 && l.note == "PO 1234"));
    assert!(seats.ledger.iter().filter(|l| l.kind.as_str() == "taken").count() >= 5);

    // Revoking an invitation and removing a member free seats; removal ends access at once.
    let list = list_members(
        acme,
        MemberQuery {
            status: "invited".into(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(list.total, 2);
    revoke_invitation(acme, list.items[0].invitation_id.unwrap())
        .await
        .unwrap();
    let late = user_id(&db, "late@example.com").await;
    assert!(memberships::active_role(&db.pool, late, acme)
        .await
        .unwrap()
        .is_some());
    remove_member(acme, late, "erase".into()).await.unwrap();
    assert_eq!(
        memberships::active_role(&db.pool, late, acme).await.unwrap(),
        None
    );
    assert_eq!(get_seats(acme).await.unwrap().usage.in_use(), 14);
    let removed = list_members(
        acme,
        MemberQuery {
            status: "removed".into(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(removed
        .items
        .iter()
        .any(|m| m.email == "late@example.com" && m.status == MemberStatus::Removed));

    // The owner cannot be removed here.
    let owner = user_id(&db, "aisha.rahman@acmehealth.example").await;
    assert!(remove_member(acme, owner, "keep".into()).await.is_err());
}

#[tokio::test]
async fn invitation_links_are_hashed_single_use_and_expire() {
    let db = TestDb::with_demo().await;
    let acme = org_id(&db, "acme-health-clinics").await;
    {
        let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
        let r = invite_members(
            acme,
            "zoe@example.com\nlena.fischer@northwind.example".into(),
            "member".into(),
            String::new(),
        )
        .await
        .unwrap();
        assert_eq!(r.invited.len(), 2);
        let again = invite_members(acme, "zoe@example.com".into(), "member".into(), String::new())
            .await
            .unwrap();
        assert_eq!(
            again.skipped,
            vec![("zoe@example.com".to_string(), "already invited".to_string())]
        );
    }
    let token = token_sent_to(&db, "zoe@example.com").await;
    // Only the hash is stored, nowhere the token itself.
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM invitations WHERE token_hash = '{}'",
            hash_token(&token)
        ))
        .await,
        1
    );
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM invitations WHERE token_hash = '{token}'"
        ))
        .await,
        0
    );

    // Resending kills the old link.
    {
        let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM invitations WHERE email = 'zoe@example.com'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        resend_invitation(acme, id).await.unwrap();
    }
    let fresh = token_sent_to(&db, "zoe@example.com").await;
    assert_ne!(fresh, token);
    let _o = db.as_anonymous();
    assert!(get_invitation(token.clone())
        .await
        .unwrap_err()
        .to_string()
        .contains("This link has expired or was already used."));
    let view = get_invitation(fresh.clone()).await.unwrap();
    assert_eq!(
        (view.org_name.as_str(), view.has_account),
        ("Acme Health Clinics", false)
    );

    // A new person accepts: account, membership with the seat, signed in; then the link is spent.
    let bad = accept_invitation(fresh.clone(), "Zoe Park".into(), "short".into(), "short".into())
        .await
        .unwrap_err();
    assert!(matches!(bad, AppError::Invalid { .. }), "{bad:?}");
    accept_invitation(
        fresh.clone(),
        "Zoe Park".into(),
        "a long enough phrase".into(),
        "a long enough phrase".into(),
    )
    .await
    .unwrap();
    let zoe = user_id(&db, "zoe@example.com").await;
    assert_eq!(
        memberships::active_role(&db.pool, zoe, acme).await.unwrap(),
        Some(Role::Member)
    );
    let used = get_invitation(fresh.clone()).await.unwrap_err().to_string();
    assert!(
        used.starts_with("This link has expired or was already used.")
            && used.contains("sign in to continue"),
        "{used}"
    );

    // An existing account must be signed in as the invited email.
    let lena = token_sent_to(&db, "lena.fischer@northwind.example").await;
    let _o = db.as_anonymous();
    let e = accept_invitation(lena.clone(), String::new(), String::new(), String::new())
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("already has an account. Sign in first"),
        "{e}"
    );
    // Expired links say so and no longer hold a seat.
    sqlx::query("UPDATE invitations SET expires_at = '2020-01-01T00:00:00Z' WHERE email = 'lena.fischer@northwind.example'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(get_invitation(lena.clone())
        .await
        .unwrap_err()
        .to_string()
        .contains("send you a new invitation"));
    let _o = db.as_demo(demo::MEMBER).await;
    assert!(
        accept_invitation(lena, String::new(), String::new(), String::new())
            .await
            .is_err()
    );
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    assert_eq!(get_seats(acme).await.unwrap().usage.pending, 0);
}

#[tokio::test]
async fn promoting_and_demoting_members() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo("aisha.rahman@acmehealth.example").await;
    let acme = org_id(&db, "acme-health-clinics").await;
    let someone: i64 = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE organization_id = ?1 AND role = 'member' LIMIT 1",
    )
    .bind(acme)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    change_member_role(acme, UserId(someone), "manager".into())
        .await
        .unwrap();
    assert_eq!(
        memberships::active_role(&db.pool, UserId(someone), acme)
            .await
            .unwrap(),
        Some(Role::Manager)
    );
    change_member_role(acme, UserId(someone), "member".into())
        .await
        .unwrap();
    assert!(change_member_role(acme, UserId(someone), "owner".into())
        .await
        .is_err());
    assert!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.role_changed'")
            .await
            == 2
    );
}

#[tokio::test]
async fn settings_are_validated_and_audited() {
    let db = TestDb::with_demo().await;
    let _o = db.as_demo(demo::OWNER).await;
    let nw = org_id(&db, "northwind-logistics").await;
    let mut form = get_org_settings(nw).await.unwrap();
    form.brand_color = "teal".into();
    let e = save_org_settings(nw, form.clone()).await.unwrap_err();
    assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "brand_color"));
    form.brand_color = "#0f766e".into();
    form.invitation_days = "14".into();
    save_org_settings(nw, form).await.unwrap();
    let after = get_org_settings(nw).await.unwrap();
    assert_eq!(
        (after.brand_color.as_str(), after.invitation_days.as_str()),
        ("#0f766e", "14")
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'organization.settings_changed'")
            .await,
        1
    );
}

/// 64 concurrent adds and acceptances against a cap of 10: exactly 10 seats end up in use, every
/// refusal is the clear "no seats" message, and nothing fails with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_seat_cap_holds_under_concurrency() {
    let db = TestDb::with_demo().await;
    let owner = user_id(&db, demo::OWNER).await;
    let org: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (name, slug, owner_user_id, seat_count) VALUES ('Cap Co', 'cap-co', ?1, 10) RETURNING id",
    )
    .bind(owner)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let org = OrgId(org);
    sqlx::query("INSERT INTO memberships (organization_id, user_id, role, joined_at) VALUES (?1, ?2, 'owner', '2026-01-01T00:00:00Z')")
        .bind(org)
        .bind(owner)
        .execute(&db.pool)
        .await
        .unwrap();
    // Five pending invitations hold five seats: 6 of 10 in use.
    let mut tokens = Vec::new();
    for i in 0..5 {
        let (token, hash) = orgboard::server::invitations::new_token();
        sqlx::query(
            "INSERT INTO invitations (organization_id, email, token_hash, expires_at) VALUES (?1, ?2, ?3, '2099-01-01T00:00:00Z')",
        )
        .bind(org)
        .bind(format!("invitee{i}@example.com"))
        .bind(&hash)
        .execute(&db.pool)
        .await
        .unwrap();
        tokens.push(token);
    }
    let actor = Actor::system();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let pool = db.pool.clone();
        let actor = actor.clone();
        let token = tokens.get(i % 13).cloned().filter(|_| i % 13 < 5 && i < 13);
        tasks.push(tokio::spawn(async move {
            match token {
                Some(token) => ops::accept(
                    &pool,
                    &hash_token(&token),
                    Acceptor::New {
                        name: format!("Invitee {i}"),
                        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
                            .into(),
                    },
                )
                .await
                .map(|_| ()),
                None => ops::add_as(
                    &pool,
                    &orgboard::server::config::Config::default(),
                    org,
                    &actor,
                    &NewMember {
                        name: format!("Person {i}"),
                        email: format!("person{i}@example.com"),
                        role: Role::Member,
                        teams: vec![],
                    },
                )
                .await
                .map(|_| ()),
            }
        }));
    }
    let mut ok = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => ok += 1,
            Err(AppError::Conflict(m)) if m.starts_with("No seats left: 10 of 10 in use") => refused += 1,
            Err(other) => panic!("unexpected failure: {other:?}"),
        }
    }
    assert_eq!(ok, 5 + 4, "five acceptances and four adds fit");
    assert_eq!(refused, 64 - 9);
    let in_use = db
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE organization_id = {org} AND holds_seat = 1"
        ))
        .await;
    let pending = db
        .count(&format!(
            "SELECT COUNT(*) FROM invitations WHERE organization_id = {org} AND status = 'pending'"
        ))
        .await;
    assert_eq!((in_use, pending), (10, 0));
}

#[tokio::test]
async fn a_department_admin_acts_on_their_subtree_only() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;
    let team = |name: &'static str| common::team_id(&db, name);
    let (north, fleet, finance) = (
        team("Warehouse North").await,
        team("Fleet Dispatch").await,
        team("Finance").await,
    );
    // Diego administers Operations: Warehouse (North, South) and Fleet sit below it.
    let _o = db.as_demo("diego.alvarez@northwind.example").await;
    let mine = list_members(nw, everyone()).await.unwrap();
    assert!(mine.total > 0);
    assert!(mine.items.iter().all(|m| m.teams.iter().any(|t| [
        "Warehouse North",
        "Warehouse South",
        "Fleet Dispatch"
    ]
    .contains(&t.name.as_str()))));
    add_member(nw, member("Ops Hire", "ops.hire@example.com", &[north, fleet]))
        .await
        .unwrap();
    let e = add_member(nw, member("Fin Hire", "fin.hire@example.com", &[finance]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::Invalid { ref field, .. } if field == "teams"),
        "{e:?}"
    );
    // Department admins may make managers, but not touch seats or settings.
    let mut lead = member("Ops Lead", "ops.lead@example.com", &[north]);
    lead.role = "manager".into();
    add_member(nw, lead).await.unwrap();
    assert_eq!(
        add_seats(nw, "1".into(), String::new()).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(get_org_settings(nw).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn the_smaller_leaks_are_closed() {
    let db = TestDb::with_demo().await;
    let nw = org_id(&db, "northwind-logistics").await;

    // A manager reads only the seat-ledger lines about people in their teams.
    let team = |name: &'static str| common::team_id(&db, name);
    let (emea, finance) = (team("Sales EMEA").await, team("Finance").await);
    let all = {
        let _o = db.as_demo(demo::OWNER).await;
        add_member(nw, member("In Team", "in.team@example.com", &[emea]))
            .await
            .unwrap();
        add_member(nw, member("Out Team", "out.team@example.com", &[finance]))
            .await
            .unwrap();
        orgboard::api::members::get_seats(nw).await.unwrap().ledger
    };
    let mine = {
        let _o = db.as_demo(demo::MANAGER).await;
        orgboard::api::members::get_seats(nw).await.unwrap().ledger
    };
    assert!(
        !mine.is_empty() && mine.len() < all.len(),
        "{} of {}",
        mine.len(),
        all.len()
    );
    let manager_team: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM team_members tm JOIN users u ON u.id = tm.user_id
         WHERE tm.team_id IN (SELECT team_id FROM team_members WHERE user_id = (SELECT id FROM users WHERE email = ?1))",
    )
    .bind(demo::MANAGER)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for line in &mine {
        let subject = line
            .subject
            .as_deref()
            .expect("no organization-wide lines for a manager");
        assert!(
            manager_team.iter().any(|e| e == subject),
            "{subject} is outside the manager's teams"
        );
    }

    // An invitation row shows only the typed address, never the account's own name.
    {
        let _o = db.as_demo(demo::OWNER).await;
        invite_members(nw, "admin@orgboard.example".into(), "member".into(), "".into())
            .await
            .unwrap();
        let rows = list_members(
            nw,
            MemberQuery {
                page: 1,
                q: "admin@orgboard".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let invited = rows
            .items
            .iter()
            .find(|r| r.invitation_id.is_some())
            .expect("the invitation row");
        assert_eq!((invited.name.as_str(), invited.user_id), ("", None));
    }

    // Unknown and foreign slugs answer the same.
    {
        let _o = db.as_demo(demo::OWNER).await;
        let foreign = orgboard::api::members::get_org_context("acme-health-clinics".into()).await;
        let unknown = orgboard::api::members::get_org_context("no-such-organization".into()).await;
        assert_eq!(foreign.unwrap_err(), AppError::NotFound);
        assert_eq!(unknown.unwrap_err(), AppError::NotFound);
    }
    {
        let _o = db.as_anonymous();
        let foreign = orgboard::api::members::get_org_context("acme-health-clinics".into()).await;
        let unknown = orgboard::api::members::get_org_context("no-such-organization".into()).await;
        assert_eq!(foreign.unwrap_err(), AppError::Unauthorized);
        assert_eq!(unknown.unwrap_err(), AppError::Unauthorized);
    }

    // Approving a stale join request never lowers a membership.
    let manager = user_id(&db, demo::MANAGER).await;
    sqlx::query("INSERT INTO join_requests (organization_id, user_id) VALUES (?1, ?2)")
        .bind(nw)
        .bind(manager)
        .execute(&db.pool)
        .await
        .unwrap();
    let _o = db.as_demo(demo::OWNER).await;
    let requests = orgboard::api::join::list_join_requests(nw).await.unwrap();
    let stale = requests
        .iter()
        .find(|r| r.user_id == manager)
        .expect("the stale request");
    let before = get_seats(nw).await.unwrap().usage.in_use();
    orgboard::api::join::decide_join_request(nw, stale.id, "approve".into())
        .await
        .unwrap();
    assert_eq!(
        memberships::active_role(&db.pool, manager, nw).await.unwrap(),
        Some(Role::Manager),
        "still a manager"
    );
    assert_eq!(
        get_seats(nw).await.unwrap().usage.in_use(),
        before,
        "no second seat"
    );
}

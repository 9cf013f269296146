//! The demo: a realistic small platform so a new user sees a living product at first start.

use chrono::Duration;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::password;
use super::repo::demo::{self, DemoAssignment, DemoCourse, DemoMember, DemoOrg, DemoOrgType, DemoProgress};
use super::repo::users;
use crate::domain::ids::{CourseId, DepartmentId, OrgId, OrgTypeId, TeamId, UserId};
use crate::error::AppError;

/// Every demo account signs in with this password (printed at first start, documented).
pub const DEMO_PASSWORD: &str = "orgboard-demo";

/// Demo sign-ins worth printing: (what, email).
pub const DEMO_LOGINS: [(&str, &str); 5] = [
    ("Platform admin", "admin@orgboard.example"),
    ("Owner (Northwind Logistics)", "olivia.owens@northwind.example"),
    ("Manager (Northwind Logistics)", "mark.mensah@northwind.example"),
    ("Member (Northwind Logistics)", "lena.fischer@northwind.example"),
    ("Member of an expired organization", "ivy.chen@initech.example"),
];

const COURSES: [(&str, &str, &str, i64, i64, &str); 13] = [
    (
        "SEC-101",
        "Security Awareness Essentials",
        "Compliance",
        6,
        45,
        "published",
    ),
    (
        "GDPR-110",
        "GDPR for Everyday Work",
        "Compliance",
        5,
        40,
        "published",
    ),
    (
        "HAR-120",
        "Preventing Workplace Harassment",
        "Compliance",
        4,
        30,
        "published",
    ),
    (
        "HS-100",
        "Health and Safety Induction",
        "Compliance",
        3,
        25,
        "published",
    ),
    (
        "LEAD-201",
        "First-Time Manager Foundations",
        "Leadership",
        8,
        120,
        "published",
    ),
    (
        "LEAD-210",
        "Giving Effective Feedback",
        "Leadership",
        5,
        50,
        "published",
    ),
    ("SALES-101", "Consultative Selling", "Sales", 7, 90, "published"),
    (
        "SALES-220",
        "Negotiation Fundamentals",
        "Sales",
        6,
        75,
        "published",
    ),
    (
        "CS-101",
        "Customer Service Excellence",
        "Customer Success",
        5,
        60,
        "published",
    ),
    (
        "DATA-101",
        "Data Literacy for Decision Makers",
        "Analytics",
        6,
        80,
        "published",
    ),
    (
        "XL-150",
        "Spreadsheet Skills: Formulas to Pivot Tables",
        "Productivity",
        8,
        100,
        "published",
    ),
    (
        "DEI-100",
        "Building Inclusive Teams",
        "Culture",
        4,
        35,
        "published",
    ),
    (
        "OLD-090",
        "Legacy Compliance Basics",
        "Compliance",
        3,
        20,
        "retired",
    ),
];

const FIRST: [&str; 24] = [
    "Lena", "Tom", "Sofia", "Jamal", "Mei", "Lucas", "Amara", "Noah", "Elif", "Mateo", "Yuki", "Oscar",
    "Fatima", "Liam", "Chloe", "Ravi", "Ingrid", "Kwame", "Marta", "Samir", "Nora", "Felix", "Zara", "Ethan",
];
const LAST: [&str; 24] = [
    "Fischer",
    "Nguyen",
    "Rossi",
    "Okafor",
    "Chen",
    "Martin",
    "Diallo",
    "Johansson",
    "Yilmaz",
    "Garcia",
    "Tanaka",
    "Berg",
    "Haddad",
    "Murphy",
    "Dubois",
    "Iyer",
    "Larsen",
    "Mensah",
    "Kowalski",
    "Farouk",
    "Lindqvist",
    "Wagner",
    "Ali",
    "Brooks",
];

/// Deterministic pseudo-random numbers, so every demo database is the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Whether the database has no accounts yet (the demo is only ever written into such a one).
pub async fn is_empty(db: &SqlitePool) -> Result<bool, AppError> {
    Ok(users::count(db).await? == 0)
}

/// Fills an empty database with the demo, in one transaction. Refuses (`Conflict`) when any
/// account exists, so it can never mix demo people into real data.
pub async fn seed_demo(db: &SqlitePool) -> Result<(), AppError> {
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if users::count(&mut *tx).await? > 0 {
        return Err(AppError::Conflict(
            "The database already has accounts; the demo is only written into an empty database.".into(),
        ));
    }
    let mut s = Seeder {
        tx: &mut tx,
        hash: &hash,
        rng: Lcg(2026),
    };
    s.run().await?;
    super::repo::sessions::note_demo(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

struct Seeder<'a, 'c> {
    tx: &'a mut Transaction<'c, Sqlite>,
    hash: &'a str,
    rng: Lcg,
}

/// A demo organization: `expires_in_days` is days from now until its subscription ends.
struct OrgSpec {
    name: &'static str,
    slug: &'static str,
    industry: &'static str,
    owner: UserId,
    kind: OrgTypeId,
    seats: i64,
    expires_in_days: Option<i64>,
}

/// A seeded assignment: organization, course code, department or team, due in N days.
type Planned = (
    OrgId,
    &'static str,
    Option<DepartmentId>,
    Option<TeamId>,
    Option<i64>,
);

fn ts(days_ago: i64) -> String {
    super::repo::from_now(-Duration::days(days_ago))
}

impl Seeder<'_, '_> {
    async fn run(&mut self) -> Result<(), AppError> {
        self.user("admin@orgboard.example", "Avery Admin", true).await?;
        let enterprise = self
            .org_type(
                "Enterprise",
                "Large customers with departments, API access and exports.",
                "invite_only",
                None,
                true,
            )
            .await?;
        let small = self
            .org_type(
                "Small Business",
                "Teams up to 25 people; access for one year.",
                "approval",
                Some(365),
                false,
            )
            .await?;
        // Small businesses add seats themselves up to 25 in all; beyond, they send a seat request.
        demo::owner_seat_cap(self.tx, small, 25).await?;
        let mut courses = Vec::new();
        for (code, title, category, lessons, minutes, status) in COURSES {
            let id = demo::course(
                self.tx,
                &DemoCourse {
                    code,
                    title,
                    category,
                    lessons,
                    minutes,
                    status,
                },
            )
            .await?;
            if status == "published" {
                courses.push((id, lessons));
            }
        }

        self.seat_types(enterprise, small).await?;

        // Northwind: the full structure.
        let olivia = self
            .user("olivia.owens@northwind.example", "Olivia Owens", false)
            .await?;
        let nw = self
            .org(OrgSpec {
                name: "Northwind Logistics",
                slug: "northwind-logistics",
                industry: "Logistics",
                owner: olivia,
                kind: enterprise,
                seats: 60,
                expires_in_days: Some(365),
            })
            .await?;
        let ops = self.department(nw, None, "Operations").await?;
        let warehouse = self.department(nw, Some(ops), "Warehouse").await?;
        let fleet = self.department(nw, Some(ops), "Fleet").await?;
        let commercial = self.department(nw, None, "Commercial").await?;
        let sales = self.department(nw, Some(commercial), "Sales").await?;
        let people = self.department(nw, None, "People & Finance").await?;
        let teams = [
            self.team(nw, Some(warehouse), "Warehouse North").await?,
            self.team(nw, Some(warehouse), "Warehouse South").await?,
            self.team(nw, Some(fleet), "Fleet Dispatch").await?,
            self.team(nw, Some(sales), "Sales EMEA").await?,
            self.team(nw, Some(sales), "Sales Americas").await?,
            self.team(nw, Some(people), "Finance").await?,
        ];
        self.member(nw, olivia, "owner", &[]).await?;
        let priya = self
            .user("priya.patel@northwind.example", "Priya Patel", false)
            .await?;
        self.member(nw, priya, "org_admin", &[]).await?;
        let diego = self
            .user("diego.alvarez@northwind.example", "Diego Alvarez", false)
            .await?;
        self.member(nw, diego, "department_admin", &[]).await?;
        demo::department_admin(self.tx, ops, diego).await?;
        let mark = self
            .user("mark.mensah@northwind.example", "Mark Mensah", false)
            .await?;
        self.member(nw, mark, "manager", &[teams[3]]).await?;
        let hannah = self
            .user("hannah.schmidt@northwind.example", "Hannah Schmidt", false)
            .await?;
        self.member(nw, hannah, "manager", &[teams[0], teams[1]]).await?;
        let mut learners = vec![mark, hannah];
        for i in 0..30 {
            let (first, last) = (FIRST[i % 24], LAST[(i * 7 + i / 24) % 24]);
            let email = format!(
                "{}.{}@northwind.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let id = self.user(&email, &format!("{first} {last}"), false).await?;
            let team = teams[i % teams.len()];
            // A few people sit in two teams: reports must still count them once.
            let extra = if i % 9 == 0 {
                vec![team, teams[(i + 1) % teams.len()]]
            } else {
                vec![team]
            };
            self.member(nw, id, "member", &extra).await?;
            learners.push(id);
        }
        let gone = self
            .user("victor.hale@northwind.example", "Victor Hale", false)
            .await?;
        self.member(nw, gone, "member", &[]).await?;
        demo::removed(self.tx, nw, gone, &ts(20)).await?;
        learners.push(gone);
        self.progress(nw, &learners, &courses).await?;

        // Acme: a small business on the yearly plan.
        let aisha = self
            .user("aisha.rahman@acmehealth.example", "Aisha Rahman", false)
            .await?;
        let acme = self
            .org(OrgSpec {
                name: "Acme Health Clinics",
                slug: "acme-health-clinics",
                industry: "Healthcare",
                owner: aisha,
                kind: small,
                seats: 15,
                expires_in_days: Some(200),
            })
            .await?;
        let desk = self.team(acme, None, "Front Desk").await?;
        self.member(acme, aisha, "owner", &[desk]).await?;
        let mut acme_people = vec![aisha];
        for i in 0..8 {
            let (first, last) = (FIRST[(i + 5) % 24], LAST[(i * 5 + 3) % 24]);
            let email = format!(
                "{}.{}@acmehealth.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let id = self.user(&email, &format!("{first} {last}"), false).await?;
            self.member(acme, id, "member", &[desk]).await?;
            acme_people.push(id);
        }
        self.progress(acme, &acme_people, &courses[..5]).await?;

        // Globex: renewal due soon.
        let george = self
            .user("george.baker@globex.example", "George Baker", false)
            .await?;
        let globex = self
            .org(OrgSpec {
                name: "Globex Retail",
                slug: "globex-retail",
                industry: "Retail",
                owner: george,
                kind: enterprise,
                seats: 25,
                expires_in_days: Some(35),
            })
            .await?;
        let stores = self.team(globex, None, "Store Managers").await?;
        let online = self.team(globex, None, "Online").await?;
        self.member(globex, george, "owner", &[]).await?;
        let mut globex_people = Vec::new();
        for i in 0..10 {
            let (first, last) = (FIRST[(i + 11) % 24], LAST[(i * 11 + 1) % 24]);
            let email = format!("{}.{}@globex.example", first.to_lowercase(), last.to_lowercase());
            let id = self.user(&email, &format!("{first} {last}"), false).await?;
            let team = if i % 2 == 0 { stores } else { online };
            let role = if i == 0 { "manager" } else { "member" };
            self.member(globex, id, role, &[team]).await?;
            globex_people.push(id);
        }
        self.progress(globex, &globex_people, &courses[6..]).await?;

        // Initech: expired three weeks ago; its people keep their history but lose access.
        let ian = self.user("ian.price@initech.example", "Ian Price", false).await?;
        let initech = self
            .org(OrgSpec {
                name: "Initech Labs",
                slug: "initech-labs",
                industry: "Software",
                owner: ian,
                kind: small,
                seats: 5,
                expires_in_days: Some(-21),
            })
            .await?;
        let research = self.team(initech, None, "Research").await?;
        self.member(initech, ian, "owner", &[research]).await?;
        let ivy = self.user("ivy.chen@initech.example", "Ivy Chen", false).await?;
        self.member(initech, ivy, "member", &[research]).await?;
        self.progress(initech, &[ian, ivy], &courses[9..11]).await?;

        // Course assignments at every level, with due dates, so My learning and the reports
        // have something to show. OLD-090 was assigned before it was retired (history).
        let plan: [Planned; 12] = [
            (nw, "DATA-101", None, None, Some(30)),
            (nw, "DEI-100", None, None, None),
            (nw, "OLD-090", None, None, None),
            (nw, "SALES-101", Some(commercial), None, Some(21)),
            (nw, "SALES-220", Some(sales), None, Some(45)),
            (nw, "XL-150", None, Some(teams[5]), Some(-3)),
            (nw, "CS-101", None, Some(teams[2]), None),
            (acme, "LEAD-201", None, Some(desk), Some(60)),
            (globex, "SALES-101", None, None, Some(14)),
            (globex, "CS-101", None, Some(online), None),
            (globex, "SALES-220", None, Some(stores), Some(30)),
            (initech, "DEI-100", None, None, None),
        ];
        for (org, code, department, team, due_in) in plan {
            let level = match (department, team) {
                (Some(_), _) => "department",
                (_, Some(_)) => "team",
                _ => "organization",
            };
            let assignment = DemoAssignment {
                org,
                code,
                level,
                department,
                team,
                due_date: due_in.map(|d| ts(-d)[..10].to_string()),
                created_at: &ts(90),
            };
            demo::assignment(self.tx, &assignment).await?;
        }
        Ok(())
    }

    async fn user(&mut self, email: &str, name: &str, admin: bool) -> Result<UserId, AppError> {
        Ok(users::insert(&mut **self.tx, email, name, Some(self.hash), admin, true).await?)
    }

    /// Two seat types, and which role of each organization type receives them.
    async fn seat_types(&mut self, enterprise: OrgTypeId, small: OrgTypeId) -> Result<(), AppError> {
        let bundles: [(&str, &str, &[&str]); 2] = [
            (
                "Compliance Essentials",
                "The mandatory compliance courses every employee takes.",
                &["SEC-101", "GDPR-110", "HAR-120", "HS-100"],
            ),
            (
                "Leadership Track",
                "Compliance plus the courses for people who lead teams.",
                &[
                    "SEC-101", "GDPR-110", "HAR-120", "HS-100", "LEAD-201", "LEAD-210", "DEI-100",
                ],
            ),
        ];
        let mut ids = Vec::new();
        for (name, description, codes) in bundles {
            let id = demo::seat_type(self.tx, name, description, codes).await?;
            ids.push(id);
        }
        let (essentials, leadership) = (ids[0], ids[1]);
        for (ty, role, seat) in [
            (enterprise, "owner", leadership),
            (enterprise, "manager", leadership),
            (enterprise, "member", essentials),
            (small, "owner", leadership),
            (small, "member", essentials),
        ] {
            demo::type_benefit(self.tx, ty, role, seat).await?;
        }
        demo::default_seat_type(self.tx, essentials).await?;
        Ok(())
    }

    async fn org_type(
        &mut self,
        name: &str,
        description: &str,
        policy: &str,
        expiry_days: Option<i64>,
        api: bool,
    ) -> Result<OrgTypeId, AppError> {
        let t = DemoOrgType {
            name,
            description,
            policy,
            expiry_days,
            api,
        };
        Ok(demo::org_type(self.tx, &t).await?)
    }

    async fn org(&mut self, o: OrgSpec) -> Result<OrgId, AppError> {
        let domain = o.slug.split('-').next().unwrap_or(o.slug);
        let row = DemoOrg {
            name: o.name,
            slug: o.slug,
            industry: o.industry,
            owner: o.owner,
            kind: o.kind,
            seats: o.seats,
            expires_at: o.expires_in_days.map(|d| ts(-d)),
            website: format!("https://www.{domain}.example"),
            created_at: ts(120),
        };
        Ok(demo::org(self.tx, &row).await?)
    }

    async fn department(
        &mut self,
        org: OrgId,
        parent: Option<DepartmentId>,
        name: &str,
    ) -> Result<DepartmentId, AppError> {
        Ok(super::repo::structure::insert_department(&mut **self.tx, org, parent, name).await?)
    }

    async fn team(
        &mut self,
        org: OrgId,
        department: Option<DepartmentId>,
        name: &str,
    ) -> Result<TeamId, AppError> {
        Ok(super::repo::structure::insert_team(&mut **self.tx, Some(org), department, name).await?)
    }

    async fn member(
        &mut self,
        org: OrgId,
        user: UserId,
        role: &str,
        teams: &[TeamId],
    ) -> Result<(), AppError> {
        let joined = ts(100 - self.rng.next(60) as i64);
        let member = DemoMember {
            org,
            user,
            role,
            joined_at: &joined,
            last_active_at: &ts(self.rng.next(14) as i64),
            teams,
        };
        Ok(demo::member(self.tx, &member).await?)
    }

    async fn progress(
        &mut self,
        org: OrgId,
        people: &[UserId],
        courses: &[(CourseId, i64)],
    ) -> Result<(), AppError> {
        for &user in people {
            for &(course, lessons) in courses {
                // Roughly: a third untouched, a third under way, a third done.
                let roll = self.rng.next(100);
                if roll < 35 {
                    continue;
                }
                let started = 60 - self.rng.next(50) as i64;
                let (status, done, completed) = if roll < 68 {
                    (
                        "in_progress",
                        1 + self.rng.next(lessons as u64 - 1).min(lessons as u64 - 1) as i64,
                        None,
                    )
                } else {
                    (
                        "completed",
                        lessons,
                        Some(ts(started - 1 - self.rng.next(started as u64 - 1) as i64)),
                    )
                };
                let percent = done * 100 / lessons;
                let score = completed.as_ref().map(|_| 60.0 + self.rng.next(41) as f64);
                let last = completed
                    .clone()
                    .unwrap_or_else(|| ts(self.rng.next(started as u64) as i64));
                let row = DemoProgress {
                    org,
                    user,
                    course,
                    status,
                    percent,
                    lessons_done: done,
                    score,
                    time_spent_seconds: done * (300 + self.rng.next(600) as i64),
                    started_at: ts(started),
                    completed_at: completed,
                    last_activity_at: last,
                };
                demo::progress(self.tx, &row).await?;
            }
        }
        Ok(())
    }
}

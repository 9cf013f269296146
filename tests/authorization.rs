//! Tenant isolation, proven over HTTP against the whole site.
//!
//! `docs/authorization-matrix.csv` says, for every server function and every REST route, which
//! of eight callers may use it: anonymous, member, manager, department admin, organization
//! admin, owner, platform admin, and an owner of another organization. These tests
//! - fail when a registered server function or a documented REST route has no row (or a row
//!   names an endpoint that no longer exists);
//! - call every endpoint as every caller on Northwind (where the demo has every role) and check
//!   the matrix cell;
//! - call random endpoints as random callers with ids drawn from all four organizations
//!   (at least 10,000 cases, `ORGBOARD_AUTHZ_CASES`; the seed is printed and can be replayed
//!   with `ORGBOARD_AUTHZ_SEED`), checking allow/deny, that no answer holds the names, slugs or
//!   emails of an organization the caller is not in, and that a call naming one organization
//!   with another organization's ids changes nothing there.
//!
//! A row's effect is `read`, `write`, or `directory` (the public list of organizations, whose
//! answer may name public organizations, never their people).
//!
//! "Allowed" means the request got past authorization: any answer but 401, 403 and 404 (when
//! the matrix's `safe_args` are used — ids that do not exist, values refused after the check —
//! 404 is an allowed answer too). "Denied" means 401, 403 or 404, and never a success.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{Answer, Site, TestDb};
use orgboard::domain::api_tokens::check_new_token;
use orgboard::domain::ids::OrgId;
use orgboard::domain::session::CurrentUser;
use orgboard::server::{audit, tokens};
use rand::{Rng, SeedableRng};

const COLUMNS: [&str; 8] = [
    "anonymous",
    "member",
    "manager",
    "department_admin",
    "org_admin",
    "owner",
    "platform_admin",
    "other_owner",
];
const ANON: usize = 0;
const PLATFORM: usize = 6;
const OTHER_OWNER: usize = 7;

/// The people behind the columns (Northwind's roles; Acme's owner is the other owner).
const PEOPLE: [Option<&str>; 8] = [
    None,
    Some("lena.fischer@northwind.example"),
    Some("mark.mensah@northwind.example"),
    Some("diego.alvarez@northwind.example"),
    Some("priya.patel@northwind.example"),
    Some("olivia.owens@northwind.example"),
    Some("admin@orgboard.example"),
    Some("aisha.rahman@acmehealth.example"),
];

/// Placeholders that name an object of one organization (the others are platform-wide).
const OBJECTS: [&str; 12] = [
    "team",
    "scoped_team",
    "dept",
    "scoped_dept",
    "member",
    "scoped_member",
    "member_email",
    "assignment",
    "invitation",
    "scoped_invitation",
    "join",
    "token",
];

#[derive(Debug, Clone)]
struct Row {
    endpoint: String,
    effect: String,
    allow: [bool; 8],
    args: String,
    safe: String,
}

impl Row {
    fn is_rest(&self) -> bool {
        self.endpoint.contains(' ')
    }

    fn is_public(&self) -> bool {
        self.allow.iter().all(|a| *a)
    }

    /// Whether the row acts inside one organization.
    fn names_org(&self) -> bool {
        self.args.contains("{org}") || self.args.contains("{slug}") || self.endpoint.contains("{org}")
    }

    /// Whether the row takes an organization and ids inside it (so ids can come from another).
    fn mixable(&self) -> bool {
        self.names_org() && OBJECTS.iter().any(|o| self.args.contains(&format!("{{{o}}}")))
    }
}

fn matrix() -> Vec<Row> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/authorization-matrix.csv"
    ))
    .expect("docs/authorization-matrix.csv");
    let records = orgboard::domain::csv::parse(&text).expect("the matrix is valid CSV");
    let (_, header) = &records[0];
    assert_eq!(header[2..10], COLUMNS.map(String::from), "matrix columns");
    records[1..]
        .iter()
        .map(|(line, f)| {
            assert_eq!(f.len(), 12, "line {line}: 12 fields");
            let mut allow = [false; 8];
            for (i, cell) in f[2..10].iter().enumerate() {
                allow[i] = match cell.as_str() {
                    "allow" => true,
                    "deny" => false,
                    other => panic!("line {line}: {other:?} is neither allow nor deny"),
                };
            }
            Row {
                endpoint: f[0].clone(),
                effect: f[1].clone(),
                allow,
                args: f[10].clone(),
                safe: f[11].clone(),
            }
        })
        .collect()
}

/// `/api/sign_in123…` → `sign_in`.
fn fn_name(path: &str) -> String {
    path.trim_start_matches("/api/")
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

fn registered_server_fns() -> HashMap<String, String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| (fn_name(path), path.to_string()))
        .collect()
}

fn documented_routes() -> BTreeSet<String> {
    let doc = orgboard::rest::openapi();
    let mut out = BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ] {
            if op.is_some() {
                out.insert(format!("{method} {path}"));
            }
        }
    }
    out
}

#[test]
fn every_server_function_and_route_has_exactly_one_row() {
    let rows = matrix();
    let mut named = BTreeSet::new();
    for r in &rows {
        assert!(named.insert(r.endpoint.clone()), "{} has two rows", r.endpoint);
    }
    let fns = registered_server_fns();
    assert!(fns.len() >= 80, "server functions found: {}", fns.len());
    let routes = documented_routes();
    assert!(routes.len() >= 38, "REST routes found: {}", routes.len());
    let missing: Vec<_> = fns
        .keys()
        .cloned()
        .chain(routes.iter().cloned())
        .filter(|e| !named.contains(e))
        .collect();
    assert!(
        missing.is_empty(),
        "endpoints without a row in docs/authorization-matrix.csv: {missing:?}"
    );
    let stale: Vec<_> = named
        .iter()
        .filter(|e| !fns.contains_key(*e) && !routes.contains(*e))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for endpoints that do not exist: {stale:?}"
    );
}

/// What the tests know about one organization.
#[derive(Debug, Clone)]
struct Org {
    id: OrgId,
    slug: String,
    name: String,
    /// Placeholder values for objects of this organization.
    objects: HashMap<&'static str, String>,
    /// Emails of everyone with a membership here (any status).
    emails: BTreeSet<String>,
}

struct World {
    site: Site,
    rows: Vec<Row>,
    fns: HashMap<String, String>,
    orgs: Vec<Org>,
    /// Session cookies by column.
    cookies: HashMap<usize, String>,
    /// REST tokens by column (organization admin and owner of Northwind, a platform token,
    /// Acme's owner).
    tokens: HashMap<usize, String>,
    /// The organizations each person belongs to.
    member_of: HashMap<usize, BTreeSet<OrgId>>,
    /// Per column, the team, member, invitation and department a scoped caller acts on in
    /// Northwind.
    scoped: HashMap<usize, (String, String, String, String)>,
    counter: u64,
}

async fn scalar_i64(db: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn exec(db: &TestDb, sql: &str) {
    sqlx::query(sql)
        .execute(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

impl World {
    async fn new() -> World {
        let db = TestDb::with_demo().await;
        // Every plan feature on and no organization expired, so a refusal can only come from
        // who is asking. Joining is open to the matrix's own address domain only, so nobody
        // signed in files a join request that would show them to another organization.
        exec(
            &db,
            "UPDATE organization_types SET feature_reports = 1, feature_csv_export = 1, feature_api = 1",
        )
        .await;
        exec(
            &db,
            "UPDATE organizations SET feature_reports = 1, feature_csv_export = 1, feature_api = 1",
        )
        .await;
        exec(
            &db,
            "UPDATE organizations SET expires_at = NULL, status = 'active', seat_count = 100000,
                    visibility = 'public', membership_policy = 'open', auto_join_domains = 'matrix.example'",
        )
        .await;
        let ids: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, slug, name FROM organizations ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        let admin = orgboard::server::repo::users::find_by_email(&db.pool, "admin@orgboard.example")
            .await
            .unwrap()
            .unwrap();
        let admin = CurrentUser {
            id: admin.id,
            email: admin.email,
            name: admin.name,
            is_platform_admin: true,
            manages_any: false,
        };
        let mut orgs = Vec::new();
        for (n, (id, slug, name)) in ids.iter().enumerate() {
            let org = OrgId(*id);
            // Objects of its own for every organization: a department, a team, a pending
            // invitation, a pending join request, an assignment, an API token.
            exec(
                &db,
                &format!(
                    "INSERT INTO departments (organization_id, name) VALUES ({id}, 'Matrix department')"
                ),
            )
            .await;
            let dept = scalar_i64(&db, "SELECT MAX(id) FROM departments").await;
            exec(
                &db,
                &format!("INSERT INTO teams (organization_id, name) VALUES ({id}, 'Matrix team')"),
            )
            .await;
            let team = scalar_i64(&db, "SELECT MAX(id) FROM teams").await;
            exec(
                &db,
                &format!(
                    "INSERT INTO invitations (organization_id, email, token_hash, expires_at)
                     VALUES ({id}, 'pending-{n}@matrix.example', printf('%064d', {id}), '2999-01-01T00:00:00Z')"
                ),
            )
            .await;
            let invitation = scalar_i64(&db, "SELECT MAX(id) FROM invitations").await;
            exec(
                &db,
                &format!(
                    "INSERT INTO users (email, name) VALUES ('joiner-{n}@matrix.example', 'Joiner {n}')"
                ),
            )
            .await;
            exec(
                &db,
                &format!("INSERT INTO join_requests (organization_id, user_id) VALUES ({id}, (SELECT MAX(id) FROM users))"),
            )
            .await;
            let join = scalar_i64(&db, "SELECT MAX(id) FROM join_requests").await;
            exec(
                &db,
                &format!("INSERT INTO assignments (organization_id, course_id, level, team_id) VALUES ({id}, 2, 'team', {team})"),
            )
            .await;
            let assignment = scalar_i64(&db, "SELECT MAX(id) FROM assignments").await;
            let new = check_new_token("victim", "read_write", "never").unwrap();
            let token = tokens::create(&db.pool, Some(org), &admin, &audit::Actor::system(), &new)
                .await
                .unwrap()
                .row
                .id;
            // A plain, active member who is none of the callers.
            let people: Vec<String> = PEOPLE.iter().flatten().map(|p| format!("'{p}'")).collect();
            let member: (i64, String) = sqlx::query_as(&format!(
                "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE m.organization_id = {id} AND m.role = 'member' AND m.status = 'active'
                   AND u.email NOT IN ({}) ORDER BY u.id LIMIT 1",
                people.join(",")
            ))
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("{slug} has a plain member: {e}"));
            let emails: BTreeSet<String> = sqlx::query_scalar(&format!(
                "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = {id}"
            ))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
            let mut objects = HashMap::new();
            for (k, v) in [
                ("team", team.to_string()),
                ("scoped_team", team.to_string()),
                ("dept", dept.to_string()),
                ("scoped_dept", dept.to_string()),
                ("member", member.0.to_string()),
                ("scoped_member", member.0.to_string()),
                ("member_email", member.1.clone()),
                ("assignment", assignment.to_string()),
                ("invitation", invitation.to_string()),
                ("scoped_invitation", invitation.to_string()),
                ("join", join.to_string()),
                ("token", token.to_string()),
            ] {
                objects.insert(k, v);
            }
            orgs.push(Org {
                id: org,
                slug: slug.clone(),
                name: name.clone(),
                objects,
                emails,
            });
        }

        let site = Site::start(db).await;
        let mut cookies = HashMap::new();
        let mut member_of = HashMap::new();
        for (col, person) in PEOPLE.iter().enumerate() {
            let Some(email) = person else { continue };
            cookies.insert(col, site.demo_cookie(email).await);
            let orgs: BTreeSet<OrgId> = sqlx::query_scalar::<_, i64>(
                "SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id
                 WHERE u.email = ?1 AND m.status = 'active'",
            )
            .bind(email)
            .fetch_all(&site.db.pool)
            .await
            .unwrap()
            .into_iter()
            .map(OrgId)
            .collect();
            member_of.insert(col, orgs);
        }
        // REST tokens, made the way Settings > API makes them.
        let mut tokens_by_col = HashMap::new();
        for (col, org) in [
            (4, Some(&orgs[0])),
            (5, Some(&orgs[0])),
            (PLATFORM, None),
            (OTHER_OWNER, Some(&orgs[1])),
        ] {
            let email = PEOPLE[col].unwrap();
            let user = orgboard::server::repo::users::find_by_email(&site.db.pool, email)
                .await
                .unwrap()
                .unwrap();
            let me = CurrentUser {
                id: user.id,
                email: user.email,
                name: user.name,
                is_platform_admin: user.is_platform_admin,
                manages_any: true,
            };
            let new = check_new_token("matrix", "read_write", "never").unwrap();
            let made = tokens::create(
                &site.db.pool,
                org.map(|o| o.id),
                &me,
                &audit::Actor::system(),
                &new,
            )
            .await
            .unwrap();
            tokens_by_col.insert(col, made.token);
        }
        assert_eq!(orgs[0].slug, "northwind-logistics");
        assert_eq!(orgs[1].slug, "acme-health-clinics");
        // What the manager and the department admin act on: their own team and one of its
        // plain members.
        let mut scoped = HashMap::new();
        for (col, sql) in [
            (
                2,
                "SELECT tm.team_id FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE u.email = 'mark.mensah@northwind.example' LIMIT 1",
            ),
            (
                3,
                "SELECT t.id FROM teams t JOIN departments d ON d.id = t.department_id WHERE d.parent_id = (SELECT id FROM departments WHERE name = 'Operations') ORDER BY t.id LIMIT 1",
            ),
        ] {
            let team = scalar_i64(&site.db, sql).await;
            let member = scalar_i64(
                &site.db,
                &format!(
                    "SELECT tm.user_id FROM team_members tm JOIN memberships m ON m.user_id = tm.user_id AND m.organization_id = 1
                     WHERE tm.team_id = {team} AND m.role = 'member' AND m.status = 'active' ORDER BY tm.user_id LIMIT 1"
                ),
            )
            .await;
            exec(
                &site.db,
                &format!(
                    "INSERT INTO invitations (organization_id, email, team_id, token_hash, expires_at)
                     VALUES (1, 'scoped-{col}@matrix.example', {team}, printf('%064d', 1000 + {col}), '2999-01-01T00:00:00Z')"
                ),
            )
            .await;
            let invitation = scalar_i64(&site.db, "SELECT MAX(id) FROM invitations").await;
            // A department the department admin may change: inside the one they administer.
            // The manager changes no structure; theirs is the organization's own.
            let dept = if col == 3 {
                exec(
                    &site.db,
                    "INSERT INTO departments (organization_id, parent_id, name)
                     VALUES (1, (SELECT id FROM departments WHERE name = 'Operations'), 'Matrix sub-department')",
                )
                .await;
                scalar_i64(&site.db, "SELECT MAX(id) FROM departments").await.to_string()
            } else {
                orgs[0].objects["dept"].clone()
            };
            scoped.insert(col, (team.to_string(), member.to_string(), invitation.to_string(), dept));
        }
        World {
            site,
            rows: matrix(),
            fns: registered_server_fns(),
            orgs,
            cookies,
            tokens: tokens_by_col,
            member_of,
            scoped,
            counter: 0,
        }
    }

    /// The matrix column `col`'s person falls in when `row` acts on organization `t`: their
    /// own column for endpoints that name no organization; in an organization, their role there
    /// (Acme's owner is an owner in Acme) or an outsider's.
    fn column_for(&self, row: &Row, col: usize, t: usize) -> usize {
        if !row.names_org() || (row.is_rest() && (1..=3).contains(&col)) {
            // Members, managers and department admins hold no token: the API refuses them
            // wherever they point it.
            return col;
        }
        self.column(col, t)
    }

    /// The matrix column `col`'s person falls in inside organization `t`.
    fn column(&self, col: usize, t: usize) -> usize {
        match col {
            ANON | PLATFORM => col,
            _ if self.member_of[&col].contains(&self.orgs[t].id) => {
                if col == OTHER_OWNER {
                    5 // Acme's owner, in Acme
                } else {
                    col
                }
            }
            _ => OTHER_OWNER,
        }
    }

    /// Fills the placeholders: the organization is `t`, its objects come from `o`.
    fn fill(&mut self, template: &str, col: usize, t: usize, o: usize) -> String {
        self.counter += 1;
        let mut out = template
            .replace("{org}", &self.orgs[t].id.to_string())
            .replace("{slug}", &self.orgs[t].slug)
            .replace("{org_name}", &self.orgs[t].name)
            .replace("{n}", &self.counter.to_string())
            .replace("{course}", "1")
            .replace("{type}", "1")
            .replace("{seat_type}", "1")
            .replace(
                "{foreign_team}",
                &self.orgs[(o + 1) % self.orgs.len()].objects["team"],
            );
        let scoped = (t == o && t == 0).then(|| self.scoped.get(&col)).flatten();
        for key in OBJECTS {
            let value = match (key, scoped) {
                ("scoped_team", Some((team, _, _, _))) => team.clone(),
                ("scoped_member", Some((_, member, _, _))) => member.clone(),
                ("scoped_invitation", Some((_, _, invitation, _))) => invitation.clone(),
                ("scoped_dept", Some((_, _, _, dept))) => dept.clone(),
                _ => self.orgs[o].objects[key].clone(),
            };
            out = out.replace(&format!("{{{key}}}"), &value);
        }
        out
    }

    /// Sends `row` as column `col`'s caller with filled arguments.
    async fn call(&self, row: &Row, col: usize, t: usize, args: &str) -> Answer {
        let site = &self.site;
        if row.is_rest() {
            let (method, path) = row.endpoint.split_once(' ').unwrap();
            let mut parts = args.splitn(3, '|');
            let (params, query, body) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            // Path parameters first: a row's safe arguments may name another organization.
            let mut path = path.to_string();
            for pair in params.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap();
                path = path.replace(&format!("{{{k}}}"), v);
            }
            let path = path.replace("{org}", &self.orgs[t].id.to_string());
            let mut path = path;
            if !query.is_empty() {
                let encoded: Vec<String> = query
                    .split('&')
                    .filter_map(|p| p.split_once('='))
                    .map(|(k, v)| format!("{k}={}", orgboard::domain::format::query_value(v)))
                    .collect();
                path = format!("{path}?{}", encoded.join("&"));
            }
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let mut req = site.http.request(method, format!("{}/api/v1{path}", site.base));
            if !body.is_empty() {
                req = req
                    .header("content-type", "application/json")
                    .body(body.to_string());
            }
            if let Some(token) = self.tokens.get(&col) {
                req = req.bearer_auth(token);
            } else if let Some(cookie) = self.cookies.get(&col) {
                // Members, managers and department admins have no token: their session cookie
                // must not open the API.
                req = req.header(reqwest::header::COOKIE, cookie);
            }
            return site.send(req).await;
        }
        let path = &self.fns[&row.endpoint];
        let form: Vec<(String, String)> = args
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_string(), v.replace("%0A", "\n"))
            })
            .collect();
        site.post_form(path, self.cookies.get(&col).map(String::as_str), &form)
            .await
    }

    /// Names, slugs and emails of organizations `col`'s person may not see (none for the
    /// platform admin); `public_org` is exempt (a public page names the organization it is for).
    fn secrets(&self, col: usize, public_org: Option<usize>) -> Vec<String> {
        if col == PLATFORM {
            return Vec::new();
        }
        let mine: BTreeSet<OrgId> = self.member_of.get(&col).cloned().unwrap_or_default();
        let my_people: BTreeSet<&String> = self
            .orgs
            .iter()
            .filter(|o| mine.contains(&o.id))
            .flat_map(|o| o.emails.iter())
            .collect();
        let mut out = Vec::new();
        for (i, o) in self.orgs.iter().enumerate() {
            if mine.contains(&o.id) || Some(i) == public_org {
                continue;
            }
            out.push(o.name.clone());
            out.push(format!("\"{}\"", o.slug));
            out.push(format!("/orgs/{}", o.slug));
            out.extend(o.emails.iter().filter(|e| !my_people.contains(e)).cloned());
        }
        out
    }

    async fn audit_rows(&self, o: usize) -> i64 {
        scalar_i64(
            &self.site.db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE organization_id = {}",
                self.orgs[o].id
            ),
        )
        .await
    }

    async fn resign(&mut self, col: usize) {
        if let Some(email) = PEOPLE[col] {
            let cookie = self.site.demo_cookie(email).await;
            self.cookies.insert(col, cookie);
        }
    }

    /// One case: `row` by `col`'s person on organization `t` with objects of `o`. Returns a
    /// description of what went wrong, if anything.
    async fn case(&mut self, row: &Row, col: usize, t: usize, o: usize) -> Result<(), String> {
        let column = self.column_for(row, col, t);
        let expected = row.allow[column];
        let mixed = t != o;
        let use_safe = expected && !mixed && row.effect == "write" && !row.safe.is_empty();
        let template = if use_safe {
            row.safe.clone()
        } else {
            row.args.clone()
        };
        let args = self.fill(&template, col, t, o);
        let watched = mixed.then_some(o);
        let before = match watched {
            Some(o) => Some(self.audit_rows(o).await),
            None => None,
        };
        let a = self.call(row, col, t, &args).await;
        // Signing in or out with a session cookie replaces that session.
        if row.endpoint == "sign_out" || row.endpoint == "sign_in" {
            self.resign(col).await;
        }
        let what = format!(
            "{} as {} (column {}) on {} with ids of {} [{args}] → {} {}",
            row.endpoint,
            PEOPLE[col].unwrap_or("anonymous"),
            COLUMNS[column],
            self.orgs[t].slug,
            self.orgs[o].slug,
            a.status,
            a.body.chars().take(300).collect::<String>()
        );
        let refused = matches!(a.status, 401 | 403 | 404);
        if a.status >= 500 {
            return Err(format!("server error: {what}"));
        }
        if !expected && !refused {
            return Err(format!("expected DENY: {what}"));
        }
        if expected && !mixed {
            let ok = if use_safe {
                !matches!(a.status, 401 | 403)
            } else {
                !refused
            };
            if !ok {
                return Err(format!("expected ALLOW: {what}"));
            }
        }
        if expected && mixed && (200..300).contains(&a.status) && row.effect == "write" {
            // A change named one organization and used another's ids: it must not succeed
            // unless the caller may act in both.
            let both = column == PLATFORM || self.column(col, o) == column;
            if !both {
                return Err(format!("a cross-organization change succeeded: {what}"));
            }
        }
        let public_org = row.is_public().then_some(t);
        let mut secrets = self.secrets(col, public_org);
        if row.effect == "directory" {
            // The public list of organizations names public organizations (every one is public
            // in this world) and never their people.
            secrets.retain(|s| s.contains('@'));
        }
        for secret in secrets {
            if a.body.contains(&secret) {
                return Err(format!(
                    "the answer names {secret:?} of another organization: {what}"
                ));
            }
        }
        if let (Some(o), Some(before)) = (watched, before) {
            let may_act_there = column == PLATFORM || matches!(self.column(col, o), 1..=5);
            let after = self.audit_rows(o).await;
            if after != before && !may_act_there {
                return Err(format!(
                    "{} changed (audit rows {before} → {after}): {what}",
                    self.orgs[o].slug
                ));
            }
        }
        Ok(())
    }
}

#[tokio::test]
async fn every_endpoint_as_every_caller_matches_the_matrix() {
    let mut world = World::new().await;
    let rows = world.rows.clone();
    let mut problems = Vec::new();
    let mut checked = 0;
    for row in &rows {
        for col in 0..8 {
            // Columns 1–6 act on Northwind; the other owner acts on Northwind too (an outsider).
            if let Err(p) = world.case(row, col, 0, 0).await {
                problems.push(p);
            }
            checked += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} cells disagree with docs/authorization-matrix.csv:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn random_calls_across_organizations_never_cross_the_line() {
    let cases: usize = std::env::var("ORGBOARD_AUTHZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let seed: u64 = std::env::var("ORGBOARD_AUTHZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen());
    eprintln!(
        "authorization property test: {cases} cases, seed {seed} (ORGBOARD_AUTHZ_SEED={seed} replays it)"
    );
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut world = World::new().await;
    let rows = world.rows.clone();
    let n_orgs = world.orgs.len();
    let mut problems = Vec::new();
    let mut mixed = 0;
    for _ in 0..cases {
        let row = &rows[rng.gen_range(0..rows.len())];
        let col = rng.gen_range(0..8);
        let t = rng.gen_range(0..n_orgs);
        // Half of the calls that can name two organizations do (the many account endpoints name none).
        let o = if row.mixable() && rng.gen_bool(0.5) {
            (t + rng.gen_range(1..n_orgs)) % n_orgs
        } else {
            t
        };
        mixed += usize::from(o != t);
        if let Err(p) = world.case(row, col, t, o).await {
            problems.push(p);
            if problems.len() >= 20 {
                break;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "seed {seed}: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(mixed > cases / 10, "enough cases mix organizations ({mixed})");
}

/// Route files outside the matrix and the test that checks their authorization over HTTP.
const PLAIN_ROUTES: &[(&str, &str)] = &[("server/logo.rs", "tests/logo.rs")];

/// Every service operation that takes a `Caller` is reached from at least one server function
/// or REST handler, so the matrix above (a row for every endpoint, each cell called over HTTP)
/// and the random cross-organization calls cover it. A new operation with no endpoint, or an
/// endpoint that bypasses the service, shows up here.
#[test]
fn every_service_operation_is_behind_an_endpoint_of_the_matrix() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let read_dir = |dir: &str| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .map(|p| {
                (
                    p.file_stem().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let mut adapters: Vec<String> = read_dir("api")
        .into_iter()
        .chain(read_dir("rest"))
        .map(|(_, text)| text)
        .collect();
    // Plain routes outside the matrix (a multipart upload and an image are neither server
    // functions nor JSON), each with its own authorization test over HTTP, which must exist.
    for (route_file, test_file) in PLAIN_ROUTES {
        let test = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(test_file);
        assert!(
            test.exists(),
            "{route_file} needs its authorization test {test_file}"
        );
        adapters.push(std::fs::read_to_string(root.join(route_file)).unwrap());
    }
    let mut operations = 0;
    let mut missing = Vec::new();
    for (module, text) in read_dir("service") {
        for part in text.split("\npub async fn ").skip(1) {
            let name = part.split(['(', '<']).next().unwrap().trim().to_string();
            let signature = part.split('{').next().unwrap();
            if !signature.contains("&Caller") {
                continue;
            }
            operations += 1;
            let direct = format!("{module}::{name}(");
            let aliased = (format!("{module} as service"), format!("service::{name}("));
            let imported = format!("use crate::service::{module}::");
            let reached = adapters.iter().any(|a| {
                a.contains(&direct)
                    || (a.contains(&aliased.0) && a.contains(&aliased.1))
                    || a.split(&imported).skip(1).any(|u| {
                        let list = u.split(';').next().unwrap();
                        list.split([',', '{', '}', ' ']).any(|w| w.trim() == name)
                    }) && a.contains(&format!("{name}("))
            });
            if !reached {
                missing.push(format!("service::{module}::{name}"));
            }
        }
    }
    assert!(
        operations > 60,
        "found only {operations} service operations: is the parser still right?"
    );
    assert!(
        missing.is_empty(),
        "service operations no endpoint reaches: {missing:?}"
    );
}

import { test, expect, open, signIn, type Page } from "./fixtures/app";

// Runs after the admin specs; uses Acme Health Clinics (owner Aisha, member Amara in Front Desk)
// and the expired demo organization Initech Labs.
const OWNER = "aisha.rahman@acmehealth.example";
const MEMBER = "amara.yilmaz@acmehealth.example";
const ORG = "/orgs/acme-health-clinics";

async function assign(page: Page, course: string, to: string, due: string, team?: string) {
  const form = page.getByRole("form", { name: "Assign courses" });
  await form.getByLabel(course).check();
  await form.getByLabel("Assign to").selectOption({ label: to });
  if (team) await form.getByLabel("Team", { exact: true }).selectOption({ label: team });
  await form.getByLabel("Due date").fill(due);
  await form.getByRole("button", { name: "Assign courses" }).click();
  await expect(form.getByRole("status")).toHaveText("1 assignment added.");
}

function myRow(page: Page, org: string, course: string) {
  return page.getByRole("table", { name: `Courses in ${org}` }).getByRole("row", { name: new RegExp(course) });
}

test("an owner assigns a course to the organization, then to a team with its own due date", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, `${ORG}/courses`);
  await assign(page, "SALES-101 — Consultative Selling", "Whole organization", "2030-06-30");
  const table = page.getByRole("table", { name: "Assignments" });
  await expect(table.getByRole("row", { name: /Consultative Selling.*Whole organization/ })).toContainText("by 2030-06-30");

  // Retired courses are not offered at all.
  await expect(page.getByRole("form", { name: "Assign courses" }).getByLabel(/OLD-090/)).toHaveCount(0);

  await assign(page, "SALES-101 — Consultative Selling", "A team", "2030-01-15", "Front Desk");
  await expect(table.getByRole("row", { name: /Consultative Selling.*Team Front Desk/ })).toContainText("by 2030-01-15");
});

test("the member sees the course on My learning with the team's due date and completes a lesson", async ({ page }) => {
  await signIn(page, MEMBER);
  await open(page, "/me");
  const row = myRow(page, "Acme Health Clinics", "Consultative Selling");
  await expect(row).toContainText("team Front Desk, organization");
  await expect(row).toContainText("2030-01-15");
  await expect(row).toContainText("Not started");

  await row.getByRole("link", { name: "Consultative Selling" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Consultative Selling" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Mark lesson 1 complete" }).click();
  await expect(page.getByRole("button", { name: "Mark lesson 1 complete" })).toHaveCount(0);
  await expect(page.getByText(/^1 of 7 lessons done/)).toBeVisible();

  await open(page, "/me");
  await expect(myRow(page, "Acme Health Clinics", "Consultative Selling")).toContainText("In progress");
});

test("the why check explains, and removing the assignments ends access", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, `${ORG}/members`);
  await page.getByRole("link", { name: "Courses of Amara Yilmaz" }).click();
  const panel = page.getByRole("region", { name: "Courses of Amara Yilmaz" });
  await expect(panel.getByRole("row", { name: /Consultative Selling/ })).toContainText("team Front Desk, organization");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  const why = panel.getByRole("form", { name: "Why can't they see it?" });
  await why.getByLabel("Course").selectOption({ label: "Customer Service Excellence" });
  await why.getByRole("button", { name: "Check" }).click();
  await expect(why.getByRole("status")).toHaveText(
    /^Customer Service Excellence is not assigned to Amara Yilmaz: not to Acme Health Clinics/,
  );
  await why.getByLabel("Course").selectOption({ label: "Consultative Selling" });
  await why.getByRole("button", { name: "Check" }).click();
  await expect(why.getByRole("status")).toHaveText(
    "Amara Yilmaz can open Consultative Selling (through team Front Desk, organization, due 2030-01-15).",
  );

  await open(page, `${ORG}/courses`);
  const table = page.getByRole("table", { name: "Assignments" });
  for (const target of ["Team Front Desk", "Whole organization"]) {
    await table.getByRole("button", { name: `Remove Consultative Selling from ${target}` }).click();
    await expect(table.getByRole("button", { name: `Remove Consultative Selling from ${target}` })).toHaveCount(0);
  }

  // The member keeps the lesson done, as history only.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, MEMBER);
  await open(page, "/me");
  await expect(myRow(page, "Acme Health Clinics", "Consultative Selling")).toHaveCount(0);
  const history = page.getByRole("table", { name: "History in Acme Health Clinics" });
  await expect(history.getByRole("row", { name: /Consultative Selling/ })).toContainText("No longer assigned");
});

test("a member of an expired organization sees its courses as history only", async ({ page }) => {
  await signIn(page, "ivy.chen@initech.example");
  await open(page, "/me");
  const card = page.getByRole("region", { name: "Initech Labs" });
  await expect(card.getByRole("status")).toContainText(/Organization expired on \d{4}-\d{2}-\d{2}: your courses here are history only/);
  const row = card.getByRole("table", { name: "History in Initech Labs" }).getByRole("row", { name: /Building Inclusive Teams/ });
  await expect(row).toContainText("Organization expired on");
  await row.getByRole("link", { name: "Building Inclusive Teams" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Building Inclusive Teams" })).toBeVisible();
  await expect(page.getByText(/This course is history only/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Mark lesson/ })).toHaveCount(0);
});

test("an admin gives an organization's members a different seat type, and its courses follow", async ({ page }) => {
  await signIn(page, "admin@orgboard.example");
  await open(page, "/admin/organizations?q=Acme");
  await page.getByRole("link", { name: "Acme Health Clinics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Health Clinics" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const form = page.getByRole("form", { name: "Seat benefits" });
  await expect(form.getByLabel("Member seat type")).toContainText("Same as the type (Compliance Essentials)");
  await form.getByLabel("Member seat type").selectOption({ label: "Leadership Track" });
  await form.getByRole("button", { name: "Save seat benefits" }).click();
  await expect(form.getByRole("status")).toHaveText("Seat benefits saved.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, MEMBER);
  await open(page, "/me");
  await expect(myRow(page, "Acme Health Clinics", "First-Time Manager Foundations")).toContainText(
    "seat type Leadership Track",
  );
});

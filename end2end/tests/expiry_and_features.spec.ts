import { test, expect, DEMO, open, ready, signIn } from "./fixtures/app";

test("after expiry the owner reads the dashboard under a Renewal needed notice and changes nothing", async ({ page }) => {
  // Initech Labs expired three weeks ago in the demo; Ian Price owns it, Ivy Chen is a member.
  await signIn(page, "ivy.chen@initech.example");
  // A member never had the dashboard; after expiry they have no access at all.
  await page.goto("/orgs/initech-labs");
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
  await expect(page.getByText("Renewal needed")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signIn(page, "ian.price@initech.example");
  await open(page, "/dashboard");
  await page.getByRole("row", { name: /Initech Labs/ }).getByRole("link", { name: "View" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Initech Labs" })).toBeVisible();
  await ready(page);
  await expect(page.getByText(/^Renewal needed/)).toContainText("A platform admin renews it");
  for (const name of ["Overview", "Members", "Structure", "Reports", "Settings"]) {
    await expect(page.getByRole("tab", { name })).toBeVisible();
  }
  await expect(page.getByText(/^Expired on \d{4}-\d{2}-\d{2}$/)).toBeVisible();
  await page.getByRole("tab", { name: "Members" }).click();
  await ready(page);
  await expect(page.getByRole("tab", { name: "Seats" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add member…" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Members", exact: true }).getByRole("row", { name: /Ivy Chen/ })).toBeVisible();
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings\/audit/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
});

test("a plan feature switched off disappears from the dashboard", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin/organizations?q=Globex");
  await page.getByRole("link", { name: "Globex Retail" }).click();
  await ready(page);
  const plan = page.getByRole("region", { name: "Plan features" });
  await plan.getByLabel(/^Reports/).uncheck();
  await plan.getByLabel(/^API access/).uncheck();
  await plan.getByLabel(/^CSV export/).uncheck();
  await plan.getByRole("button", { name: "Save plan features" }).click();
  await expect(plan.getByRole("status")).toHaveText("Plan features saved.");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signIn(page, "george.baker@globex.example");
  await open(page, "/orgs/globex-retail");
  await expect(page.getByRole("tab", { name: "Members" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Reports" })).toHaveCount(0);
  // The overview says why it has no completion figures; the list has no export.
  await expect(page.getByText("Reports are not part of this organization's plan")).toBeVisible();
  await page.getByRole("tab", { name: "Members" }).click();
  await ready(page);
  await expect(page.getByText(/^\d+ people$/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  const csv = await page.request.get("/orgs/globex-retail/members.csv");
  expect(csv.status()).toBe(409);
  expect(await csv.text()).toContain("CSV export is not part of this organization's plan");
  await open(page, "/orgs/globex-retail/settings/api");
  await expect(page.getByText("API access is not part of this organization's plan")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // Back on, for the specs that follow.
  await signIn(page, DEMO.admin);
  await open(page, "/admin/organizations?q=Globex");
  await page.getByRole("link", { name: "Globex Retail" }).click();
  await ready(page);
  await plan.getByLabel(/^Reports/).check();
  await plan.getByLabel(/^API access/).check();
  await plan.getByLabel(/^CSV export/).check();
  await plan.getByRole("button", { name: "Save plan features" }).click();
  await expect(plan.getByRole("status")).toHaveText("Plan features saved.");
});

import { test, expect, open, signIn, submitSignIn, DEMO } from "./fixtures/app";

// Globex Retail: George Baker is its owner.
const OWNER = "george.baker@globex.example";

test("an owner finds their own change in Settings > Audit, filters it and downloads the CSV", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, "/orgs/globex-retail/seats");
  await page.getByLabel("Seats to add").fill("2");
  await page.getByLabel("Note", { exact: true }).fill("Audit spec order 4711");
  await page.getByRole("button", { name: "Add seats" }).click();
  await expect(page.getByText("Audit spec order 4711").first()).toBeVisible();

  await open(page, "/orgs/globex-retail/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await open(page, "/orgs/globex-retail/settings/audit");
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Actor" })).toBeVisible();
  const row = page.getByRole("row", { name: /Audit spec order 4711/ });
  await expect(row).toContainText("seats.changed");
  await expect(row).toContainText(OWNER);

  // Filters go into the address and narrow the table.
  await page.getByLabel("Action", { exact: true }).fill("seats.changed");
  await page.getByLabel("Actor", { exact: true }).fill("george");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=seats\.changed/);
  await expect(page.getByRole("row", { name: /Audit spec order 4711/ })).toBeVisible();
  const actions = await page.locator("tbody tr td:nth-child(3)").allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(actions.every((a) => a === "seats.changed")).toBe(true);
  await page.getByLabel("Action", { exact: true }).fill("no.such.action");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No audit entries match these filters.")).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill("2020-02-02");
  await page.getByLabel("To", { exact: true }).fill("2020-02-01");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();

  // The CSV holds the filtered entries.
  await open(page, "/orgs/globex-retail/settings/audit?action=seats.changed");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("globex-retail-audit.csv");
  const fs = await import("node:fs/promises");
  const text = await fs.readFile((await file.path())!, "utf8");
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe("id,at,actor,organization,action,target_type,target_id,details");
  expect(lines.slice(1).every((l) => l.includes(",seats.changed,"))).toBe(true);
  expect(text).toContain("Audit spec order 4711");
});

test("a platform admin sees sign-ins and failed sign-ins in Admin > Audit", async ({ page }) => {
  await open(page, "/signin");
  await submitSignIn(page, DEMO.manager, "not the password");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();

  await signIn(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit", exact: true })).toBeVisible();
  await open(page, "/admin/audit");
  await expect(page.getByRole("columnheader", { name: "Organization" })).toBeVisible();
  await page.getByLabel("Action", { exact: true }).fill("user.sign_in_failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row", { name: new RegExp(DEMO.manager.replace(/\./g, "\\.")) }).first()).toBeVisible();
  await page.getByLabel("Action", { exact: true }).fill("user.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: "user.sign_in", exact: true }).first()).toBeVisible();
});

test("a manager has no Audit page, and a cross-site form post is refused", async ({ page, request }) => {
  await signIn(page, DEMO.manager);
  await page.goto("/orgs/northwind-logistics/settings/audit");
  await expect(page.getByRole("table")).toHaveCount(0);
  const csv = await page.request.get("/orgs/northwind-logistics/audit.csv");
  expect(csv.status()).toBe(403);

  await open(page, "/signin");
  const action = await page.locator("form").filter({ has: page.getByLabel("Password") }).getAttribute("action");
  expect(action).toMatch(/^\/api\/sign_in/);
  const forged = await request.post(action!, {
    form: { email: DEMO.owner, password: "orgboard-demo", next: "" },
    headers: { Origin: "https://evil.example" },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("another site");
});

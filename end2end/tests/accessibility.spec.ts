import AxeBuilder from "@axe-core/playwright";
import { test, expect, open, signIn, type Page } from "./fixtures/app";

/** axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on the page as it stands. */
async function noViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `axe-core on ${page.url()}`).toEqual([]);
}

test("the account pages pass axe-core", async ({ page }) => {
  for (const path of ["/signin", "/forgot-password", "/reset-password?token=nope", "/verify-email?token=nope", "/signin/code"]) {
    await open(page, path);
    await noViolations(page);
  }
  await signIn(page, "lena.fischer@northwind.example");
  await open(page, "/me/account");
  await noViolations(page);
  await page.getByRole("region", { name: "Two-factor sign-in" }).getByRole("button", { name: "Set up two-factor" }).click();
  await expect(page.getByRole("img", { name: "QR code of the two-factor secret" })).toBeVisible();
  await noViolations(page);
});

test("every page of the dashboard passes axe-core", async ({ page }) => {
  test.setTimeout(180_000); // axe reads every page in full
  await signIn(page, "olivia.owens@northwind.example");
  const org = "/orgs/northwind-logistics";
  for (const path of [
    "/dashboard",
    org,
    `${org}/members`,
    `${org}/structure`,
    `${org}/courses`,
    `${org}/seats`,
    `${org}/reports?view=courses`,
    `${org}/reports?view=users`,
    `${org}/reports?view=rollup`,
    `${org}/reports?view=trend`,
    `${org}/settings`,
    `${org}/settings/api`,
    `${org}/settings/audit`,
    "/me",
  ]) {
    await open(page, path);
    await noViolations(page);
  }
});

test("every page of the admin area passes axe-core", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "admin@orgboard.example");
  for (const path of [
    "/admin",
    "/admin/organizations",
    "/admin/organizations/new",
    "/admin/organizations/1",
    "/admin/seat-requests",
    "/admin/types",
    "/admin/types/new",
    "/admin/types/1",
    "/admin/seat-types",
    "/admin/seat-types/1",
    "/admin/users",
    "/admin/courses",
    "/admin/courses/new",
    "/admin/courses/1",
    "/admin/reports",
    "/admin/outbox",
    "/admin/api",
    "/admin/audit",
  ]) {
    await open(page, path);
    await noViolations(page);
  }
});

test("the public pages pass axe-core", async ({ page }) => {
  for (const path of ["/organizations", "/docs/api"]) {
    await open(page, path);
    await noViolations(page);
  }
});

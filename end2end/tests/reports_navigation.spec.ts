import { test, expect, type Page, DEMO, open, ready, signIn } from "./fixtures/app";

/** The chart on the page has drawn: ECharts put a canvas into the chart element. */
async function chartDrawn(page: Page, id: string) {
  await expect(page.locator(`#${id} canvas`)).toHaveCount(1);
  await expect(page.locator(`#${id} canvas`)).toBeVisible();
}

test("charts draw after clicking through the admin area, as a person reaches them", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reports" }).click();
  await expect(page).toHaveURL(/\/admin\/reports/);
  await ready(page);
  await chartDrawn(page, "chart-orgs");
  // Away and back again, still by clicking.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Organizations" }).click();
  await expect(page).toHaveURL(/\/admin\/organizations/);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reports" }).click();
  await ready(page);
  await chartDrawn(page, "chart-orgs");
});

test("every report of an organization draws its chart when reached by clicking, and after filtering", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await open(page, "/dashboard");
  await page.getByRole("row", { name: /Northwind Logistics/ }).getByRole("link", { name: "View" }).click();
  await ready(page);
  await page.getByRole("tab", { name: "Reports" }).click();
  await expect(page).toHaveURL(/\/reports/);
  await ready(page);
  const tabs = page.getByRole("navigation", { name: "Reports" });
  for (const [label, id] of [
    ["Course Report", "chart-courses"],
    ["User Report", "chart-users"],
    ["Rollup", "chart-rollup"],
    ["Trend", "chart-trend"],
  ]) {
    await tabs.getByRole("link", { name: label }).click();
    await expect(tabs.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
    await ready(page);
    await chartDrawn(page, id);
  }
  await tabs.getByRole("link", { name: "Course Report" }).click();
  await ready(page);
  await page.getByLabel("Team").selectOption({ label: "Warehouse North" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/team=\d+/);
  await ready(page);
  await chartDrawn(page, "chart-courses");
});

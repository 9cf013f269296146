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

/** The numbers down one column of the report table. */
async function columnNumbers(page: Page, caption: string, header: string): Promise<number[]> {
  const table = page.getByRole("table", { name: caption, exact: true });
  const headers = await table.locator("thead th").allTextContents();
  const i = headers.findIndex((h) => h.replace(/[↑↓]$/, "") === header);
  expect(i, `column ${header} in ${headers}`).toBeGreaterThanOrEqual(0);
  const cells = await table.locator(`tbody tr > :nth-child(${i + 1})`).allInnerTexts();
  return cells.map((c) => Number(c.trim()));
}

test("sorting the User Report by Completed, most first and then fewest first, with the sort in the URL", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await open(page, "/orgs/northwind-logistics");
  await page.getByRole("tab", { name: "Reports" }).click();
  await ready(page);
  const tabs = page.getByRole("navigation", { name: "Reports" });
  await tabs.getByRole("link", { name: "User Report" }).click();
  await ready(page);
  const table = page.getByRole("table", { name: "User Report", exact: true });
  await table.getByRole("link", { name: "Completed", exact: true }).click();
  await expect(page).toHaveURL(/sort=completed&dir=desc/);
  await ready(page);
  await expect(table.getByRole("columnheader", { name: /Completed/ })).toHaveAttribute("aria-sort", "descending");
  const down = await columnNumbers(page, "User Report", "Completed");
  expect(down.length).toBeGreaterThan(1);
  expect(down).toEqual([...down].sort((a, b) => b - a));
  expect(down[0]).toBeGreaterThan(down[down.length - 1]);
  await chartDrawn(page, "chart-users");

  await table.getByRole("link", { name: /^Completed/ }).click();
  await expect(page).toHaveURL(/sort=completed&dir=asc/);
  await ready(page);
  await expect(table.getByRole("columnheader", { name: /Completed/ })).toHaveAttribute("aria-sort", "ascending");
  const up = await columnNumbers(page, "User Report", "Completed");
  expect(up).toEqual([...up].sort((a, b) => a - b));

  // A direct load of the sorted address gives the same order; the filters keep the sort.
  await open(page, page.url());
  expect(await columnNumbers(page, "User Report", "Completed")).toEqual(up);
  await page.getByLabel("Status").selectOption({ label: "Completed" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(page).toHaveURL(/sort=completed&dir=asc/);
});

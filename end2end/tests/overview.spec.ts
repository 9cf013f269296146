import { test, expect, type Page, DEMO, open, ready, signIn } from "./fixtures/app";

/** The number a figure link shows, read from its accessible name "Label: value". */
async function figure(page: Page, label: string): Promise<string> {
  const link = page.getByRole("link", { name: new RegExp(`^${label}: `) });
  await expect(link).toBeVisible();
  return (await link.innerText()).trim();
}

test("the overview's figures match the Members list, the Seats tab and the reports", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await open(page, "/dashboard");
  await page.getByRole("row", { name: /Northwind Logistics/ }).getByRole("link", { name: "View" }).click();
  await ready(page);
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("progressbar", { name: "Seats in use" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Expiry" })).toContainText(/Expires on|No expiry date/);

  // Members active in the last 7 days: the same number as the Members list filtered so.
  const week = await figure(page, "Active in the last 7 days");
  await page.getByRole("link", { name: /^Active in the last 7 days: / }).click();
  await expect(page).toHaveURL(/\/members\?status=active&active=7/);
  await ready(page);
  await expect(page.getByLabel("Last active")).toHaveValue("7");
  await expect(page.getByText(`${week} people`, { exact: true })).toBeVisible();

  await page.getByRole("tab", { name: "Overview" }).click();
  await ready(page);
  const members = await figure(page, "Members");
  await page.getByRole("link", { name: /^Members: / }).click();
  await ready(page);
  await expect(page.getByText(`${members} people`, { exact: true })).toBeVisible();

  // Seats used equals the Seats tab.
  await page.getByRole("tab", { name: "Overview" }).click();
  await ready(page);
  const used = await figure(page, "Seats used");
  const free = await figure(page, "Seats free");
  await page.getByRole("link", { name: /^Seats free: / }).click();
  await ready(page);
  const seats = page.getByRole("region", { name: "Seats", exact: true });
  await expect(seats.locator(".stat-card", { hasText: "Used" }).locator("dd")).toHaveText(used);
  await expect(seats.locator(".stat-card", { hasText: "Free" }).locator("dd")).toHaveText(free);

  // The course with the most overdue learners: its number is the length of its overdue list.
  await page.getByRole("tab", { name: "Overview" }).click();
  await ready(page);
  const top = page.getByRole("table", { name: "Courses with the most overdue learners" }).locator("tbody tr").first();
  const title = (await top.getByRole("rowheader").innerText()).trim();
  const overdue = Number((await top.getByRole("link").innerText()).trim());
  expect(overdue).toBeGreaterThan(0);
  await top.getByRole("link").click();
  await expect(page).toHaveURL(/view=courses&status=overdue&learners=\d+/);
  await ready(page);
  const drill = page.getByRole("table", { name: `Learners of ${title}` });
  await expect(drill.locator("tbody tr")).toHaveCount(overdue);

  // Completion links to the Rollup, whose organization row has the same rate.
  await page.getByRole("tab", { name: "Overview" }).click();
  await ready(page);
  const rate = await figure(page, "Completion rate");
  await page.getByRole("link", { name: /^Completion rate: / }).click();
  await expect(page).toHaveURL(/view=rollup/);
  await ready(page);
  await expect(page.getByRole("table", { name: "Rollup" }).locator("tbody tr").first()).toContainText(rate);
});

test("a manager's first tab is their Members list, with no overview", async ({ page }) => {
  await signIn(page, DEMO.manager);
  await open(page, "/orgs/northwind-logistics");
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Members" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: "Members", exact: true })).toBeVisible();
});

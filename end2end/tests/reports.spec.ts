import { readFile } from "node:fs/promises";
import { test, expect, open, signIn, type Page } from "./fixtures/app";

// Globex Retail: George (owner, or organization admin once the dashboard specs hand the
// organization over); Liam Brooks (team Store Managers, which stays in Globex) has "Health and
// Safety Induction" (HS-100, 3 lessons) through his seat type and no progress in it yet.
const OWNER = "george.baker@globex.example";
const MEMBER = "liam.brooks@globex.example";
const PERSON = /Liam Brooks/;
const TEAM = "Store Managers";
const REPORTS = "/orgs/globex-retail/reports";
const COURSE = "Health and Safety Induction";

/** The text of `column` in the row of `table` whose header cell matches `row`. */
async function cell(page: Page, table: string, row: RegExp | string, column: string): Promise<string> {
  const t = page.getByRole("table", { name: table, exact: true });
  // A sorted column's header ends in an arrow (aria-sort says it to screen readers).
  const headers = (await t.locator("thead th").allTextContents()).map((h) => h.replace(/[↑↓]$/, ""));
  const index = headers.indexOf(column);
  expect(index, `${table} has a ${column} column`).toBeGreaterThanOrEqual(0);
  const r = t.getByRole("row", { name: row }).first();
  return ((await r.locator("th, td").nth(index).textContent()) ?? "").trim();
}

async function figures(page: Page) {
  await open(page, `${REPORTS}?view=courses`);
  const course = await cell(page, "Course Report", new RegExp(COURSE), "Completed");
  const inProgress = await cell(page, "Course Report", new RegExp(COURSE), "In progress");
  await open(page, `${REPORTS}?view=users`);
  const user = await cell(page, "User Report", PERSON, "Completed");
  await open(page, `${REPORTS}?view=rollup`);
  const team = await cell(page, "Rollup", new RegExp(TEAM), "Completed");
  return { course: Number(course), inProgress: Number(inProgress), user: Number(user), team: Number(team) };
}

test("a member completes lessons and the Course Report, User Report and Rollup change accordingly", async ({ browser }) => {
  test.slow(); // two people, three reports read twice
  const owner = await browser.newPage();
  await signIn(owner, OWNER);
  const before = await figures(owner);

  const member = await browser.newPage();
  await signIn(member, MEMBER);
  await open(member, "/me");
  await member
    .getByRole("table", { name: "Courses in Globex Retail" })
    .getByRole("link", { name: COURSE })
    .click();
  await expect(member.getByRole("heading", { level: 1, name: COURSE })).toBeVisible();
  await expect(member.locator("body")).toHaveAttribute("data-hydrated", "true");
  await member.getByRole("button", { name: "Mark lesson 1 complete" }).click();
  await expect(member.getByRole("button", { name: "Mark lesson 1 complete" })).toHaveCount(0);

  await open(owner, `${REPORTS}?view=courses`);
  expect(Number(await cell(owner, "Course Report", new RegExp(COURSE), "In progress"))).toBe(before.inProgress + 1);

  for (const n of [2, 3]) {
    await member.getByRole("button", { name: `Mark lesson ${n} complete` }).click();
    await expect(member.getByRole("button", { name: `Mark lesson ${n} complete` })).toHaveCount(0);
  }
  const after = await figures(owner);
  expect(after.course).toBe(before.course + 1);
  expect(after.inProgress).toBe(before.inProgress);
  expect(after.user).toBe(before.user + 1);
  expect(after.team).toBe(before.team + 1);
  await member.close();
  await owner.close();
});

test("the course chart renders and its table shows the report's numbers; drill-down lists learners", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, `${REPORTS}?view=courses`);
  await expect(page.locator("#chart-courses canvas")).toBeVisible();
  const code = await cell(page, "Course Report", new RegExp(COURSE), "Code");
  for (const column of ["Not started", "In progress", "Completed"]) {
    const inReport = await cell(page, "Course Report", new RegExp(COURSE), column);
    const inChart = await cell(page, "Learners by status per course (chart data)", code, column);
    expect(inChart, column).toBe(inReport);
  }
  await page.getByRole("table", { name: "Course Report", exact: true }).getByRole("link", { name: COURSE }).click();
  const learners = page.getByRole("table", { name: `Learners of ${COURSE}` });
  await expect(learners.getByRole("row", { name: PERSON })).toContainText("Completed");
  await expect(page).toHaveURL(/learners=\d+/);
});

test("filters stay in the URL and the CSV export matches the table", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, `${REPORTS}?view=users`);
  await page.getByLabel("Team").selectOption({ label: TEAM });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/team=\d+/);
  await expect(page.getByText(`Showing team ${TEAM}`, { exact: false })).toBeVisible();
  const table = page.getByRole("table", { name: "User Report", exact: true });
  await expect(table.getByRole("row", { name: PERSON })).toBeVisible();

  // The URL alone brings the same report back (shareable).
  await open(page, page.url());
  await expect(page.getByLabel("Team")).toHaveValue(/\d+/);

  const headers = await table.locator("thead th").allTextContents();
  const rows = await table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())),
  );
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV: User Report" }).click(),
  ]);
  const text = await readFile((await download.path())!, "utf8");
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toBe(headers.join(","));
  expect(lines.length - 1).toBe(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const csv = lines[i + 1].split(",").map((f) => f.replace(/^"|"$/g, ""));
    expect(csv).toEqual(rows[i]);
  }

  // Trend: a line chart of completions per week, its numbers beside it.
  await open(page, `${REPORTS}?view=trend`);
  await expect(page.locator("#chart-trend canvas")).toBeVisible();
  await expect(page.getByRole("table", { name: "Trend", exact: true }).locator("tbody tr")).toHaveCount(12);
});

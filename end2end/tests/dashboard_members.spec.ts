import { test, expect, type Page, DEMO, open, ready, signIn, openDialog, closeDialog } from "./fixtures/app";

const ORG = "Northwind Logistics";

async function openOrg(page: Page) {
  await open(page, "/dashboard");
  await page.getByRole("row", { name: new RegExp(ORG) }).getByRole("link", { name: "View" }).click();
  await expect(page.getByRole("heading", { level: 1, name: ORG })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await ready(page);
  // The organization opens on its Overview for those who see all of it, on the list for those
  // who see only their teams.
  if ((await page.getByRole("tab", { name: "Overview" }).count()) > 0) {
    await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
    await tab(page, "Members");
    await ready(page);
  }
}

async function tab(page: Page, name: string) {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
  await ready(page);
}

function membersTable(page: Page) {
  return page.getByRole("region", { name: "Members", exact: true });
}

async function search(page: Page, text: string, status = "") {
  const members = membersTable(page);
  await members.getByLabel("Search members").fill(text);
  await members.getByLabel("Status").selectOption(status);
  await members.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text).replace(".", "\\.")}`));
}

async function manage(page: Page, name: string) {
  const row = membersTable(page).getByRole("row", { name: new RegExp(name) });
  const summary = row.getByText(`Manage ${name}`, { exact: true });
  const details = summary.locator("xpath=..");
  if ((await details.getAttribute("open")) === null) await summary.click();
  return row;
}

test("an owner adds, promotes and removes a member", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await openOrg(page);
  for (const name of ["Overview", "Members", "Seats", "Reports", "Settings"]) {
    await expect(page.getByRole("tab", { name })).toBeVisible();
  }

  const add = await openDialog(page, "Add member…", "Add member");
  await add.getByLabel("Name").fill("Priya Nair");
  await add.getByLabel("Email").fill("priya.nair@example.com");
  await add.getByLabel("Finance").check();
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(add.getByRole("status")).toHaveText("Member added.");
  await closeDialog(page);

  await search(page, "priya.nair");
  const row = membersTable(page).getByRole("row", { name: /Priya Nair/ });
  await expect(row).toContainText("Finance");
  await expect(row).toContainText("Active");

  // Adding the same person twice says so beside the field.
  const again0 = await openDialog(page, "Add member…", "Add member");
  await again0.getByLabel("Name").fill("Priya Nair");
  await again0.getByLabel("Email").fill("priya.nair@example.com");
  await again0.getByRole("button", { name: "Add member" }).click();
  await expect(again0.getByRole("alert")).toContainText("already a member");
  await closeDialog(page);

  const manageRow = await manage(page, "Priya Nair");
  await manageRow.getByLabel("Role").selectOption("manager");
  await manageRow.getByRole("button", { name: "Change role" }).click();
  await expect(membersTable(page).getByRole("row", { name: /Priya Nair/ })).toContainText("Manager");

  const again = await manage(page, "Priya Nair");
  await again.getByRole("button", { name: "Remove member" }).click();
  await search(page, "priya.nair", "removed");
  await expect(membersTable(page).getByRole("row", { name: /Priya Nair/ })).toContainText("Removed");
});

test("an invitation is accepted through the outbox link, and another is revoked", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await openOrg(page);
  const invite = await openDialog(page, "Invite members…", "Invite members");
  await invite.getByLabel("Email addresses").fill("sam.invitee@example.com\nrevoke.me@example.com, not-an-email");
  await invite.getByRole("button", { name: "Send invitations" }).click();
  await expect(invite.getByRole("alert")).toContainText("not-an-email");
  await invite.getByLabel("Email addresses").fill("sam.invitee@example.com\nrevoke.me@example.com");
  await invite.getByRole("button", { name: "Send invitations" }).click();
  await expect(invite.getByRole("status")).toContainText("Invited 2");
  await closeDialog(page);

  await search(page, "revoke.me", "invited");
  await membersTable(page).getByRole("button", { name: "Revoke invitation to revoke.me@example.com" }).click();
  await expect(membersTable(page).getByText("No members match these filters.")).toBeVisible();

  // The platform admin reads the link in Admin > Outbox.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signIn(page, DEMO.admin);
  await open(page, "/admin/outbox?to=sam.invitee");
  const body = await page.getByRole("article", { name: "Message to sam.invitee@example.com" }).locator("pre").innerText();
  const link = body.match(/https?:\/\/\S+\/invitations\/accept\?token=[0-9a-f]{64}/)![0];
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await open(page, new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole("heading", { name: `Join ${ORG}` })).toBeVisible();
  await page.getByLabel("Your name").fill("Sam Invitee");
  await page.getByLabel("Choose a password").fill("a long enough phrase");
  await page.getByLabel("Repeat the password").fill("a long enough phrase");
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // The link works once.
  await open(page, new URL(link).pathname + new URL(link).search);
  await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
});

test("a full organization says so with the numbers, until seats are added", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await openOrg(page);
  await tab(page, "Seats");
  const free = Number(await page.locator(".stat-card", { hasText: "Free" }).locator("dd").innerText());
  if (free > 0) {
    await page.getByLabel("Seats to add").fill(String(-free));
    await page.getByRole("button", { name: "Add seats" }).click();
    await expect(page.locator(".stat-card", { hasText: "Free" }).locator("dd")).toHaveText("0");
  }
  const total = await page.locator(".stat-card", { hasText: "Total" }).locator("dd").innerText();

  await tab(page, "Members");
  const add = await openDialog(page, "Add member…", "Add member");
  await add.getByLabel("Name").fill("Late Comer");
  await add.getByLabel("Email").fill("late.comer@example.com");
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(add.getByRole("alert")).toContainText(`No seats left: ${total} of ${total} in use`);
  await closeDialog(page);

  await tab(page, "Seats");
  await page.getByLabel("Seats to add").fill("3");
  await page.getByLabel("Note", { exact: true }).fill("Renewal order 4411");
  await page.getByRole("button", { name: "Add seats" }).click();
  await expect(page.locator(".stat-card", { hasText: "Free" }).locator("dd")).toHaveText("3");
  await expect(page.getByRole("region", { name: "Seat ledger" })).toContainText("Renewal order 4411");

  await tab(page, "Members");
  const retry = await openDialog(page, "Add member…", "Add member");
  await retry.getByLabel("Name").fill("Late Comer");
  await retry.getByLabel("Email").fill("late.comer@example.com");
  await retry.getByRole("button", { name: "Add member" }).click();
  await expect(retry.getByRole("status")).toHaveText("Member added.");
});

test("a manager sees only their own team's members and no settings", async ({ page }) => {
  await signIn(page, DEMO.manager);
  await openOrg(page);
  await expect(page.getByRole("tab", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Members" })).toHaveAttribute("aria-selected", "true");
  const rows = membersTable(page).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i).locator("td").nth(3)).toContainText("Sales EMEA");
  }
  const teams = await membersTable(page).getByLabel("Team", { exact: true }).locator("option").allInnerTexts();
  expect(teams).toEqual(["All teams", "Sales EMEA"]);
});

test("an owner edits the settings", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await openOrg(page);
  await tab(page, "Settings");
  await page.getByLabel("Brand colour").fill("teal");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText("hex code");
  await page.getByLabel("Brand colour").fill("#0f766e");
  await page.getByLabel("Invitation lifetime (days)").fill("14");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.reload();
  await expect(page.getByLabel("Brand colour")).toHaveValue("#0f766e");
  await expect(page.getByLabel("Invitation lifetime (days)")).toHaveValue("14");
});

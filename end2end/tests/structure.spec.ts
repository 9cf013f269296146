import { test, expect, type Page, DEMO, open, ready, signIn, openDialog, closeDialog } from "./fixtures/app";
import { linkFromOutbox } from "./fixtures/mail";

const ORG = "Northwind Logistics";

/** Opens Northwind from the dashboard, as a person does. */
async function openOrg(page: Page) {
  await open(page, "/dashboard");
  await page.getByRole("row", { name: new RegExp(ORG) }).getByRole("link", { name: "View" }).click();
  await expect(page.getByRole("heading", { level: 1, name: ORG })).toBeVisible();
  await ready(page);
}

async function tab(page: Page, name: string) {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
  await ready(page);
}

function section(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

async function manage(scope: ReturnType<typeof section>, name: string) {
  const summary = scope.getByText(`Manage ${name}`, { exact: true });
  const details = summary.locator("xpath=..");
  if ((await details.getAttribute("open")) === null) await summary.click();
  await expect(details).toHaveAttribute("open", "");
  return scope.getByRole("row", { name: new RegExp(`^${name}`) });
}

test("an owner builds a department tree and a team, and moves a member into it", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await openOrg(page);
  await tab(page, "Structure");
  const departments = section(page, "Departments");
  const addDept = page.getByRole("form", { name: "Add a department" });
  await addDept.getByLabel("Department name").fill("Training");
  await addDept.getByRole("button", { name: "Add department" }).click();
  await expect(departments.getByRole("rowheader", { name: /^Training/ })).toBeVisible();
  await addDept.getByLabel("Department name").fill("Onboarding");
  await addDept.getByLabel("Parent department").selectOption({ label: "Training" });
  await addDept.getByRole("button", { name: "Add department" }).click();
  await expect(departments.getByRole("row", { name: /^Onboarding/ })).toContainText("in Training");

  const addTeam = page.getByRole("form", { name: "Add a team" });
  await addTeam.getByLabel("Team name").fill("Mentors");
  await addTeam.getByLabel("Department").selectOption({ label: "Training › Onboarding" });
  await addTeam.getByRole("button", { name: "Add team" }).click();
  const teams = section(page, "Teams");
  await expect(teams.getByRole("row", { name: /^Mentors/ })).toContainText("Training › Onboarding");
  // Moving teams between organizations belongs to the platform admins.
  await expect(page.getByRole("form", { name: "Assign a team" })).toHaveCount(0);
  const mentors = await manage(teams, "Mentors");
  await expect(mentors.getByRole("button", { name: "Move team" })).toHaveCount(0);

  // A department is never offered a place inside itself.
  const training = await manage(departments, "Training");
  await expect(training.getByLabel("Parent department").locator("option", { hasText: "Onboarding" })).toHaveCount(0);

  await tab(page, "Members");
  const members = section(page, "Members");
  await members.getByLabel("Search members").fill("lena.fischer");
  await members.getByRole("button", { name: "Filter" }).click();
  const lena = members.getByRole("row", { name: /Lena Fischer/ });
  await lena.getByText("Manage Lena Fischer", { exact: true }).click();
  await lena.getByLabel("Move to team").selectOption({ label: "Mentors" });
  await lena.getByRole("button", { name: "Move to team" }).click();
  await expect(members.getByRole("row", { name: /Lena Fischer/ })).toContainText("Mentors");

  await tab(page, "Structure");
  await expect(section(page, "Teams").getByRole("row", { name: /^Mentors/ }).getByRole("cell").nth(1)).toHaveText("1");
});

test("an owner delegates an Organization admin, who then runs Settings and Structure", async ({ page }) => {
  const email = "olga.delegate@northwind.example";
  await signIn(page, DEMO.owner);
  await openOrg(page);
  await tab(page, "Members");
  const add = await openDialog(page, "Add member…", "Add member");
  await add.getByLabel("Name").fill("Olga Delegate");
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Role").selectOption({ label: "Organization admin" });
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(add.getByRole("status")).toHaveText("Member added.");
  await closeDialog(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  const link = await linkFromOutbox(page, email, "/set-password");
  await open(page, link);
  await page.getByLabel("New password").fill("olga's own long pass phrase");
  await page.getByLabel("Repeat the password").fill("olga's own long pass phrase");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

  await openOrg(page);
  await expect(page.getByText("Your role: Organization admin")).toBeVisible();
  await expect(page.getByRole("tab", { name: "Settings" })).toBeVisible();
  await tab(page, "Structure");
  await expect(page.getByRole("form", { name: "Add a department" })).toBeVisible();
  // An organization admin grants up to Manager from the lists; Organization admin is the owner's.
  await tab(page, "Members");
  const roles = (await openDialog(page, "Add member…", "Add member")).getByLabel("Role").locator("option");
  await expect(roles).toHaveText(["Member", "Manager"]);
});

test("a manager sees the structure read only", async ({ page }) => {
  await signIn(page, DEMO.manager);
  await openOrg(page);
  await tab(page, "Structure");
  await expect(page.getByText("You can see the structure; an administrator changes it.")).toBeVisible();
  await expect(section(page, "Departments").getByRole("rowheader", { name: /^Operations/ })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a department" })).toHaveCount(0);
  await expect(page.getByText(/^Manage /)).toHaveCount(0);
});

import { test, expect, type Page, DEMO, open, signIn } from "./fixtures/app";

async function openOrg(page: Page, name: string) {
  await open(page, `/admin/organizations?q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

function section(page: Page, title: string) {
  return page.getByRole("region", { name: title });
}

async function addDepartment(page: Page, name: string, parent?: string) {
  const form = page.getByRole("form", { name: "Add a department" });
  await form.getByLabel("Department name").fill(name);
  if (parent) await form.getByLabel("Parent department").selectOption({ label: parent });
  await form.getByRole("button", { name: "Add department" }).click();
  await expect(section(page, "Departments").getByRole("rowheader", { name: new RegExp(`^${name}`) })).toBeVisible();
}

/** Opens the "Manage …" panel of a row (if it is not open yet) and returns the row. */
async function manage(scope: ReturnType<typeof section>, name: string) {
  const summary = scope.getByText(`Manage ${name}`, { exact: true });
  const details = summary.locator("xpath=..");
  if ((await details.getAttribute("open")) === null) await summary.click();
  await expect(details).toHaveAttribute("open", "");
  return scope.getByRole("row", { name: new RegExp(`^${name}`) });
}

test("an admin builds a department tree with teams", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await openOrg(page, "Acme Health Clinics");
  const departments = section(page, "Departments");
  await expect(departments.getByText("No departments yet.")).toBeVisible();

  await addDepartment(page, "Clinical");
  await addDepartment(page, "Nursing", "Clinical");
  await addDepartment(page, "Night Shift", "Clinical › Nursing");
  await expect(departments.getByRole("row", { name: /Night Shift/ })).toContainText("in Clinical › Nursing");

  // A department is never offered as a parent of itself or of what is above it.
  let clinicalRow = await manage(departments, "Clinical");
  const parentChoices = clinicalRow.getByLabel("Parent department").locator("option");
  await expect(parentChoices).toHaveText(["None (top level)"]);

  // A team in the deepest department.
  const teams = section(page, "Teams");
  const addTeam = page.getByRole("form", { name: "Add a team" });
  await addTeam.getByLabel("Team name").fill("Night Nurses");
  await addTeam.getByLabel("Department").selectOption({ label: "Clinical › Nursing › Night Shift" });
  await addTeam.getByRole("button", { name: "Add team" }).click();
  await expect(teams.getByRole("row", { name: /Night Nurses/ })).toContainText("Clinical › Nursing › Night Shift");

  // Only an empty department can be deleted.
  clinicalRow = await manage(departments, "Clinical");
  await clinicalRow.getByRole("button", { name: "Delete department" }).click();
  await expect(clinicalRow.getByRole("alert")).toContainText(
    "Clinical still holds 1 department. Move or delete them first",
  );

  // Rename and move: Night Shift goes to the top as Night Care, its team with it.
  const night = await manage(departments, "Night Shift");
  await night.getByLabel("Department name").fill("Night Care");
  await night.getByRole("button", { name: "Rename department" }).click();
  await expect(teams.getByRole("row", { name: /Night Nurses/ })).toContainText("Clinical › Nursing › Night Care");
  const care = await manage(departments, "Night Care");
  await care.getByLabel("Parent department").selectOption({ label: "None (top level)" });
  await care.getByRole("button", { name: "Move department" }).click();
  await expect(teams.getByRole("row", { name: /Night Nurses/ }).getByRole("cell").first()).toHaveText("Night Care");

  // Department admins are chosen per department.
  const nursing = await manage(departments, "Nursing");
  await nursing.getByLabel("Member").selectOption({ label: "Aisha Rahman (aisha.rahman@acmehealth.example)" });
  await nursing.getByRole("button", { name: "Add department admin" }).click();
  await expect(departments.getByRole("row", { name: /^Nursing/ })).toContainText("Aisha Rahman");
});

test("moving a team between organizations is refused when seats are short", async ({ page }) => {
  await signIn(page, DEMO.admin);
  // Acme: 9 of 15 seats in use; leave one free.
  await openOrg(page, "Acme Health Clinics");
  await page.getByLabel("Seat count").fill("10");
  await page.getByRole("button", { name: "Save organization" }).click();
  await expect(page.getByText("9 of 10 seats used")).toBeVisible();

  await openOrg(page, "Globex Retail");
  const teams = section(page, "Teams");
  const online = await manage(teams, "Online");
  await online.getByLabel("Move to organization").selectOption({ label: "Acme Health Clinics" });
  await online.getByRole("button", { name: "Move team" }).click();
  await expect(online.getByRole("alert")).toContainText(
    "Online brings 5 people without a seat in Acme Health Clinics, but Acme Health Clinics has 1 free seat (9 of 10 in use)",
  );
  await expect(teams.getByRole("rowheader", { name: "Online" })).toBeVisible();

  // With room, the team moves with its people.
  await openOrg(page, "Acme Health Clinics");
  await page.getByLabel("Seat count").fill("15");
  await page.getByRole("button", { name: "Save organization" }).click();
  await expect(page.getByText("9 of 15 seats used")).toBeVisible();
  await page.getByRole("form", { name: "Assign a team" }).getByLabel("Team to assign").selectOption({
    label: "Online (Globex Retail, 5 people)",
  });
  await page.getByRole("button", { name: "Assign team" }).click();
  await expect(section(page, "Teams").getByRole("row", { name: /^Online/ })).toContainText("5");
  await openOrg(page, "Globex Retail");
  await expect(section(page, "Teams").getByRole("rowheader", { name: "Online" })).toHaveCount(0);
});

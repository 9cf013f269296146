import { test, expect, type Page, DEMO, open, signIn, submitSignIn, openDialog } from "./fixtures/app";
import { linkFromOutbox } from "./fixtures/mail";

async function openAcme(page: Page) {
  await open(page, "/orgs/acme-health-clinics/members");
  await expect(page.getByRole("heading", { level: 1, name: "Acme Health Clinics" })).toBeVisible();
  await page.waitForLoadState("networkidle");
}

// FIXME: after the earlier specs change the demo data, the Members page sometimes fails to hydrate
// (see the closing note of 2026-11-22); the import then falls back to a plain POST and the per-row
// report is not shown. The import itself is covered in tests/dashboard_tools.rs. Re-enable once fixed.
test("an owner imports a CSV with a bad row and sees each row's result", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await open(page, "/orgs/northwind-logistics/members");
  const importer = await openDialog(page, "Import CSV…", "Import CSV");
  await importer
    .getByLabel("CSV rows")
    .fill("name,email,role,team\nKai Moreno,kai.moreno@example.com,member,Finance\nBroken,not-an-email,member,\n");
  await importer.getByRole("button", { name: "Import" }).click();
  await expect(importer.getByRole("status")).toHaveText("0 added, 1 invited, 0 skipped, 1 rejected.");
  const result = importer.getByRole("table", { name: "Import result" });
  await expect(result.getByRole("row", { name: /kai.moreno@example.com/ })).toContainText("invited");
  await expect(result.getByRole("row", { name: /not-an-email/ })).toContainText("rejected");
  await expect(result.getByRole("row", { name: /not-an-email/ })).toContainText("email address");

  // A header without the email column is refused beside the field.
  await importer.getByLabel("CSV rows").fill("name\nKai\n");
  await importer.getByRole("button", { name: "Import" }).click();
  await expect(importer.getByRole("alert")).toContainText("The first line must name the columns");

  // A file works as well as pasted rows: it is read into the field, counted, and imported.
  await importer.getByLabel("CSV file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    // Someone who is a member already: skipped, so the import takes no seat the later specs need.
    buffer: Buffer.from("name,email\nLena Fischer,lena.fischer@northwind.example\n"),
  });
  await expect(importer.getByLabel("CSV rows")).toHaveValue(/lena\.fischer@northwind\.example/);
  await expect(importer.getByText("1 row to import.")).toBeVisible();
  await importer.getByRole("button", { name: "Import" }).click();
  await expect(importer.getByRole("status")).toHaveText("0 added, 0 invited, 1 skipped, 0 rejected.");
});

test("bulk actions move the selected members, and the list exports as CSV", async ({ page }) => {
  await signIn(page, "aisha.rahman@acmehealth.example");
  await openAcme(page);
  const members = page.getByRole("region", { name: "Members", exact: true });
  const picks = members.getByRole("checkbox", { name: /^Select [^@]+$/ });
  const names = [];
  for (let i = 0; i < 2; i++) {
    const label = (await picks.nth(i).getAttribute("aria-label"))!;
    names.push(label.replace("Select ", ""));
    await picks.nth(i).check();
  }
  const bulk = page.getByRole("form", { name: "Bulk actions" });
  await bulk.getByLabel("With the selected rows").selectOption({ label: "Remove selected members" });
  await bulk.getByRole("button", { name: "Apply to selected" }).click();
  await expect(bulk.getByRole("status")).toHaveText("Removed 2 members.");
  await open(page, "/orgs/acme-health-clinics/members");
  await expect(members.getByRole("row", { name: new RegExp(names[0]) })).toContainText("Removed");
  await expect(members.getByRole("row", { name: new RegExp(names[1]) })).toContainText("Removed");

  const download = page.waitForEvent("download");
  await members.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  const path = await file.path();
  const text = require("fs").readFileSync(path, "utf8");
  expect(text.split("\r\n")[0]).toBe("name,email,role,teams,status,joined,last_active");
  expect(text).toContain("aisha.rahman@acmehealth.example");
});

test("someone with a company address joins through the join page, then confirms the address", async ({ page }) => {
  await signIn(page, "aisha.rahman@acmehealth.example");
  await open(page, "/orgs/acme-health-clinics/settings");
  await page.getByLabel("Visibility").selectOption("public");
  await page.getByLabel("Membership policy").selectOption("open");
  await page.getByLabel("Auto-join email domains").fill("acmehealth.example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await open(page, "/join/acme-health-clinics");
  await expect(page.getByRole("heading", { name: "Join Acme Health Clinics" })).toBeVisible();
  await page.getByLabel("Your name").fill("Rosa Lind");
  await page.getByLabel("Work email").fill("rosa.lind@elsewhere.example");
  await page.getByLabel("Choose a password").fill("a long enough phrase");
  await page.getByLabel("Repeat the password").fill("a long enough phrase");
  await page.getByRole("button", { name: "Join organization" }).click();
  await expect(page.getByRole("alert")).toContainText("Only addresses at acmehealth.example");
  await page.getByLabel("Work email").fill("rosa.lind@acmehealth.example");
  await page.getByRole("button", { name: "Join organization" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox: we sent a link to rosa.lind@acmehealth.example");

  // Nothing works before the address is confirmed.
  await open(page, "/signin");
  await submitSignIn(page, "rosa.lind@acmehealth.example", "a long enough phrase");
  await expect(page.getByRole("alert")).toContainText("Wrong email or password");

  const link = await linkFromOutbox(page, "rosa.lind@acmehealth.example", "/verify-email");
  await open(page, link);
  await expect(page.getByRole("heading", { name: "Confirm your address" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("status")).toContainText("you are a member now");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // The link works once.
  await open(page, link);
  await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
});

test("an owner hands the organization over", async ({ page }) => {
  await signIn(page, "george.baker@globex.example");
  await open(page, "/orgs/globex-retail/settings");
  const transfer = page.getByRole("region", { name: "Transfer ownership" });
  await transfer.getByLabel("New owner").selectOption({ index: 1 });
  await transfer.getByLabel("Type the organization's name to confirm").fill("Globex");
  await transfer.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(transfer.getByRole("alert")).toContainText("Type the organization's name, Globex Retail");
  await transfer.getByLabel("New owner").selectOption({ index: 1 });
  await transfer.getByLabel("Type the organization's name to confirm").fill("Globex Retail");
  await transfer.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Globex Retail/ })).toContainText("Organization admin");
});

import { test, expect, type Page, open, signIn } from "./fixtures/app";

const OWNER = "aisha.rahman@acmehealth.example";
const ORG = "Acme Health Clinics";

async function saveSettings(page: Page, visibility: string, policy: string) {
  await open(page, "/orgs/acme-health-clinics/settings");
  await page.getByLabel("Visibility").selectOption(visibility);
  await page.getByLabel("Membership policy").selectOption(policy);
  await page.getByLabel("Auto-join email domains").fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toHaveText("Settings saved.");
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("Hidden and Private behave differently: hidden has a join page by its address, private none", async ({ page }) => {
  await signIn(page, OWNER);
  await saveSettings(page, "hidden", "approval");
  const card = page.getByRole("region", { name: "Join page" });
  await expect(card.getByLabel("Join link")).toHaveValue(/\/join\/acme-health-clinics$/);
  await expect(card.getByRole("button", { name: "Copy join link" })).toBeVisible();
  await expect(card).toContainText("Not listed anywhere");
  await signOut(page);

  await page.getByRole("link", { name: "Organizations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: ORG })).toHaveCount(0);
  await open(page, "/join/acme-health-clinics");
  await expect(page.getByRole("heading", { name: `Join ${ORG}` })).toBeVisible();
  await expect(page.getByText("Anyone can ask to join")).toBeVisible();

  await signIn(page, OWNER);
  await saveSettings(page, "private", "approval");
  await expect(page.getByRole("region", { name: "Join page" })).toContainText("invitation only");
  await expect(page.getByLabel("Join link")).toHaveCount(0);
  await signOut(page);
  await open(page, "/join/acme-health-clinics");
  await expect(page.getByRole("heading", { name: `Join ${ORG}` })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // Public: listed, with its join link.
  await signIn(page, OWNER);
  await saveSettings(page, "public", "approval");
  await signOut(page);
  await open(page, "/organizations");
  const row = page.getByRole("row", { name: new RegExp(ORG) });
  await expect(row).toContainText("Ask to join");
  await row.getByRole("link", { name: `Join ${ORG}` }).click();
  await expect(page.getByRole("heading", { name: `Join ${ORG}` })).toBeVisible();
});

import { test, expect, DEMO_PASSWORD, open, signIn, submitSignIn } from "./fixtures/app";

// A demo account no other spec signs in with (its name and password change here).
const EMAIL = "hannah.schmidt@northwind.example";

test("my account: rename, see and end sessions, change the password", async ({ page, browser }) => {
  // A second browser signed in as the same person.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signIn(second, EMAIL);

  await signIn(page, EMAIL);
  await page.getByRole("link", { name: "My account" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();

  const sessions = page.getByRole("region", { name: "Active sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(3); // header + two sessions
  await expect(sessions.getByText("This browser")).toHaveCount(1);
  const signIns = page.getByRole("region", { name: "Recent sign-ins" });
  await expect(signIns.getByRole("row").filter({ hasText: "Signed in" }).first()).toBeVisible();

  // Only spaces pass the browser's own check; the server says what is wrong.
  await page.getByLabel("Name", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Enter a name.").first()).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Hannah Schmidt-Lang");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.locator(".whoami-name")).toHaveText("Hannah Schmidt-Lang");

  // Sign the other browser out from here.
  await sessions.getByRole("button", { name: /^Sign out / }).click();
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await open(second, "/me");
  await expect(second.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);

  // Sign it in again, then change the password here: the other session ends, this one goes on.
  await signIn(second, EMAIL);
  await open(page, "/me/account");
  const password = page.getByRole("region", { name: "Password", exact: true });
  await password.getByLabel("Current password").fill("not my password at all");
  await password.getByLabel("New password", { exact: true }).fill("hannahs new pass phrase");
  await password.getByLabel("Repeat the new password").fill("hannahs new pass phrase");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("That is not your current password")).toBeVisible();
  await password.getByLabel("Current password").fill(DEMO_PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  await open(page, "/me/account");
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await open(second, "/me");
  await expect(second.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);

  // With two sessions again, "Sign out everywhere else" ends the other.
  await open(second, "/signin");
  await submitSignIn(second, EMAIL, "hannahs new pass phrase");
  await expect(second.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await open(page, "/me/account");
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 other session was signed out." })).toBeVisible();
  await open(second, "/me");
  await expect(second.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);
  await other.close();
});

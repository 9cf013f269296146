import { test, expect, open, signIn, submitSignIn, DEMO_PASSWORD } from "./fixtures/app";
import { totp } from "./fixtures/totp";

// A demo account no other spec signs in with (two-factor is turned on here).
const EMAIL = "victor.hale@northwind.example";

test("two-factor: set up from the shown secret, then every sign-in asks for a code", async ({ page }) => {
  await signIn(page, EMAIL);
  await open(page, "/me/account");
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  await section.getByRole("button", { name: "Set up two-factor" }).click();
  await expect(section.getByRole("img", { name: "QR code of the two-factor secret" })).toBeVisible();
  await expect(section.locator(".otpauth-link")).toContainText("otpauth://totp/Orgboard");
  const secret = (await section.locator(".two-factor-secret").innerText()).trim();

  await section.getByLabel("Code from your app").fill("000000");
  await section.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(section.getByText("That code is not right")).toBeVisible();
  await section.getByLabel("Code from your app").fill(totp(secret));
  await section.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Two-factor sign-in is on." })).toBeVisible();
  const codes = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().innerText()).trim();

  // Sign out; the password alone now leads to the code step.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await submitSignIn(page, EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await page.getByLabel("Code").fill("111111");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  // The code of the next step (the current one was used to turn it on).
  await page.getByLabel("Code").fill(totp(secret, Date.now() / 1000 + 30));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

  // A recovery code works in place of a code.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await submitSignIn(page, EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await page.getByLabel("Code").fill(recovery);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await open(page, "/me/account");
  await expect(page.getByRole("region", { name: "Two-factor sign-in" })).toContainText("9 recovery codes left");
});

test("required two-factor: the owner sets the rule, an admin is asked to set it up at the next sign-in", async ({
  page,
}) => {
  const OWNER = "olivia.owens@northwind.example";
  const ADMIN = "priya.patel@northwind.example";
  const setRule = async (on: boolean) => {
    await open(page, "/orgs/northwind-logistics/settings");
    const section = page.getByRole("region", { name: "Two-factor sign-in" });
    const box = section.getByLabel("Require two-factor for owners and admins");
    if (on) await box.check();
    else await box.uncheck();
    await section.getByRole("button", { name: "Save two-factor setting" }).click();
    await expect(section.getByRole("status")).toHaveText("Two-factor setting saved.");
  };
  await signIn(page, OWNER);
  await setRule(true);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // The organization admin is sent to set it up.
  await submitSignIn(page, ADMIN, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/me\/account\?two_factor=required/);
  const twoFactor = page.getByRole("region", { name: "Two-factor sign-in" });
  await expect(twoFactor.getByText("Two-factor sign-in is required for your role")).toBeVisible();
  await twoFactor.getByRole("button", { name: "Set up two-factor" }).click();
  const secret = (await twoFactor.locator(".two-factor-secret").innerText()).trim();
  await twoFactor.getByLabel("Code from your app").fill(totp(secret));
  await twoFactor.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(twoFactor.getByRole("status").filter({ hasText: "Two-factor sign-in is on." })).toBeVisible();
  await open(page, "/me/account");
  await expect(page.getByRole("region", { name: "Two-factor sign-in" })).toContainText("Your role requires it, so it stays on.");

  // The owner, who has not set it up, is asked too; they lift the rule again.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await submitSignIn(page, OWNER, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/me\/account\?two_factor=required/);
  await setRule(false);
});

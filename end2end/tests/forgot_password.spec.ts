import { test, expect, DEMO_PASSWORD, open, submitSignIn } from "./fixtures/app";
import { linkFromOutbox } from "./fixtures/mail";

// A demo account no other spec signs in with (its password changes here).
const EMAIL = "ian.price@initech.example";

test("forgot password: the same answer for any address, a link that works once, the new password signs in", async ({
  page,
}) => {
  await open(page, "/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot password" })).toBeVisible();
  await page.getByLabel("Email").fill("nobody.here@initech.example");
  await page.getByRole("button", { name: "Send reset link" }).click();
  const unknown = await page.getByRole("status").innerText();
  expect(unknown).toContain("If nobody.here@initech.example belongs to an account");

  await page.getByLabel("Email").fill(EMAIL);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toHaveText(unknown.replace("nobody.here@initech.example", EMAIL));

  const link = await linkFromOutbox(page, EMAIL, "/reset-password");
  await open(page, link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert").first()).toContainText("12 characters");
  await page.getByLabel("New password").fill("a brand new pass phrase");
  await page.getByLabel("Repeat the password").fill("a brand new pass phrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // The link is spent: one clear page with a way to ask again.
  await open(page, link);
  await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();

  // The old password no longer works; the new one does.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await submitSignIn(page, EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole("alert")).toContainText("Wrong email or password");
  await submitSignIn(page, EMAIL, "a brand new pass phrase");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

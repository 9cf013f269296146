import { test, expect, DEMO, open, signIn } from "./fixtures/app";

test("signing out returns to the sign-in page and ends the session", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("heading", { name: "Sign in to Orgboard" })).toBeVisible();

  // The old session no longer opens protected pages.
  await open(page, "/admin");
  await expect(page).toHaveURL(/\/signin\?next=/);
});

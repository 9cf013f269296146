import { test, expect, DEMO, open, signIn, submitSignIn } from "./fixtures/app";

test("a member cannot open an admin URL", async ({ page }) => {
  await signIn(page, DEMO.member);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
  await expect(page.getByText("Every organization, type, team")).toHaveCount(0);
});

test("a signed-out visitor is sent to sign-in and back afterwards", async ({ page }) => {
  await open(page, "/dashboard");
  await expect(page).toHaveURL(/\/signin\?next=(%2F|\/)dashboard$/);
  await submitSignIn(page, DEMO.manager, "orgboard-demo");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("an unknown address shows a real 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

import { test, expect, DEMO, open, signIn } from "./fixtures/app";

test("an admin adds a course, is told what is wrong, then retires it", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Courses" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  await page.getByRole("link", { name: "Add course" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add course" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // A code that is taken is refused beside the field, and nothing is added.
  await page.getByLabel("Code").fill("sec-101");
  await page.getByLabel("Title").fill("Phishing Drills");
  await page.getByLabel("Category").fill("Compliance");
  await page.getByLabel("Number of lessons").fill("4");
  await page.getByLabel("Duration in minutes").fill("35");
  await page.getByRole("button", { name: "Add course" }).click();
  await expect(page.getByRole("alert")).toContainText("Another course already uses the code SEC-101");
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Code").fill("PHISH-130");
  await page.getByRole("button", { name: "Add course" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Phishing Drills" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Course saved.");

  await page.getByRole("button", { name: "Retire course" }).click();
  await expect(page.getByRole("button", { name: "Reactivate course" })).toBeVisible();

  // The catalog lists it as retired, and the filter finds it.
  await open(page, "/admin/courses?status=retired");
  const row = page.getByRole("row", { name: /Phishing Drills/ });
  await expect(row).toContainText("Retired");
  await expect(page.getByRole("row", { name: /Security Awareness Essentials/ })).toHaveCount(0);
});

test("a non-admin cannot open the catalog admin", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const response = await page.goto("/admin/courses");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
});

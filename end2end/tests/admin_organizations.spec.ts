import { test, expect, DEMO, open, signIn } from "./fixtures/app";

test("an admin creates an organization from a type, its defaults copied in", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin/organizations");
  await page.getByRole("link", { name: "Add new" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add organization" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await page.getByLabel("Name", { exact: true }).fill("Initech Training");
  await page.getByLabel("Owner email").fill("olivia.owens@northwind.example");
  // Small Business: approval required, expires 365 days after creation.
  await page.getByLabel("Organization type").selectOption({ label: "Small Business" });
  await expect(page.getByLabel("Membership policy")).toHaveValue("approval");
  await expect(page.getByLabel("Expires at")).not.toHaveValue("");
  // The defaults stay editable.
  await page.getByLabel("Visibility").selectOption("hidden");
  await page.getByLabel("Seat count").fill("0");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("alert")).toContainText("The owner takes one seat");

  await page.getByLabel("Seat count").fill("25");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Initech Training" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Organization saved.");
  await expect(page.getByText("1 of 25 seats used")).toBeVisible();
  await expect(page.getByLabel("Membership policy")).toHaveValue("approval");
  await expect(page.getByLabel("Visibility")).toHaveValue("hidden");

  // The seat count may not go below the seats in use, and the message gives the numbers.
  await page.getByLabel("Seat count").fill("0");
  await page.getByRole("button", { name: "Save organization" }).click();
  await expect(page.getByRole("alert")).toContainText("1 seats are in use, so the seat count cannot be 0");

  // It is in the list, found by its owner's email and type.
  await open(page, "/admin/organizations?q=olivia.owens");
  await expect(page.getByRole("row", { name: /Initech Training/ })).toContainText("Small Business");
});

test("an admin suspends, reactivates and deletes an organization", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin/organizations");
  await page.getByLabel("Search organizations").fill("Initech");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name: "Initech Training" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await page.getByRole("button", { name: "Suspend" }).click();
  await expect(page.getByText("Suspended: members have no access")).toBeVisible();
  await open(page, "/admin/organizations?status=suspended");
  await expect(page.getByRole("row", { name: /Initech Training/ })).toBeVisible();
  await page.getByRole("link", { name: "Initech Training" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByText("Active: members have access.")).toBeVisible();

  // Deleting needs the exact name.
  await page.getByLabel("Type the organization's name to confirm").fill("initech");
  await page.getByRole("button", { name: "Delete organization" }).click();
  await expect(page.getByRole("alert")).toContainText("exactly to delete it");
  await page.getByLabel("Type the organization's name to confirm").fill("Initech Training");
  await page.getByRole("button", { name: "Delete organization" }).click();
  await expect(page.getByRole("status")).toHaveText("Organization deleted.");
  await expect(page.getByRole("link", { name: "Initech Training" })).toHaveCount(0);
});

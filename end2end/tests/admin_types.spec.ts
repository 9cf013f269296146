import { test, expect, DEMO, open, signIn } from "./fixtures/app";

test("an admin builds a seat type and an organization type with seat benefits", async ({ page }) => {
  await signIn(page, DEMO.admin);

  // A seat type bundles catalog courses.
  await open(page, "/admin/seat-types");
  await page.getByRole("link", { name: "Add seat type" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Name").fill("Sales Starter");
  await page.getByLabel("Description").fill("For new sales hires.");
  await page.getByLabel(/SALES-101/).check();
  await page.getByLabel(/SALES-220/).check();
  await page.getByRole("button", { name: "Save seat type" }).click();
  await expect(page.getByRole("status")).toHaveText("Seat type saved.");
  const seatRow = page.getByRole("row", { name: /Sales Starter/ });
  await expect(seatRow).toContainText("Consultative Selling");
  await expect(seatRow.getByRole("cell").nth(1)).toHaveText("2");

  // An organization type, across its three tabs.
  await open(page, "/admin/types");
  await page.getByRole("link", { name: "Add new" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("tab", { name: "General" })).toHaveAttribute("aria-selected", "true");
  await page.getByLabel("Name").fill("Sales Teams");
  await page.getByLabel("Visibility").selectOption("public");

  await page.getByRole("tab", { name: "Access" }).click();
  await page.getByLabel("Membership policy").selectOption("approval");
  await page.getByLabel("Expiry").selectOption("days");
  await page.getByLabel("Days after creation").fill("0");
  await page.getByLabel("API access").check();

  await page.getByRole("tab", { name: "Seat Benefits" }).click();
  await page.getByLabel("Owner seat type").selectOption({ label: "Leadership Track" });
  await page.getByLabel("Manager seat type").selectOption({ label: "Sales Starter" });
  await page.getByLabel("Member seat type").selectOption({ label: "Sales Starter" });
  await page.getByRole("button", { name: "Save type" }).click();

  // Zero days is refused; the Access tab opens to show why.
  await expect(page.getByRole("tab", { name: "Access" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("alert")).toContainText("between 1 and 3650");
  await page.getByLabel("Days after creation").fill("180");
  await page.getByRole("button", { name: "Save type" }).click();

  await expect(page.getByRole("status")).toHaveText("Organization type saved.");
  const row = page.getByRole("row", { name: /Sales Teams/ });
  await expect(row).toContainText("Approval required");
  await expect(row).toContainText("180 days");
  await expect(row).toContainText("Owner: Leadership Track · Manager: Sales Starter · Member: Sales Starter");
});

test("a type in use cannot be deleted, and the message says how many use it", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin/types");
  await page.getByRole("link", { name: "Enterprise" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Delete type" }).click();
  await expect(page.getByRole("alert")).toContainText(/cannot be deleted: \d+ organizations? uses? it/);
});

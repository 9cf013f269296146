import AxeBuilder from "@axe-core/playwright";
import { test, expect, open, signIn, type Page } from "./fixtures/app";

/** axe-core (WCAG 2 A and AA rules) finds nothing on the page as it stands. */
async function noViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(found, `axe-core on ${page.url()}`).toEqual([]);
}

test("the account pages pass axe-core", async ({ page }) => {
  for (const path of ["/signin", "/forgot-password", "/reset-password?token=nope", "/verify-email?token=nope", "/signin/code"]) {
    await open(page, path);
    await noViolations(page);
  }
  await signIn(page, "lena.fischer@northwind.example");
  await open(page, "/me/account");
  await noViolations(page);
  await page.getByRole("region", { name: "Two-factor sign-in" }).getByRole("button", { name: "Set up two-factor" }).click();
  await expect(page.getByRole("img", { name: "QR code of the two-factor secret" })).toBeVisible();
  await noViolations(page);
});

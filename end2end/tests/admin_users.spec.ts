import { test, expect, DEMO, DEMO_PASSWORD, open, signIn, submitSignIn } from "./fixtures/app";

test("an admin disables a user, who is signed out and cannot sign in, then re-enables them", async ({ browser }) => {
  // The member signs in first, in their own browser.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signIn(member, DEMO.member);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await open(admin, "/admin/users");
  await admin.getByLabel("Search users").fill("lena");
  await admin.getByRole("button", { name: "Search" }).click();
  const row = admin.getByRole("row", { name: /lena\.fischer@northwind\.example/ });
  await expect(row).toContainText("Northwind Logistics");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("Disabled");

  // Their open session no longer works, and signing in again is refused.
  await member.goto("/me");
  await expect(member).toHaveURL(/\/signin/);
  await expect(member.locator("body")).toHaveAttribute("data-hydrated", "true");
  await submitSignIn(member, DEMO.member, DEMO_PASSWORD);
  await expect(member.getByRole("alert")).toHaveText("Wrong email or password.");

  await row.getByRole("button", { name: "Re-enable" }).click();
  await expect(row).toContainText("Active");
  await signIn(member, DEMO.member);

  await memberContext.close();
  await adminContext.close();
});

test("the last platform admin cannot revoke their own rights", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin/users?q=admin%40orgboard");
  const row = page.getByRole("row", { name: /admin@orgboard\.example/ });
  await row.getByRole("button", { name: "Revoke platform admin" }).click();
  await expect(page.getByRole("alert")).toContainText("You cannot revoke your own platform admin rights");
  await expect(row).toContainText("Platform admin");
});

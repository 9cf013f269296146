import { test, expect, DEMO, DEMO_PASSWORD, mainNav, open, signIn, submitSignIn } from "./fixtures/app";

test("the demo admin signs in and sees the admin navigation", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "Admin" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My learning" })).toBeVisible();
  await expect(page.getByText("Signed in as")).toContainText("admin@orgboard.example");
  // The overview reads the seeded platform: four organizations in the table (one created and
  // one deleted by the admin specs before this one).
  await expect(page.getByRole("table").getByRole("rowheader")).toHaveCount(4);
});

test("a wrong password shows one generic error and keeps the visitor signed out", async ({ page }) => {
  await open(page, "/signin");
  await submitSignIn(page, DEMO.admin, "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // An unknown email gets exactly the same message.
  await submitSignIn(page, "nobody@northwind.example", DEMO_PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
});

test("a member sees only My learning in the navigation", async ({ page }) => {
  await signIn(page, DEMO.member);
  await expect(page).toHaveURL(/\/me$/);
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "My learning" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
});

test("an owner lands on the dashboard with their organization", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(mainNav(page).getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Northwind Logistics" })).toBeVisible();
});

test("after ten wrong passwords in a minute, sign-in says to wait", async ({ page }) => {
  // An address no other spec uses: the limit counts failures per account (email).
  const email = "throttled.visitor@northwind.example";
  await open(page, "/signin");
  const attempt = async (password: string) => {
    const answered = page.waitForResponse((r) => r.url().includes("/api/sign_in"));
    await submitSignIn(page, email, password);
    return (await answered).status();
  };
  for (let i = 0; i < 10; i++) {
    expect(await attempt(`wrong-${i}`)).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // The allowance refills evenly (10 a minute), so a slow run may earn one more try.
  let status = await attempt("wrong-again");
  if (status === 401) status = await attempt("wrong-once-more");
  expect(status).toBe(429);
  await expect(page.getByRole("alert")).toContainText("Too many sign-in attempts. Wait");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

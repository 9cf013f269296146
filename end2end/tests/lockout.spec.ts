import { test, expect, DEMO_PASSWORD, open, signIn, submitSignIn } from "./fixtures/app";

// A demo account no other spec signs in with.
const EMAIL = "diego.alvarez@northwind.example";

test("a flood of wrong passwords from elsewhere never stops the person on their own browser", async ({
  page,
  browser,
}) => {
  // The person signs in once on this browser (it keeps a device cookie), then signs out.
  await signIn(page, EMAIL);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // An attacker in another browser floods the account with wrong passwords until refused.
  const attackerContext = await browser.newContext();
  const attacker = await attackerContext.newPage();
  await open(attacker, "/signin");
  let refused = false;
  for (let i = 0; i < 15 && !refused; i++) {
    const answered = attacker.waitForResponse((r) => r.url().includes("/api/sign_in"));
    await submitSignIn(attacker, EMAIL, `guess-${i}`);
    refused = (await answered).status() === 429;
  }
  expect(refused, "the attacker is slowed down").toBe(true);
  await expect(attacker.getByRole("alert")).toContainText("Too many sign-in attempts");
  // Even the right password does not get the attacker's browser in now.
  await submitSignIn(attacker, EMAIL, DEMO_PASSWORD);
  await expect(attacker.getByRole("alert")).toContainText("Too many sign-in attempts");

  // The person, on the browser they used before, signs in at once.
  await open(page, "/signin");
  await submitSignIn(page, EMAIL, DEMO_PASSWORD);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await attackerContext.close();
});

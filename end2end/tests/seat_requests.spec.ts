import { test, expect, type Page, DEMO, open, ready, signIn } from "./fixtures/app";

// Acme Health Clinics is a Small Business: its owners add seats up to 25 in all, and ask a
// platform admin for more.
const OWNER = "aisha.rahman@acmehealth.example";
const SEATS = "/orgs/acme-health-clinics/seats";

async function seatTotal(page: Page): Promise<number> {
  const card = page.getByRole("region", { name: "Seats", exact: true }).locator(".stat-card", { hasText: "Total" });
  return Number((await card.locator("dd").innerText()).trim());
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("an owner asks for seats beyond the plan, a platform admin approves, and the seats appear", async ({ page }) => {
  await signIn(page, OWNER);
  await open(page, SEATS);
  await expect(page.getByText("up to a total of 25; for more, send a seat request")).toBeVisible();
  const before = await seatTotal(page);

  // Past the plan's total: refused with the numbers and the way forward.
  const add = page.getByRole("region", { name: "Add seats" });
  await add.getByLabel("Seats to add").fill(String(Math.max(1, 26 - before)));
  await add.getByRole("button", { name: "Add seats" }).click();
  await expect(add.getByRole("alert")).toContainText("up to a total of 25");
  await expect(add.getByRole("alert")).toContainText("send a seat request");

  const ask = page.getByRole("region", { name: "Request seats" });
  await ask.getByLabel("Seats wanted").fill("20");
  await ask.getByLabel("Note for the provider").fill("New clinic in Leeds");
  await ask.getByRole("button", { name: "Send seat request" }).click();
  const requests = page.getByRole("region", { name: "Seat requests", exact: true });
  await expect(requests.getByRole("row", { name: /New clinic in Leeds/ })).toContainText("Waiting for approval");
  await expect(ask).toContainText("waiting for approval");
  await expect(page.getByRole("region", { name: "Seat ledger" }).getByRole("row", { name: /Seats requested/ }).first()).toContainText(
    "for 20: New clinic in Leeds",
  );
  expect(await seatTotal(page)).toBe(before);
  await signOut(page);

  await signIn(page, DEMO.admin);
  await open(page, "/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Seat requests" }).click();
  await expect(page).toHaveURL(/\/admin\/seat-requests/);
  await ready(page);
  const request = page.getByRole("article", { name: /20 seats for Acme Health Clinics/ });
  await expect(request).toContainText("New clinic in Leeds");
  await request.getByLabel("Note to the organization").fill("Invoice 42");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("No seat request is waiting.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Decided" }).getByRole("row", { name: /Acme Health Clinics/ }).first()).toContainText(
    "Approved",
  );
  await signOut(page);

  await signIn(page, OWNER);
  await open(page, SEATS);
  expect(await seatTotal(page)).toBe(before + 20);
  await expect(requests.getByRole("row", { name: /New clinic in Leeds/ })).toContainText("Approved");
  await expect(requests.getByRole("row", { name: /New clinic in Leeds/ })).toContainText("Invoice 42");
  const line = page.getByRole("region", { name: "Seat ledger" }).getByRole("row", { name: /Seats added/ }).first();
  await expect(line).toContainText("+20");
  await expect(line).toContainText("approved: Invoice 42");
});

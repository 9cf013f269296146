import { test, expect, open, signIn, DEMO } from "./fixtures/app";

// Northwind Logistics (Enterprise plan: API access included); no other spec changes its tokens.
// Acme Health Clinics (Small Business plan) has no API access, and its Settings > API says so.
const OWNER = DEMO.owner;

test("an owner creates an API token in Settings > API, uses it, and revokes it", async ({ page, request }) => {
  await signIn(page, "aisha.rahman@acmehealth.example");
  await open(page, "/orgs/acme-health-clinics/settings/api");
  await expect(page.getByText("API access is not part of this organization's plan")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signIn(page, OWNER);
  await open(page, "/orgs/northwind-logistics/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await open(page, "/orgs/northwind-logistics/settings/api");

  await page.getByLabel("Token name").fill("HR sync");
  await page.getByLabel("Access").selectOption({ label: "Read and write" });
  await page.getByLabel("Expires").selectOption({ label: "In 30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByLabel("New token");
  await expect(secret).toHaveValue(/^obk_[0-9a-f]{64}$/);
  const token = await secret.inputValue();
  const row = page.getByRole("row", { name: /HR sync/ });
  await expect(row).toContainText("Read and write");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Not yet");

  // The token works against the REST API: it sees Northwind only, and may write.
  const auth = { Authorization: `Bearer ${token}` };
  const orgs = await request.get("/api/v1/orgs", { headers: auth });
  expect(orgs.status()).toBe(200);
  const list = await orgs.json();
  expect(list.data.map((o: { slug: string }) => o.slug)).toEqual(["northwind-logistics"]);
  const org = list.data[0].id;
  const team = await request.post(`/api/v1/orgs/${org}/teams`, { headers: auth, data: { name: "Made by the API" } });
  expect(team.status()).toBe(201);
  const bad = await request.post(`/api/v1/orgs/${org}/teams`, { headers: auth, data: { name: "" } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.field).toBe("name");

  // Shown once: after a reload the secret is gone, and the list shows the token's last use.
  await open(page, "/orgs/northwind-logistics/settings/api");
  await expect(page.getByLabel("New token")).toHaveCount(0);
  await expect(page.getByRole("row", { name: /HR sync/ })).not.toContainText("Not yet");

  await page.getByRole("button", { name: "Revoke HR sync" }).click();
  await expect(page.getByRole("row", { name: /HR sync/ })).toContainText("Revoked");
  const after = await request.get("/api/v1/orgs", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toContain("revoked");

  // The reference is one click away and lists the bulk progress endpoint.
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: /\/orgs\/\{org\}\/progress\/bulk/ })).toBeVisible();
});

test("a platform admin creates a platform token in Admin > API that reaches every organization", async ({ page, request }) => {
  await signIn(page, DEMO.admin);
  await open(page, "/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API" }).click();
  await expect(page.getByRole("heading", { name: "API", level: 1 })).toBeVisible();
  await open(page, "/admin/api");
  await page.getByLabel("Token name").fill("BI export");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("New token").inputValue();
  expect(token).toMatch(/^obk_/);
  const orgs = await request.get("/api/v1/orgs?limit=100", { headers: { Authorization: `Bearer ${token}` } });
  expect(orgs.status()).toBe(200);
  expect((await orgs.json()).data.length).toBeGreaterThanOrEqual(4);
  // Read only: changes are refused with the scope named.
  const write = await request.post("/api/v1/orgs", { headers: { Authorization: `Bearer ${token}` }, data: { name: "X" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("missing_scope");
});

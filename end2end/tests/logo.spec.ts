import { test, expect, DEMO, open, ready, signIn } from "./fixtures/app";

// A 1×1 PNG, and a text file pretending to be one.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const NOT_AN_IMAGE = Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
const SETTINGS = "/orgs/northwind-logistics/settings";

test("an owner uploads a logo that the header shows, a bad file is refused, and a light brand colour too", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await open(page, SETTINGS);
  const card = page.getByRole("region", { name: "Logo" });
  await expect(card).toContainText("No logo yet");

  await card.getByLabel("Logo file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: NOT_AN_IMAGE });
  await card.getByRole("button", { name: "Upload logo" }).click();
  await expect(page).toHaveURL(/logo_error=not_image/);
  await ready(page);
  await expect(card.getByRole("alert")).toHaveText(/not a PNG, JPEG or WebP image/);
  await expect(page.getByRole("img", { name: "Northwind Logistics logo" })).toHaveCount(0);

  await card.getByLabel("Logo file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await card.getByRole("button", { name: "Upload logo" }).click();
  await expect(page).toHaveURL(/logo=saved/);
  await ready(page);
  await expect(card.getByRole("status")).toHaveText("Logo saved.");
  const logo = page.getByRole("img", { name: "Northwind Logistics logo" });
  await expect(logo).toBeVisible();
  await expect(logo).toHaveAttribute("src", /^\/orgs\/northwind-logistics\/logo\?v=\d+$/);
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  // The brand colour carries white text on tabs and buttons: a light one is refused with its contrast.
  const settings = page.getByRole("region", { name: "Settings", exact: true });
  await settings.getByLabel("Brand colour").fill("#ffee88");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByText(/contrast of 1\.\d:1/)).toBeVisible();

  await card.getByRole("button", { name: "Remove logo" }).click();
  await expect(page).toHaveURL(/logo=removed/);
  await ready(page);
  await expect(page.getByRole("img", { name: "Northwind Logistics logo" })).toHaveCount(0);
});

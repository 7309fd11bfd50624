// End to end: CLAIMS Direct sets in the web app — a failed batch keeps the others, media
// filter and export, and a bulk download into a folder paced by the login's request-unit
// budget (no 429), resumed by running it again into the same folder.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, control, open, troubles, go, folderFiles } from "./app.mjs";

let browser, info;
before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
});
after(async () => {
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
  await browser?.close();
});

const bulkUcids = Array.from({ length: 12 }, (_, i) => `ZZ-8${String(100 + i).padStart(4, "0")}-A`);

test("a set: list, filter by media, export, then download every zip and abstract image paced by the budget", async () => {
  // A small budget (33 RU per 2 s): 12 zips (66 RU) and 12 images (12 RU) take three windows.
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 33, windowMs: 2000 });
  const { page, context, problems } = await open(browser, { folder: true });
  await go(page, "attachments");
  await page.fill("#ucids", bulkUcids.join(" "));
  await page.click("text=List attachments");
  await page.waitForSelector("#set-tools");
  await page.waitForSelector(".row.item");

  await page.selectOption("#media-filter", "image/tiff");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const lines = (await readFile(await csv.path())).toString().trim().split("\r\n");
  assert.equal(lines[0], "ucid,filename,media,size,pkey,path");
  assert.ok(lines.length > 12 && lines.slice(1).every((l) => l.includes('"image/tiff"')), lines.slice(0, 3).join("\n"));
  await page.selectOption("#media-filter", "");

  await page.check("#set-image");
  const started = Date.now();
  await page.click("#set-download");
  await page.waitForSelector("#set-counts:has-text('24 of 24 files')", { timeout: 30000 });
  const elapsed = Date.now() - started;
  assert.match(await page.textContent("#set-counts"), /24 saved, 0 already there, 0 not available, 0 failed/);
  assert.ok(elapsed >= 2000, `paced over at least two windows, took ${elapsed} ms`);
  const usage = await control(`/_sim/logins?user=${info.claims.user}`);
  assert.equal(usage.refused, 0, "no 429");
  assert.match(await page.textContent("#set-units"), /used, .* left of 33 per 2 s/);
  const files = await folderFiles(page);
  assert.equal(Object.keys(files).filter((n) => n.endsWith(".zip")).length, 12);
  assert.ok(files["ZZ-80100-A-abstract.tif"] > 0, `abstract image in its own format: ${Object.keys(files).join(", ")}`);

  // After a reload the set is listed again and the same download skips what is there.
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "attachments");
  assert.equal(await page.inputValue("#ucids"), bulkUcids.join(" "));
  await page.click("text=List attachments");
  await page.waitForSelector("#set-tools");
  await page.check("#set-image");
  await page.click("#set-download");
  await page.waitForSelector("#set-counts:has-text('24 already there')", { timeout: 30000 });
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a failed batch of a list keeps the others and can be retried alone", async () => {
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
  const { page, context, problems } = await open(browser);
  await go(page, "settings");
  await page.fill("#retries", "0");
  await page.click("text=Save settings");
  await go(page, "attachments");
  const ucids = Array.from({ length: 150 }, (_, i) => `ZZ-8${String(2000 + i).padStart(4, "0")}-A`);
  await page.fill("#ucids", ucids.join(","));
  await control("/_sim/faults", { key: info.claims.user, script: [{ kind: "status", status: 503 }] });
  await page.click("text=List attachments");
  await page.waitForSelector("#list-failed");
  assert.match(await page.textContent("#list-failed"), /(100|50) UCIDs could not be listed/);
  const shownBefore = await page.$$eval(".row.group", (els) => els.length);
  assert.ok(shownBefore > 0);
  await page.click("text=Retry the failed ones");
  await page.waitForSelector("#list-failed", { state: "detached" });
  assert.match(await page.textContent("#list-summary"), /attachments for (100|50) UCIDs/);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

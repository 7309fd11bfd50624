// End to end: the office-wide retrievals view — every retrieval DAS lists for the office
// (also those asked for elsewhere), filtered, with expected deletion dates, downloaded into
// a folder and deleted in bulk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, control, open, troubles, go, folderFiles } from "./app.mjs";

let browser, info;
before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  await control("/_sim/das/settings", { offDelayMs: 200 });
});
after(() => browser?.close());

test("all of the office's retrievals: listed, filtered, downloaded into a folder, deleted in bulk", async () => {
  const { page, context, problems } = await open(browser, { folder: true });
  // Two retrievals asked for in another browser of the office (another context).
  const other = await open(browser);
  for (const index of ["0", "1"]) {
    await go(other.page, "retrievals");
    await other.page.selectOption("#example", index);
    await other.page.click("text=Request retrieval");
  }
  await other.page.waitForFunction(() => document.querySelectorAll("table.retrievals tbody tr .status.success").length === 2, null, { timeout: 20000 });
  const acks = await other.page.$$eval("table.retrievals tbody tr", (trs) => trs.map((tr) => tr.dataset.ack));
  await other.context.close();

  await go(page, "retrievals");
  assert.match(await page.textContent("main"), /No retrievals yet/);
  await page.click("#office-load");
  await page.waitForSelector("#office-retrievals tbody tr");
  await page.selectOption("#office-status", "success");
  const rows = await page.$$eval("#office-retrievals tbody tr", (trs) => trs.map((tr) => ({ ack: tr.dataset.ack, expiry: tr.querySelector(".expiry").textContent })));
  assert.ok(acks.every((ack) => rows.some((r) => r.ack === ack)), JSON.stringify({ acks, rows }));
  assert.ok(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.expiry)), JSON.stringify(rows));
  // Select all, then keep only the two asked for above (others of the office may be gone).
  await page.check("#office-retrievals thead input[type=checkbox]");
  await page.uncheck("#office-retrievals thead input[type=checkbox]");
  for (const ack of acks) await page.check(`#office-retrievals input[aria-label="Select ${ack}"]`);
  await page.click("#office-download");
  await page.waitForSelector(`#office-tally:has-text("2 of 2 downloaded, 0 failed")`, { timeout: 20000 });
  const files = await folderFiles(page);
  const names = info.das.documents.slice(0, 2).map((d) => `${d.documentNumber.replace(/[^A-Za-z0-9-]/g, "_")}_${d.documentDate}.pdf`);
  for (const name of names) assert.ok(files[name] > 0, `${name} in ${JSON.stringify(files)}`);

  await page.click("#office-delete");
  assert.match(await page.textContent(".confirm"), /Delete these 2 documents from the transit zone\?/, "asked first");
  await page.click(".confirm-yes");
  await page.waitForSelector(`#office-tally:has-text("2 of 2 deleted, 0 failed")`, { timeout: 20000 });
  // Deleted copies cannot be downloaded again.
  await page.click("#office-download");
  await page.waitForSelector(`#office-tally:has-text("0 of 2 downloaded, 2 failed")`, { timeout: 20000 });
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

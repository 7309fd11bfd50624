// End to end: the activity log lasts (IndexedDB), is searchable and exports as CSV and JSON
// with each entry's profile, and never holds a credential, token or presigned signature.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, control, open, troubles, go, downloadRetrieved } from "./app.mjs";

let browser, info;
before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
});
after(() => browser?.close());

async function exported(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  return (await readFile(await download.path())).toString();
}

test("the activity log survives a reload, is searched, and exports without secrets", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "attachments");
  await page.fill("#ucids", "EP-0700000-B1");
  await page.click("text=List attachments");
  await page.waitForSelector(".row.item");
  // A retrieval: a bearer token and, on download, a presigned URL are involved.
  await go(page, "retrievals");
  await page.selectOption("#example", "0");
  await page.click("text=Request retrieval");
  await page.waitForSelector("table.retrievals tbody tr .status.success", { timeout: 20000 });
  const ack = await page.getAttribute("table.retrievals tbody tr", "data-ack");
  await downloadRetrieved(page, ack);

  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "activity");
  await page.waitForSelector("table.activity");
  assert.match(await page.textContent("table.activity"), /list attachments of 1 UCIDs/);
  await page.fill("#activity-search", "attachment/list");
  const rows = await page.$$eval("table.activity tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.length > 0 && rows.every((r) => r.includes("attachment/list")), rows.join("\n"));
  await page.fill("#activity-search", "");

  const csv = await exported(page, "#activity-csv");
  const lines = csv.trim().split("\r\n");
  assert.equal(lines[0], "time,profile,what,sent_to,outcome,ok");
  assert.ok(lines.some((l) => l.includes(`DAS ${info.das.clientId} at`) && l.includes("/requests/retrievals")), "entries carry their profile");
  const json = JSON.parse(await exported(page, "#activity-json"));
  assert.ok(json.length >= lines.length - 1 - 1);
  assert.ok(json.every((e) => e.time && e.profile && "ok" in e));
  for (const text of [csv, JSON.stringify(json)]) {
    assert.ok(!text.includes(info.claims.password), "no CLAIMS password");
    assert.ok(!/Bearer|eyJ[A-Za-z0-9_-]{10,}/.test(text), "no bearer token");
    assert.ok(!/X-Amz-Signature|PRIVATE KEY/.test(text), "no presigned signature, no key");
  }
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

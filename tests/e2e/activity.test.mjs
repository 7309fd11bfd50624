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
  // Lines are actions (with the requests made for them folded underneath) and runs of
  // background requests; the search keeps whole groups.
  const groups = () => page.$$eval("table.activity tbody tr", (trs) => {
    const out = [];
    for (const tr of trs) {
      if (tr.classList.contains("request")) out[out.length - 1].text += ` ${tr.textContent}`;
      else out.push({ kind: tr.classList.contains("action") ? "action" : "background", text: tr.textContent });
    }
    return out;
  });
  await page.fill("#activity-search", "attachment/list");
  await page.waitForFunction(() => document.querySelector("#activity-count").textContent !== "");
  const found = await groups();
  assert.ok(found.length > 0 && found.every((g) => g.text.includes("attachment/list")), JSON.stringify(found));
  await page.fill("#activity-search", "");

  const all = await groups();
  const retrieval = all.find((g) => g.kind === "action" && g.text.includes("request retrieval"));
  assert.match(retrieval?.text ?? "", /access_token/, "the token request is folded under the action that needed it");
  assert.ok(all.some((g) => g.kind === "background" && /by itself/.test(g.text)), "background work is shown as such");
  const [actions, background] = [all.filter((g) => g.kind === "action").length, all.filter((g) => g.kind === "background").length];
  await page.selectOption("#activity-kind", "actions");
  await page.waitForFunction((n) => document.querySelectorAll("table.activity tr.action").length === n
    && document.querySelectorAll("table.activity tr.background").length === 0, actions);
  await page.selectOption("#activity-kind", "background");
  await page.waitForFunction((n) => document.querySelectorAll("table.activity tr.background").length === n
    && document.querySelectorAll("table.activity tr.action").length === 0, background);
  await page.selectOption("#activity-kind", "all");
  // Dates: nothing is from tomorrow on.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.fill("#activity-from", tomorrow);
  await page.dispatchEvent("#activity-from", "change");
  await page.waitForSelector("#activity-count:has-text('0 lines match')");
  await page.fill("#activity-from", "");
  await page.dispatchEvent("#activity-from", "change");
  await page.waitForFunction(() => document.querySelectorAll("table.activity tbody tr").length > 0);
  // Times carry their date (local), exact in UTC on hover.
  assert.match(await page.getAttribute("table.activity tbody tr td time", "datetime"), /^\d{4}-\d{2}-\d{2}T/);

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

test("a long log is shown 50 lines a page, newest first", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "attachments");
  await page.fill("#ucids", "EP-0700000-B1");
  for (let i = 0; i < 55; i++) {
    await page.click("text=List attachments");
    await page.waitForSelector("button:text-is('List attachments'):enabled");
  }
  await go(page, "activity");
  await page.selectOption("#activity-kind", "actions");
  await page.waitForSelector("#activity-page:has-text('Page 1 of 2')");
  assert.equal(await page.$$eval("table.activity tr.action", (r) => r.length), 50);
  await page.click("#activity-older");
  await page.waitForSelector("#activity-page:has-text('Page 2 of 2')");
  const rest = await page.$$eval("table.activity tr.action", (r) => r.length);
  assert.ok(rest >= 5 && rest < 50, `the rest on page 2: ${rest}`);
  assert.ok(await page.isDisabled("#activity-older"));
  // A new filter starts again at page 1.
  await page.selectOption("#activity-kind", "all");
  await page.waitForSelector("#activity-page:has-text('Page 1 of')");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

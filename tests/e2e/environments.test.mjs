// End to end: environments — switched in one place, each with its own settings and office
// key; a retrieval stays with the office it was asked for by and is never polled elsewhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, control, open, troubles, go } from "./app.mjs";

let browser, info;
before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
});
after(async () => {
  await control("/_sim/das/settings", { offDelayMs: 300 });
  await browser?.close();
});

async function switchTo(page, environment) {
  await go(page, "settings");
  await page.selectOption("#environment", environment);
  await page.click("text=Save settings");
  await page.waitForSelector("text=Settings saved.");
}

test("switching environments keeps each one's settings and key, and retrievals with their office", async () => {
  await control("/_sim/das/settings", { offDelayMs: 6000 });
  const { page, context, problems } = await open(browser);
  await go(page, "retrievals");
  await page.selectOption("#example", "0");
  await page.click("text=Request retrieval");
  await page.waitForSelector("table.retrievals tbody tr .status.pending");

  await switchTo(page, "acceptance");
  assert.equal(await page.inputValue("#das-url"), "https://das-api.das.ipobs.acc.web1.wipo.int");
  assert.equal(await page.inputValue("#das-prefix"), "/das-api/v1");
  assert.equal(await page.inputValue("#das-token-url"), "https://www5.wipo.int/am/oauth2/access_token");
  assert.match(await page.textContent("#key-state"), /Office key: none/, "the simulator's key stays with the simulator");
  assert.match(await page.textContent("header .state"), /WIPO DAS acceptance/);
  await go(page, "retrievals");
  const row = "table.retrievals tbody tr";
  await page.waitForSelector(`${row} .elsewhere`);
  assert.match(await page.textContent(`${row} .elsewhere`), new RegExp(`Asked for by office ${info.das.clientId} at`));
  assert.equal(await page.$(`${row} button:text('Check again')`), null);
  // Meanwhile the retrieval settles at the simulator; nothing asks the acceptance service.
  await new Promise((r) => setTimeout(r, 6500));
  await go(page, "activity");
  assert.doesNotMatch(await page.textContent("table.activity"), /ipobs\.acc/);

  await switchTo(page, "simulator");
  assert.equal(await page.inputValue("#das-client-id"), info.das.clientId);
  assert.match(await page.textContent("#key-state"), /non-extractable/);
  await go(page, "retrievals");
  await page.waitForSelector(`${row} .status.success`, { timeout: 20000 });
  assert.equal(await page.$(`${row} .elsewhere`), null);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

// End to end: the app as an office builds it (`build-app.sh --office`, without the `demo`
// feature), served from dist-office/ under /office-build/: it never asks for the simulator's
// demo data and shows none of its helpers, and the rest of the app works as in the demo.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { launch, open, troubles, go, SIM } from "./app.mjs";

const built = existsSync("dist-office/index.html");
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an office's build has no simulator helpers and never asks for them", { skip: !built && "dist-office/ not built" }, async () => {
  const { page, problems } = await open(browser, { url: `${SIM}/office-build/` });
  const paths = [];
  page.on("request", (r) => paths.push(new URL(r.url()).pathname));
  // What the page asked for while starting (before the listener: reload to see it all).
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  assert.ok(paths.some((p) => p.endsWith(".wasm")), "the app itself was loaded");
  assert.ok(!paths.includes("/_sim/info"), `no request for the simulator's demo data: ${paths}`);

  await go(page, "settings");
  assert.equal(await page.$("#use-demo"), null, "no demo-login offer");
  // Its own defaults: both services at the page's origin, no office, nothing filled in for it.
  assert.equal(await page.inputValue("#das-client-id"), "");
  assert.match(await page.textContent("#key-state"), /Office key: none/);
  await page.fill("#das-client-id", "office-7");
  await page.click("text=Save settings");
  await page.waitForSelector("text=Settings saved.");

  await go(page, "retrievals");
  assert.equal(await page.$("#example"), null, "no simulator documents");
  await go(page, "attachments");
  assert.equal(await page.$("text=Simulator documents"), null);
  await go(page, "inbox");
  assert.equal(await page.$("#partner-request"), null, "no partner office");

  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "settings");
  assert.equal(await page.inputValue("#das-client-id"), "office-7", "its settings are kept");
  assert.deepEqual(await troubles(page, problems), []);
});

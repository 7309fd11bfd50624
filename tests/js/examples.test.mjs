// The examples in examples/ run as a JavaScript developer would run them: a Vite app built
// from the packed tarball, a plain <script type="module"> page and a Web Worker, in headless
// Chromium against the simulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { launch, SIM } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(path, ready) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(SIM + path);
  await page.waitForSelector(ready, { timeout: 30_000 });
  return { page, errors };
}

test("plain ES module page (no bundler)", async () => {
  const { page, errors } = await open("/examples/plain/index.html", "#result[data-count]");
  assert.equal(await page.getAttribute("#result", "data-count"), "7");
  assert.match(await page.textContent("#result"), /EP0700000A219960306\.pdf\tapplication\/pdf/);
  assert.deepEqual(errors, []);
});

test("module Web Worker lists attachments off the main thread", async () => {
  const { page, errors } = await open("/examples/worker/index.html", "#result[data-done]");
  const data = JSON.parse(await page.textContent("#result"));
  assert.equal(data.error, undefined, JSON.stringify(data.error));
  assert.equal(data.counts["EP-0700000-A2"], 7);
  assert.ok(data.counts["WO-2019123456-A1"] >= 250);
  assert.equal(data.counts["GB-2999999-A"], 0);
  assert.deepEqual(errors, []);
});

test("Vite app built from the npm tarball", async () => {
  const { page, errors } = await open("/examples/vite/dist/index.html", "#result[data-count]");
  assert.equal(await page.getAttribute("#result", "data-count"), "5");
  assert.match(await page.textContent("#result"), /imgaf001\.tif/);
  assert.deepEqual(errors, []);
});

test("the Vite build of a CLAIMS-only app carries no DAS code or wasm", () => {
  const assets = new URL("../../examples/vite/dist/assets/", import.meta.url);
  const files = readdirSync(assets);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `wasm files: ${wasm}`);
  const claimsWasm = new URL("../../pkg/claims_bg.wasm", import.meta.url);
  assert.equal(statSync(new URL(wasm[0], assets)).size, statSync(claimsWasm).size, "the one wasm is ipdocs/claims'");
  const js = files.filter((f) => f.endsWith(".js")).map((f) => readFileSync(new URL(f, assets), "utf8")).join("\n");
  assert.match(js, /listMany/);
  // Names only the DAS glue has.
  assert.doesNotMatch(js, /requestRetrieval|das_bg|runBatch/);
});

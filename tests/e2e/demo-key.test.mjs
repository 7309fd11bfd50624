// A restarted simulator has a new demo office key. The app follows it: on the next load by
// itself, and while a page stays open after DAS refuses the old key's token, so that trying
// again is the only click needed (issue 21, trap 3).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { launch, open, freePort } from "./app.mjs";

let browser;
let sim;
let ports;

/** Starts ipdocs-sim serving the app on fixed ports (the page's origin stays the same). */
async function startSim() {
  const child = spawn("./target/debug/ipdocs-sim", [
    "--port", String(ports.api), "--transit-port", String(ports.transit), "--app", "dist",
  ], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`ipdocs-sim exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const stopped = new Promise((resolve) => child.once("exit", resolve));
  return { url: JSON.parse(line).api, stop: () => { child.kill(); return stopped; } };
}

async function restartSim() {
  await sim.stop();
  sim = await startSim();
}

const demoKey = async () => (await (await fetch(`${sim.url}/_sim/info`)).json()).das.privateKeyPem;

/** Registers a document without a file: one DAS call that needs a token. */
async function register(page) {
  await page.fill("#registration-number", `PCT/IB2026/0${Date.now() % 100000}`);
  await page.fill("#registration-date", "2026-03-20");
  await page.fill("#registration-code", "QW12");
  await page.click("button:text-is('Register')");
}

before(async () => {
  ports = { api: await freePort(), transit: await freePort() };
  sim = await startSim();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sim?.stop();
});

test("after a restart the next load takes the simulator's new key by itself", async () => {
  const { page, context, problems } = await open(browser, { url: `${sim.url}/#/uploads` });
  await register(page);
  await page.waitForSelector("#registration-outcome.notice.ok");

  const oldKey = await demoKey();
  await restartSim();
  assert.notEqual(await demoKey(), oldKey, "a restarted simulator has a new demo key");
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await register(page);
  await page.waitForSelector("#registration-outcome.notice.ok");
  assert.equal(await page.$(".notice.error"), null, "no DAS call failed");
  await page.goto(`${sim.url}/#/activity`);
  await page.waitForSelector("table.activity:has-text('the office key was replaced')");
  assert.deepEqual(problems, []);
  await context.close();
});

test("while the page stays open, the refused token brings the new key and one retry works", async () => {
  const { page, context, problems } = await open(browser, { url: `${sim.url}/#/uploads` });
  await register(page);
  await page.waitForSelector("#registration-outcome.notice.ok");

  await restartSim();
  await register(page);
  const notice = page.locator(".notice.error");
  await notice.waitFor();
  assert.match(await notice.textContent(), /access token/);
  await page.waitForSelector(".notice.error .repaired:has-text('office key has been replaced')");
  await page.click("button:text-is('Register')");
  await page.waitForSelector("#registration-outcome.notice.ok");
  assert.equal(await page.$(".notice.error"), null);
  assert.deepEqual(problems, []);
  await context.close();
});

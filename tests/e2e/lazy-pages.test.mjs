// The app loads only what the page shown needs (issue 20.3): every page but Attachments is
// a chunk of the split wasm, fetched on its first visit and never again, and so are the
// Attachments page's parts that only a listing shows; a chunk that cannot be fetched is a
// message with a retry, and the app goes on working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, go } from "./app.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The names of the chunks of `kind` (`split-KIND-NAME-HASH.wasm`) fetched so far, in order. */
const chunks = (page, kind) => page.evaluate((kind) => performance.getEntriesByType("resource")
  .map((e) => new URL(e.name).pathname.split("/").pop())
  .filter((name) => name.startsWith(`split-${kind}-`))
  .map((name) => name.replace(`split-${kind}-`, "").replace(/-[0-9a-f]{16}\.wasm$/, "")), kind);
const pageChunks = (page) => chunks(page, "page");

test("each page's code is fetched on its first visit, once", async () => {
  const { page, context, problems } = await open(browser);
  assert.deepEqual(await pageChunks(page), [], "the first load fetches no other page's code");
  await go(page, "retrievals");
  await page.waitForSelector("#retrievals-title");
  assert.deepEqual(await pageChunks(page), ["retrievals"]);
  await go(page, "attachments");
  await go(page, "retrievals");
  await go(page, "inbox");
  assert.deepEqual(await pageChunks(page), ["retrievals", "inbox"], "a second visit fetches nothing");
  // A navigation moves focus to the new page's heading once its code is in.
  await page.waitForFunction(() => document.activeElement?.id === "inbox-title");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a page whose code cannot be fetched says so, offers a retry, and the app goes on", async () => {
  const { page, context, problems } = await open(browser);
  const settingsChunk = /split-page-settings-[0-9a-f]{16}\.wasm$/;
  await page.route(settingsChunk, (route) => route.abort("internetdisconnected"));
  await page.click('nav a[href="#/settings"]');
  const alert = page.locator("main [role=alert]");
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be loaded.*Nothing was lost/);
  // The rest of the app still works, and coming back tries again.
  await go(page, "retrievals");
  await page.waitForSelector("#retrievals-title");
  await page.click('nav a[href="#/settings"]');
  await alert.waitFor();
  // With the network back, the retry brings the page.
  await page.unroute(settingsChunk);
  await page.click("main [role=alert] button");
  await page.waitForSelector("#settings-title");
  assert.equal(await alert.count(), 0);
  assert.deepEqual(problems, [], "no panic: a failed load is an answer, not a crash");
  await context.close();
});

test("the Attachments page's rows, set tools and preview are fetched with the first listing and the first preview", async () => {
  const { page, context, problems } = await open(browser);
  assert.deepEqual(await chunks(page, "part"), [], "the first load fetches none of them");
  const toolsChunk = /split-part-set-tools-[0-9a-f]{16}\.wasm$/;
  await page.route(toolsChunk, (route) => route.abort("internetdisconnected"));
  await page.fill("#ucids", "EP-0700000-B1");
  await page.click("text=List attachments");
  await page.waitForSelector(".row.item");
  assert.ok((await chunks(page, "part")).includes("rows"), "the rows' code came with the listing");
  // The listing is shown even when the tools' code cannot be fetched; a retry brings them.
  const alert = page.locator(".attachments [role=alert]:has-text('could not be loaded')");
  await alert.waitFor();
  assert.match(await alert.textContent(), /This part of the page could not be loaded.*Nothing was lost/);
  await page.unroute(toolsChunk);
  await alert.locator("button").click();
  await page.waitForSelector("#set-tools");
  assert.equal(await alert.count(), 0);

  assert.ok(!(await chunks(page, "part")).includes("preview"), "no preview's code before a preview");
  await page.click(".row.item .filename button >> nth=0");
  await page.waitForSelector(".preview");
  const fetched = await chunks(page, "part");
  assert.equal(fetched.filter((name) => name === "preview").length, 1);
  // Another preview and another listing fetch nothing more.
  await page.click(".row.item .filename button >> nth=1");
  await page.click("text=List attachments");
  await page.waitForSelector("#set-tools");
  await page.waitForSelector(".row.item");
  assert.deepEqual(await chunks(page, "part"), fetched);
  assert.deepEqual(problems, [], "no panic: a failed load is an answer, not a crash");
  await context.close();
});

// End to end: the built web app against the real simulator in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, control, SIM, open, troubles, go, samplePdf, downloadRetrieved, injectAxe, axeViolations } from "./app.mjs";

let browser;
let info;
before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  // The demo login's default budget (240 RU/min) is realistic; tests list and preview a lot.
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
});
after(() => browser?.close());

async function list(page, ucids) {
  await go(page, "attachments");
  await page.fill("#ucids", ucids);
  await page.click("text=List attachments");
}

test("first use: the simulator's demo settings are applied, the office key is non-extractable", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "settings");
  assert.equal(await page.inputValue("#claims-user"), info.claims.user);
  assert.equal(await page.inputValue("#das-client-id"), info.das.clientId);
  await page.waitForSelector("#key-state:has-text('non-extractable')");
  const key = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("ipdocs");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction("secrets").objectStore("secrets").get("das:simulator");
      get.onsuccess = () => resolve({ type: get.result.type, extractable: get.result.extractable, usages: get.result.usages, alg: get.result.algorithm.namedCurve });
    };
  }));
  assert.deepEqual(key, { type: "private", extractable: false, usages: ["sign"], alg: "P-256" });
  // Secrets stay out of the DOM and localStorage.
  const html = await page.content();
  assert.ok(!html.includes("BEGIN PRIVATE KEY"));
  assert.ok(!html.includes(info.claims.password), "the CLAIMS password is not in the DOM");
  assert.equal(await page.inputValue("#claims-password"), "");
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.ok(!stored.includes(info.claims.password), "the CLAIMS password is not in localStorage");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("list many UCIDs, grouped; preview a multi-page TIFF decoded in the worker; download it streamed to disk", async () => {
  const { page, context, problems } = await open(browser, { picker: true });
  await list(page, "EP-0700000-B1; WO-2019123456-A1\nGB-2999999-A, not-a-ucid");
  await page.waitForSelector(".row.item");
  assert.match(await page.textContent(".notice.warn"), /not-a-ucid/);
  const groups = await page.$$eval(".row.group .ucid", (els) => els.map((e) => e.textContent));
  assert.deepEqual(groups.slice(0, 2), ["EP-0700000-B1", "WO-2019123456-A1"]);
  assert.match(await page.textContent("#list-summary"), /attachments for 3 UCIDs/);

  // imgf0002.tif of EP-0700000-B1 is a two-page G4 drawing sheet.
  const sheet = "imgf0002.tif";
  await page.click(`.row.item .filename button:text-is("${sheet}")`);
  await page.waitForSelector(".preview canvas.drawing[data-page='1']");
  const pixels = () => page.evaluate(() => {
    const c = document.querySelector(".preview canvas.drawing");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let black = 0, white = 0, hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 64) { black++; hash = (hash * 31 + i) >>> 0; } else if (d[i] > 192) white++;
    }
    return { width: c.width, height: c.height, black, white, hash };
  });
  const first = await pixels();
  assert.ok(first.width > 100 && first.height > 100, JSON.stringify(first));
  assert.ok(first.black > 100 && first.white > first.black, `a drawing is mostly white with black lines: ${JSON.stringify(first)}`);
  assert.equal(await page.textContent("#tiff-page"), "Page 1 of 2");
  await page.click("text=Next page");
  await page.waitForSelector("#tiff-page:has-text('Page 2 of 2')");
  await page.waitForSelector(".preview canvas.drawing[data-page='2']");
  const second = await pixels();
  assert.ok(second.black > 100);
  assert.notEqual(second.hash, first.hash, "page 2 is another drawing");
  assert.ok(await page.isDisabled("text=Next page"));
  assert.ok(page.workers().some((w) => w.url().endsWith("/ipdocs-decoder_loader.js")), "the drawing was decoded in the decoder worker");
  // Zoom in from a fitted view always enlarges the drawing on screen; zoom out shrinks it.
  const onScreen = () => page.$eval(".preview canvas.drawing", (c) => c.getBoundingClientRect().width);
  const percent = async () => Number((await page.textContent("#tiff-zoom")).match(/(\d+) %/)[1]);
  await page.click("button:text-is('Fit width')");
  await page.waitForFunction(() => /fit width \(\d+ %\)/.test(document.querySelector("#tiff-zoom").textContent));
  const fitted = { width: await onScreen(), percent: await percent() };
  await page.click("button[aria-label='Zoom in']");
  await page.waitForFunction((p) => !/fit/.test(document.querySelector("#tiff-zoom").textContent), fitted.percent);
  assert.ok(await onScreen() > fitted.width, "zoom in enlarges");
  assert.ok(await percent() > fitted.percent, `${await percent()} % after ${fitted.percent} %`);
  const zoomedIn = await onScreen();
  await page.click("button[aria-label='Zoom out']");
  await page.waitForFunction((w) => document.querySelector(".preview canvas.drawing").getBoundingClientRect().width < w, zoomedIn);
  await page.click("button:text-is('Fit page')");
  await page.waitForFunction(() => /fit page/.test(document.querySelector("#tiff-zoom").textContent));
  const box = await page.$eval(".canvas-scroll", (s) => [s.clientHeight, s.querySelector("canvas").getBoundingClientRect().height]);
  assert.ok(box[1] <= box[0] + 1, `the whole page fits the pane: ${box}`);

  // Download through the File System Access API: the Blob is piped into the chosen file.
  const size = await page.$eval(".row.item.selected .size", (e) => e.textContent);
  await page.click(".row.item.selected button:text('Download')");
  await page.waitForFunction(() => window.__saved.length === 1 && window.__saved[0].closed);
  const saved = await page.evaluate(() => window.__saved[0]);
  assert.equal(saved.name, sheet);
  assert.ok(saved.bytes > 0);
  assert.ok(size.endsWith("B"));
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("the attachment list has column headings that sort each UCID's attachments", async () => {
  const { page, context, problems } = await open(browser);
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".row.item");
  const names = () => page.$$eval(".rows .row.item .filename button", (bs) => bs.map((b) => b.textContent.trim()));
  const listed = await names();
  assert.ok(listed.length > 2, `several attachments: ${listed}`);
  const byName = [...listed].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  await page.click(".row.head button:text('File name')");
  await page.waitForSelector(".row.head [aria-sort='ascending'].filename");
  assert.deepEqual(await names(), byName);
  await page.click(".row.head button:text('File name')");
  await page.waitForSelector(".row.head [aria-sort='descending'].filename");
  assert.deepEqual(await names(), [...byName].reverse());
  assert.equal(await page.getAttribute(".row.head .size", "aria-sort"), "none");
  assert.match(await page.textContent(".rows .row.group"), /EP-0700000-B1/, "the UCID heading stays first");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("without the File System Access API a download is a plain browser download", async () => {
  const { page, context, problems } = await open(browser);
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".row.item");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(".row.group button:text('All (zip)')"),
  ]);
  assert.equal(download.suggestedFilename(), "EP-0700000-B1.zip");
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(path);
  assert.equal(bytes.subarray(0, 2).toString(), "PK");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("5,000 attachments: only the visible rows are in the DOM, and the end of the list is reachable", async () => {
  const { page, context, problems } = await open(browser);
  await list(page, "ZZ-5000-A");
  await page.waitForSelector("#list-summary[data-render-ms]");
  assert.match(await page.textContent("#list-summary"), /5000 attachments for 1 UCID\./);
  const rendered = await page.$$eval(".rows .row", (rows) => rows.length);
  assert.ok(rendered > 5 && rendered < 80, `rendered ${rendered} rows`);
  assert.equal(await page.getAttribute(".rows", "aria-rowcount"), "5002", "the heading row, the UCID and its 5,000 attachments");
  await page.$eval(".rows", (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector(".row.item .filename button:text-is('imgf4999.tif')");
  assert.ok((await page.$$eval(".rows .row", (rows) => rows.length)) < 80);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a server error and a bad login are explained in plain words", async () => {
  const { page, context, problems } = await open(browser);
  const html = { kind: "html", status: 502 };
  await control("/_sim/faults", { key: info.claims.user, script: [html, html, html, html] });
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".notice.error");
  const text = await page.textContent(".notice.error");
  assert.match(text, /The service had a problem \(HTTP 502\)/);
  assert.match(text, /Try again in a moment/);

  await go(page, "settings");
  await page.fill("#claims-password", "wrong-password");
  await page.click("text=Save settings");
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".notice.error:has-text('refused the credentials')");
  assert.match(await page.textContent(".notice.error"), /Check the login/);
  // The activity log names the call, not the password.
  await go(page, "activity");
  const log = await page.textContent("table.activity");
  assert.match(log, /\/attachment\/list/);
  assert.match(log, /GET http:\/\/127\.0\.0\.1:\d+\/attachment\/list\s*HTTP 401: unauthorized/);
  assert.ok(!log.includes("wrong-password"));
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

async function requestRetrieval(page, index) {
  await go(page, "retrievals");
  await page.selectOption("#example", String(index));
  await page.click("text=Request retrieval");
  await page.waitForSelector("table.retrievals tbody tr");
  return page.getAttribute("table.retrievals tbody tr", "data-ack");
}

test("retrieval: request, followed live to success, downloaded under the document's name, deleted from the transit zone", async () => {
  const { page, context, problems } = await open(browser);
  const ack = await requestRetrieval(page, 0);
  assert.ok(ack);
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.success`, { timeout: 20_000 });
  const { name, bytes } = await downloadRetrieved(page, ack);
  assert.match(name, /^[A-Za-z0-9_-]+_\d{4}-\d{2}-\d{2}\.pdf$/, `named after the document: ${name}`);
  assert.equal(bytes.subarray(0, 5).toString(), "%PDF-", "the document itself");
  assert.equal(context.pages().length, 1, "no stray tab");
  // Deleting asks first; Cancel keeps the file, and focus is on Cancel.
  await page.click(`tr[data-ack="${ack}"] button:text('Delete from transit zone')`);
  assert.match(await page.textContent(`tr[data-ack="${ack}"] .confirm`), /cannot be downloaded again/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Cancel");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`tr[data-ack="${ack}"] .confirm`, { state: "detached" });
  assert.equal(await page.$(`tr[data-ack="${ack}"] .status.deleted`), null, "Cancel deleted nothing");
  await page.click(`tr[data-ack="${ack}"] button:text('Delete from transit zone')`);
  await page.click(`tr[data-ack="${ack}"] .confirm-yes`);
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.deleted`);
  // The activity log shows each exchange, the token request included, and no signature.
  await go(page, "activity");
  const log = await page.textContent("table.activity");
  assert.match(log, /POST http:\/\/127\.0\.0\.1:\d+\/am\/oauth2\/access_token\s*HTTP 200/);
  assert.match(log, /DELETE http:\/\/127\.0\.0\.1:\d+\/das\/v1\/requests\/files\s*HTTP 204/);
  // The document itself came from the transit zone, logged by origin and path only.
  assert.match(log, new RegExp(`GET ${info.transit.replace(/[.]/g, "\\.")}/\\S+\\s*HTTP 200`));
  assert.ok(!log.includes("X-Amz-Signature") && !log.includes("Bearer"));
  // The transit zone saw no Authorization header.
  const seen = await control("/_sim/requests?origin=transit");
  assert.ok(seen.length > 0);
  assert.ok(seen.every((r) => !Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === "authorization")));
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a failed retrieval shows the DAS code explained; tracked retrievals survive a reload and resume", async () => {
  await control("/_sim/das/settings", { offDelayMs: 2500, validationDelayMs: 50 });
  const { page, context, problems } = await open(browser);
  await go(page, "retrievals");
  await page.selectOption("#example", "1");
  await page.fill("#retrieval-code", "ZZZZ");
  await page.click("text=Request retrieval");
  await page.waitForSelector("table.retrievals tbody tr");
  const ack = await page.getAttribute("table.retrievals tbody tr", "data-ack");
  assert.ok(await page.$(`tr[data-ack="${ack}"] .status.pending`), "still pending before the reload");
  await page.reload();
  await page.waitForSelector('[data-ready="true"]');
  await go(page, "retrievals");
  await page.waitForSelector(`tr[data-ack="${ack}"]`);
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.error`, { timeout: 20_000 });
  assert.match(await page.textContent(`tr[data-ack="${ack}"]`), /-14: The DAS access code does not match/);
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a registration status check before requesting explains -14 and makes no retrieval", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "retrievals");
  await page.selectOption("#example", "1");
  await page.click("#check-status");
  await page.waitForSelector("#status-check");
  assert.match(await page.textContent("#status-check"), /^Registered: /);
  await page.fill("#retrieval-code", "ZZZZ");
  await page.click("#check-status");
  await page.waitForSelector(".notice.error:has-text('-14')");
  assert.match(await page.textContent(".notice.error"), /access code does not match/);
  assert.equal(await page.$("table.retrievals"), null, "no retrieval was requested");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("upload with progress, validated, then registered; the certificate downloads", async () => {
  const { page, context, problems } = await open(browser, { picker: true });
  await go(page, "uploads");
  await page.setInputFiles("#upload-file", { name: "priority.pdf", mimeType: "application/pdf", buffer: samplePdf(200) });
  assert.equal(await page.inputValue("#upload-reference"), "priority.pdf");
  await page.click("button:text-is('Upload')");
  await page.waitForSelector("#file-status .status.success", { timeout: 20_000 });
  const checksum = await page.$eval("#progress-checksum", (p) => [p.value, p.max]);
  const upload = await page.$eval("#progress-upload", (p) => [p.value, p.max]);
  assert.ok(checksum[0] > 0 && checksum[0] === checksum[1], `checksum progress ${checksum}`);
  assert.ok(upload[0] > 0 && upload[0] === upload[1], `upload progress ${upload}`);

  const number = `PCT/IB2026/0${Date.now() % 100000}`;
  await page.fill("#registration-number", number);
  await page.fill("#registration-date", "2026-03-20");
  await page.fill("#registration-code", "QW12");
  await page.click("button:text-is('Register')");
  await page.waitForSelector("#registration-outcome:has-text('Registered with DAS')");
  // Registering it again is refused with the simulator's own code, said to be the simulator's.
  await page.click("button:text-is('Register')");
  await page.waitForSelector(".notice.error:has-text('-40')");
  assert.match(await page.textContent(".notice.error:has-text('-40')"), /Code of the ipdocs simulator, not a WIPO DAS code/);
  await go(page, "activity");
  const log = await page.textContent("table.activity");
  assert.match(log, new RegExp(`PUT ${info.transit.replace(/[.]/g, "\\.")}/\\S+\\s*HTTP 200`), "the presigned PUT, without its query");
  assert.ok(!log.includes("X-Amz-Signature"));
  await go(page, "uploads");
  await page.click("text=Download certificate");
  await page.waitForFunction(() => window.__saved.length === 1 && window.__saved[0].closed);
  const saved = await page.evaluate(() => window.__saved[0]);
  assert.match(saved.name, /^certificate-.*\.pdf$/);
  assert.ok(saved.bytes > 100);

  // The registration is kept (file id, acknowledgement, status) and a correction starts from it.
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "uploads");
  const kept = `#kept-registrations tr[data-number="${number}"]`;
  await page.waitForSelector(`${kept} .status.registered`);
  assert.match(await page.textContent(kept), /F-/);
  await page.click(`${kept} button:text('Correct')`);
  assert.equal(await page.inputValue("#registration-number"), number);
  assert.equal(await page.inputValue("#registration-code"), "QW12");
  await page.fill("#registration-filing-date", "2026-01-15");
  await page.click("button:text-is('Correct')");
  await page.waitForSelector("#registration-outcome:has-text('Correction accepted by DAS')");
  assert.match(await page.textContent("#registration-outcome"), /Correction accepted by DAS/);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("damaged TIFFs are refused by the decoder worker; a crashed decoder is replaced and the app goes on", async () => {
  const { page, context, problems } = await open(browser);
  const preview = async (name) => {
    await page.click(`.row.item .filename button:text-is("${name}")`);
    await page.waitForSelector(".preview canvas.drawing[data-page], .preview [role=alert]");
    const text = await page.textContent(".preview");
    await page.click(".preview button.close");
    return text;
  };
  // ZZ-6666-A: a truncated drawing, garbage behind a TIFF header, a page claiming 108 Mpx.
  await list(page, "ZZ-6666-A");
  await page.waitForSelector(".row.item");
  assert.match(await preview("trunc0001.tif"), /could not be shown/);
  assert.match(await preview("garb0001.tif"), /could not be shown/);
  assert.match(await preview("huge0001.tif"), /could not be shown.*12000 × 9000/s);

  // A decoder panic aborts the worker's wasm instance: its message handler traps. Made to
  // happen here from outside, as no committed file is known to crash the decoder.
  const decoders = () => page.workers().filter((w) => w.url().includes("ipdocs-decoder"));
  assert.equal(decoders().length, 1);
  await decoders()[0].evaluate(() => { self.onmessage = () => { throw new WebAssembly.RuntimeError("unreachable"); }; });
  assert.match(await preview("trunc0001.tif"), /could not be shown.*decoder stopped/s);
  // The next file gets a new worker; the app itself never stopped.
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".row.item");
  assert.match(await preview("imgf0002.tif"), /Page 1 of 2/);
  assert.equal(decoders().length, 1, "the crashed worker was ended, one new one runs");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("narrow window and dark scheme: a compact menu, labelled cards, no horizontal scrolling", async () => {
  const { page, context, problems } = await open(browser, { viewport: { width: 380, height: 800 }, colorScheme: "dark" });
  // Keyboard: the skip link comes first, then the menu, which names the page shown.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Menu: Attachments");
  const header = await page.$eval("header.top", (h) => h.getBoundingClientRect().height);
  assert.ok(header < 70, `the header is one line (${header}px)`);
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Retrievals");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#retrievals-title");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "false", "the menu closes on a choice");
  assert.equal(await page.isVisible("nav ul"), false);

  // A tracked retrieval is a card whose cells say what they are.
  await page.selectOption("#example", "0");
  await page.click("text=Request retrieval");
  await page.waitForSelector("table.retrievals tbody tr");
  const labels = await page.$$eval("table.retrievals tbody tr:first-child td", (tds) => tds.map((td) => getComputedStyle(td, "::before").content));
  assert.deepEqual(labels, ['"Document"', '"Acknowledgement"', '"Status"', '"Actions"']);

  await page.click(".menu-toggle");
  await page.click("nav a[href='#/attachments']");
  await page.fill("#ucids", "EP-0700000-B1");
  await page.click("text=List attachments");
  await page.waitForSelector(".row.item");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (got ${overflow}px)`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(20, 22, 26)");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("an upload can be cancelled while DAS validates it", async () => {
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 60_000 });
  const { page, context, problems } = await open(browser);
  try {
    await go(page, "uploads");
    await page.setInputFiles("#upload-file", { name: "slow.pdf", mimeType: "application/pdf", buffer: samplePdf(10) });
    await page.click("button:text-is('Upload')");
    await page.waitForSelector("#upload-phase:has-text('validate')");
    await page.click("text=Cancel upload");
    await page.waitForSelector(".notice.error:has-text('Cancelled')");
    assert.equal(await page.$("#file-status"), null, "no file status after a cancel");
    assert.ok(await page.isEnabled("button:text-is('Upload')"));
  } finally {
    await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  }
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("only the page shown is mounted; a listing, its filter and an upload under way are found again", async () => {
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 1500 });
  const { page, context, problems } = await open(browser);
  try {
    await list(page, "EP-0700000-B1, WO-2019123456-A1");
    await page.waitForSelector(".row.item");
    const summary = await page.textContent("#list-summary");
    const media = await page.$$eval("#media-filter option", (os) => os.map((o) => o.value).filter(Boolean));
    await page.selectOption("#media-filter", media[0]);
    const shown = await page.$$eval(".row.item .filename", (els) => els.length);

    // An upload left validating while the clerk looks elsewhere.
    await go(page, "uploads");
    await page.setInputFiles("#upload-file", { name: "while-away.pdf", mimeType: "application/pdf", buffer: samplePdf(2) });
    await page.click("button:text-is('Upload')");
    await page.waitForSelector("#upload-phase:has-text('validate')");
    await go(page, "help");
    // One page in the DOM: the others' views are gone, not hidden.
    assert.equal(await page.$$eval("main h1", (hs) => hs.length), 1);
    assert.equal(await page.$("#upload-file"), null);
    assert.equal(await page.$("#list-summary"), null);

    // Back: the upload finished meanwhile, and says which file it was.
    await go(page, "uploads");
    await page.waitForSelector("#file-status .status.success", { timeout: 20_000 });
    assert.match(await page.textContent("#upload-chosen"), /while-away\.pdf/);
    // The listing, its filter and its rows are as they were.
    await go(page, "attachments");
    assert.equal(await page.textContent("#list-summary"), summary);
    assert.equal(await page.inputValue("#media-filter"), media[0]);
    assert.equal(await page.$$eval(".row.item .filename", (els) => els.length), shown);
  } finally {
    await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  }
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("the CLAIMS password is forgotten on reload unless the user asks to remember it", async () => {
  await control("/_sim/logins", { user: "analyst", password: "s3cret-analyst", requestUnits: 1000 });
  const { page, context, problems } = await open(browser);
  const useLogin = async (remember) => {
    await go(page, "settings");
    await page.fill("#claims-user", "analyst");
    await page.fill("#claims-password", "s3cret-analyst");
    await page.setChecked("label.check:has-text('Remember the password') input", remember);
    await page.click("text=Save settings");
    await page.waitForSelector("p.notice.ok:has-text('Settings saved')");
  };
  const afterReload = async () => {
    await page.reload();
    await page.waitForSelector('[data-ready="true"]');
    await go(page, "settings");
    return page.textContent("#password-state");
  };
  await useLogin(false);
  // The password in use is not put back into the page.
  assert.equal(await page.inputValue("#claims-password"), "");
  assert.equal(await page.textContent("#password-state"), "A password is set for this session only.");
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".row.item");
  assert.equal(await afterReload(), "No password set.", "not remembered");
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes("s3cret-analyst"));
  await useLogin(true);
  assert.equal(await afterReload(), "A password is set and remembered in this browser.");
  await list(page, "EP-0700000-B1");
  await page.waitForSelector(".row.item");
  assert.ok(!(await page.content()).includes("s3cret-analyst"), "never in the DOM");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("PNG and JPEG previews in an <img>, PDF in the browser's viewer, thumbnails drawn", async () => {
  const { page, context, problems } = await open(browser);
  await list(page, "IN-201617000001-A");
  await page.waitForSelector(".row.item");
  // Thumbnails of the images appear once their rows have been on screen a moment.
  await page.waitForFunction(() => {
    const c = document.querySelector(".row.item canvas.thumb");
    if (!c) return false;
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return d.some((v, i) => i % 4 === 3 && v > 0);
  });
  const png = await page.$$eval(".row.item", (rows) => rows.find((r) => r.querySelector(".media").textContent === "image/png")?.querySelector(".filename button").textContent);
  await page.click(`.row.item .filename button:text-is("${png}")`);
  await page.waitForFunction(() => document.querySelector(".preview img.full")?.naturalWidth > 0);
  assert.match(await page.getAttribute(".preview img.full", "src"), /^blob:/);
  const pdf = await page.$$eval(".row.item", (rows) => rows.find((r) => r.querySelector(".media").textContent === "application/pdf").querySelector(".filename button").textContent);
  await page.click(`.row.item .filename button:text-is("${pdf}")`);
  await page.waitForSelector(".preview iframe.pdf");
  assert.match(await page.getAttribute(".preview iframe.pdf", "src"), /^blob:/);
  await page.click("button:text('Close')");
  assert.equal(await page.$(".preview"), null);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("accessibility: axe-core finds no WCAG 2 A/AA violation on any page, light, dark and phone-sized", async () => {
  const phone = { width: 390, height: 844 };
  for (const { colorScheme, viewport } of [{ colorScheme: "light" }, { colorScheme: "dark" }, { colorScheme: "light", viewport: phone }]) {
    const { page, context } = await open(browser, { colorScheme, ...(viewport ? { viewport } : {}) });
    const where = `${colorScheme}${viewport ? ", phone" : ""}`;
    await injectAxe(page);
    await list(page, "EP-0700000-B1");
    await page.waitForSelector(".row.item");
    await page.click(".row.item .filename button:text-is('imgf0002.tif')");
    await page.waitForSelector(".preview canvas.drawing[data-page='1']");
    await page.waitForTimeout(400); // thumbnails
    // A tracked retrieval, so that the retrievals table (cards on a phone) is checked too.
    await requestRetrieval(page, 0);
    const check = async (name) => {
      assert.deepEqual(await axeViolations(page), [], `${name} (${where})`);
    };
    for (const name of ["attachments", "retrievals", "uploads", "batches", "inbox", "settings", "activity", "help"]) {
      await go(page, name);
      await check(name);
    }
    if (viewport) {
      await page.click(".menu-toggle");
      await check("the open menu");
    }
    await context.close();
  }
});

test("removing a pending retrieval stops following it, and it stays removed after a reload", async () => {
  await control("/_sim/das/settings", { offDelayMs: 60_000, validationDelayMs: 50 });
  const { page, context, problems } = await open(browser);
  try {
    const ack = await requestRetrieval(page, 3);
    await page.waitForSelector(`tr[data-ack="${ack}"] .status.pending`);
    await page.click(`tr[data-ack="${ack}"] button:text('Remove')`);
    await page.waitForSelector(`tr[data-ack="${ack}"]`, { state: "detached" });
    await go(page, "activity");
    await page.waitForSelector(`table.activity tr:has-text('follow retrieval ${ack}'):has-text('Cancelled')`);
    await page.reload();
    await page.waitForSelector('[data-ready="true"]');
    await go(page, "retrievals");
    assert.equal(await page.$(`tr[data-ack="${ack}"]`), null);
  } finally {
    await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  }
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

// Regenerates docs/screenshots/*.png: every page of the web app, with realistic content,
// against the simulator (run by scripts/screenshots.sh).
import { mkdirSync } from "node:fs";
import { launch, control, open, go, samplePdf, startOffice, SIM } from "./app.mjs";

const out = process.argv[2] ?? "docs/screenshots";
mkdirSync(out, { recursive: true });
const browser = await launch();
const info = await control("/_sim/info");
await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });

const shot = (page, name) => page.screenshot({ path: `${out}/${name}.png` });
// The demo office's endpoint, for the Inbox.
const staffToken = `screenshots-staff-token-${process.pid}`;
const office = await startOffice(info, staffToken, ["--allow-origin", SIM]);
await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: office.url });
const { page, context } = await open(browser, { viewport: { width: 1280, height: 860 } });
await go(page, "settings");
await page.fill("#staff-token", staffToken);
await page.click("text=Save settings");

await go(page, "attachments");
await page.fill("#ucids", "EP-0700000-B1, WO-2019123456-A1\nGB-2999999-A");
await page.click("text=List attachments");
await page.waitForSelector(".row.item");
await page.waitForTimeout(1200); // thumbnails
await shot(page, "attachments");
await page.click(".row.item .filename button:text-is('imgf0002.tif')");
await page.waitForSelector(".preview canvas.drawing[data-page='1']");
await page.waitForTimeout(500);
await shot(page, "tiff-preview");

await go(page, "retrievals");
for (const [index, code] of [[0, null], [2, null], [1, "ZZZZ"]]) {
  await page.selectOption("#example", String(index));
  if (code) await page.fill("#retrieval-code", code);
  await page.click("text=Request retrieval");
  await page.waitForTimeout(200);
}
await page.waitForSelector("table.retrievals .status.error", { timeout: 20_000 });
await page.waitForFunction(() => !document.querySelector("table.retrievals .status.pending"), null, { timeout: 20_000 });
await shot(page, "retrievals");

await go(page, "uploads");
await page.setInputFiles("#upload-file", { name: "priority-document.pdf", mimeType: "application/pdf", buffer: samplePdf(4000) });
await page.click("button:text-is('Upload')");
await page.waitForSelector("#file-status .status.success", { timeout: 20_000 });
await page.fill("#registration-number", "PCT/IB2026/050123");
await page.fill("#registration-date", "2026-03-20");
await page.fill("#registration-code", "AB21");
await page.click("button:text-is('Register')");
await page.waitForSelector("#registration-outcome");
await shot(page, "uploads");

// A document registered without content, requested by the partner office: WIPO forwards it.
const clerk = await open(browser, { viewport: { width: 1280, height: 860 } });
await go(clerk.page, "settings");
await clerk.page.fill("#staff-token", staffToken);
await clerk.page.click("text=Save settings");
await go(clerk.page, "uploads");
const held = { number: "PCT/IB2026/050999", date: "2026-02-02", code: "K7K7" };
for (const prefix of ["registration", "partner"]) {
  if (prefix === "partner") {
    await go(clerk.page, "inbox");
    await clerk.page.click(".partner summary");
  }
  await clerk.page.fill(`#${prefix}-number`, held.number);
  await clerk.page.fill(`#${prefix}-date`, held.date);
  await clerk.page.fill(`#${prefix}-code`, held.code);
  if (prefix === "registration") {
    await clerk.page.click("button:text-is('Register')");
    await clerk.page.waitForSelector("#registration-outcome:has-text('Registered with DAS')");
  }
}
await clerk.page.click("#partner-request");
await clerk.page.waitForSelector("table.inbox tr[data-state='open']", { timeout: 20_000 });
await clerk.page.click(".partner summary");
await clerk.page.waitForSelector("table.inbox-notifications tbody tr", { timeout: 20_000 });
await shot(clerk.page, "inbox");
// Answering: what will be sent is shown first.
const openAck = await clerk.page.getAttribute("table.inbox tr[data-state='open']", "data-ack");
await clerk.page.setInputFiles(`#answer-file-${openAck}`, { name: "PCT-IB2026-050999.pdf", mimeType: "application/pdf", buffer: samplePdf(12) });
await clerk.page.waitForSelector("table.inbox .review");
await clerk.page.$eval("table.inbox .review", (r) => r.scrollIntoView({ block: "center" }));
await shot(clerk.page, "inbox-review");
await clerk.context.close();

await go(page, "settings");
await shot(page, "settings");
await go(page, "activity");
await shot(page, "activity");
await go(page, "help");
await shot(page, "help");
await context.close();
const dark = await open(browser, { viewport: { width: 1280, height: 860 }, colorScheme: "dark" });
await go(dark.page, "retrievals");
await dark.page.selectOption("#example", "0");
await dark.page.click("text=Request retrieval");
await dark.page.waitForSelector("table.retrievals .status.success", { timeout: 20_000 });
await shot(dark.page, "retrievals-dark");
await dark.context.close();

// Work at volume: a retrieval batch (one bad row) run into a folder, and a CLAIMS set
// downloaded into a folder under the login's budget.
const volume = await open(browser, { viewport: { width: 1280, height: 860 }, folder: true });
const documents = info.das.documents.slice(0, 3);
const csv = ["priority_number,priority_date,document_category,das_code,osf_ack_id,downloaded",
  ...documents.map((d) => `"${d.documentNumber}",${d.documentDate},${d.documentKindCategory},${d.dasAccessCode},,`),
  "PCT/IB2026/099999,2026-02-30,patent,AB12,,"].join("\r\n");
await go(volume.page, "batches");
await volume.page.setInputFiles("#batch-csv", { name: "retrievals.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
await volume.page.waitForSelector("#batch-summary");
await volume.page.click("text=Choose a folder for the documents");
await volume.page.click("#batch-run");
await volume.page.waitForFunction(() => /done: 3/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 30_000 });
await shot(volume.page, "batches");
await go(volume.page, "attachments");
await volume.page.fill("#ucids", Array.from({ length: 40 }, (_, i) => `ZZ-8${String(500 + i).padStart(4, "0")}-A`).join(" "));
await volume.page.click("text=List attachments");
await volume.page.waitForSelector("#set-tools");
await volume.page.check("#set-image");
await volume.page.click("#set-download");
await volume.page.waitForSelector("#set-counts:has-text('80 of 80 files')", { timeout: 30_000 });
await shot(volume.page, "sets");
await volume.context.close();

const narrow = await open(browser, { viewport: { width: 390, height: 844 }, colorScheme: "dark" });
await go(narrow.page, "attachments");
await narrow.page.fill("#ucids", "EP-0700000-B1");
await narrow.page.click("text=List attachments");
await narrow.page.waitForSelector(".row.item");
await narrow.page.waitForTimeout(1200);
await shot(narrow.page, "narrow-dark");
await narrow.context.close();
const phone = await open(browser, { viewport: { width: 390, height: 844 } });
await go(phone.page, "retrievals");
await phone.page.selectOption("#example", "0");
await phone.page.click("text=Request retrieval");
await phone.page.waitForSelector("table.retrievals .status.success", { timeout: 20_000 });
await phone.page.$eval("table.retrievals", (t) => t.scrollIntoView());
await shot(phone.page, "narrow-cards");
await phone.page.evaluate(() => window.scrollTo(0, 0));
await phone.page.click(".menu-toggle");
await shot(phone.page, "narrow-menu");
await phone.context.close();

// Other languages: the browser's (French), and Japanese chosen in Settings.
const french = await open(browser, { viewport: { width: 1280, height: 860 }, locale: "fr-FR" });
await go(french.page, "retrievals");
await french.page.selectOption("#example", "0");
await french.page.click(".document-form button[type=submit]");
await french.page.waitForSelector("table.retrievals .status.success", { timeout: 20_000 });
await shot(french.page, "retrievals-fr");
await go(french.page, "settings");
await french.page.selectOption("#language", "ja");
await french.page.waitForSelector('nav a[href="#/settings"]:text-is("設定")');
await shot(french.page, "settings-ja");
await french.context.close();
await browser.close();
await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: null });
office.stop();
console.log(`screenshots written to ${out}/`);

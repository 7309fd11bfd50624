// End to end: DAS batches in the web app against the simulator — CSV import with bad rows,
// registrations with picked files, retrievals into a folder, a run resumed after a reload,
// the export in the sample client's layout, and a batch kept to the office it belongs to.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch, control, open, troubles, go, samplePdf, folderFiles } from "./app.mjs";

let browser;
before(async () => {
  browser = await launch();
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50, registrationDelayMs: 100 });
});
after(() => browser?.close());

const REGISTRATIONS = [
  "file_reference,file_location,application_number,application_date,priority_number,priority_date,document_category,application_category,das_code,file_id,registered,ack_id",
  "e2e-1,C:\\scans\\one.pdf,EP26100001,2026-03-01,E2E-BATCH-001,2026-02-01,patent,patent,E1E1,,,",
  "e2e-2,two.pdf,,,E2E-BATCH-002,2026-02-02,patent,,E2E2,,,",
  "e2e-3,three.pdf,,,E2E-BATCH-003,2026-02-31,patent,,E3E3,,,",
].join("\r\n");

const RETRIEVALS = [
  "priority_number;priority_date;document_category;das_code;osf_ack_id;downloaded",
  "E2E-BATCH-001;2026-02-01;patent;E1E1;;",
  "E2E-BATCH-002;2026-02-02;patent;E2E2;;",
  "E2E-UNKNOWN-9;2026-02-09;patent;E9E9;;",
].join("\n");

async function importCsv(page, name, text) {
  await go(page, "batches");
  await page.setInputFiles("#batch-csv", { name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.waitForSelector("#batch-summary");
}

const counts = (page) => page.textContent("#batch-counts");

async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#batch-export")]);
  return { name: download.suggestedFilename(), text: (await readFile(await download.path())).toString() };
}

test("a registration CSV: the bad row is named, the rest upload and register, the export keeps the layout", async () => {
  const { page, context, problems } = await open(browser);
  await importCsv(page, "registrations.csv", REGISTRATIONS);
  assert.match(await page.textContent("#batch-problems"), /Line 4: priority_date must be a date/);
  await page.setInputFiles("#batch-files", [
    { name: "one.pdf", mimeType: "application/pdf", buffer: samplePdf(1) },
    { name: "TWO.pdf", mimeType: "application/pdf", buffer: samplePdf(2) },
  ]);
  await page.click("#batch-run");
  await page.waitForFunction(() => /done: 2/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 30000 });
  assert.match(await counts(page), /invalid: 1/);
  const { name, text } = await exported(page);
  assert.equal(name, "registrations-results.csv");
  const lines = text.trim().split("\r\n");
  assert.equal(lines[0], REGISTRATIONS.split("\r\n")[0] + ",status,error");
  const first = lines[1].split(",");
  assert.match(first[9], /^F-/);
  assert.deepEqual([first[10], first[12]], ["true", "done"]);
  assert.ok(first[11].length > 0, "ack_id");
  assert.match(lines[3], /,invalid,/);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a retrieval CSV runs into a folder, survives a reload mid-run without asking twice, and stays with its office", async () => {
  // The documents stay pending long enough to reload while the batch waits for them.
  await control("/_sim/das/settings", { offDelayMs: 4000 });
  const { page, context, problems } = await open(browser, { folder: true });
  await importCsv(page, "retrievals.csv", RETRIEVALS);
  await page.click("text=Choose a folder for the documents");
  await page.waitForSelector("text=Documents are written into the chosen folder.");
  const before = (await control("/_sim/das/state")).retrievals.length;
  await page.click("#batch-run");
  // Both registered documents are asked for (acks written into their rows), the unknown one
  // is refused by the pre-check; then the page is closed mid-wait.
  await page.waitForFunction(() => /pending: 2/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 20000 });
  await page.waitForFunction(() => /failed: 1/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 20000 });
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await control("/_sim/das/settings", { offDelayMs: 300 });
  await go(page, "batches");
  await page.waitForSelector("#batch-summary");
  assert.match(await counts(page), /pending: 2/);
  assert.match(await page.textContent("#batch-rows"), /E2E-UNKNOWN-9.*failed.*(-7|not registered)/s);

  // Another office in Settings: the batch is not run against it.
  await go(page, "settings");
  const clientId = await page.inputValue("#das-client-id");
  await page.fill("#das-client-id", "someone-else");
  await page.click("text=Save settings");
  await go(page, "batches");
  await page.click("#batch-run");
  await page.waitForSelector(`.notice:has-text("belongs to office ${clientId}")`);
  await go(page, "settings");
  await page.fill("#das-client-id", clientId);
  await page.click("text=Save settings");

  await go(page, "batches");
  await page.click("#batch-run");
  await page.waitForFunction(() => /done: 2/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 30000 });
  // Resumed by ack id: no second retrieval was made for the two rows.
  assert.equal((await control("/_sim/das/state")).retrievals.length - before, 2);
  const files = await folderFiles(page);
  assert.ok(files["E2E-BATCH-001_2026-02-01.pdf"] > 0, JSON.stringify(files));
  assert.ok(files["E2E-BATCH-002_2026-02-02.pdf"] > 0, JSON.stringify(files));
  const { text } = await exported(page);
  const lines = text.trim().split("\r\n");
  assert.equal(lines[0], "priority_number;priority_date;document_category;das_code;osf_ack_id;downloaded;status;error");
  assert.match(lines[1], /^E2E-BATCH-001;2026-02-01;patent;E1E1;R-[^;]+;true;done;$/);
  assert.match(lines[3], /^E2E-UNKNOWN-9;.*;;;failed;/);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a file in another layout is read through a column mapping; registration files come from a folder kept across a reload", async () => {
  const { page, context, problems } = await open(browser, { folder: true });
  // The files to register, in the (fake) picked folder.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    for (const name of ["map-one.pdf", "map-two.pdf"]) {
      const writable = await (await root.getFileHandle(name, { create: true })).createWritable();
      await writable.write(`%PDF-1.4\n% ${name}\n%%EOF\n`);
      await writable.close();
    }
  });
  const other = [
    "Ref;Scan;Number;Filed;Kind;Code",
    "m-1;map-one.pdf;E2E-MAP-001;2026-04-01;patent;M1M1",
    "m-2;map-two.pdf;E2E-MAP-002;2026-04-02;patent;M2M2",
  ].join("\n");
  await go(page, "batches");
  await page.setInputFiles("#batch-csv", { name: "office-export.csv", mimeType: "text/csv", buffer: Buffer.from(other) });
  await page.waitForSelector("#batch-mapping");
  await page.selectOption("#mapping-kind", "registrations");
  for (const [field, header] of [["file_reference", "Ref"], ["file_location", "Scan"], ["priority_number", "Number"], ["priority_date", "Filed"], ["document_category", "Kind"], ["das_code", "Code"]]) {
    await page.selectOption(`#map-registrations-${field}`, header);
  }
  await page.click("#mapping-read");
  await page.waitForSelector("#batch-summary");
  assert.match(await page.textContent("#batch-summary"), /Registrations of office-export\.csv: 2 rows/);
  await page.click("#batch-files-folder");
  // The count reads "0 files picked" until the folder has been read: wait for it to change.
  await page.waitForFunction(() => /^[1-9]\d* files picked/.test(document.querySelector("#batch-file-count")?.textContent ?? ""));
  const picked = await page.textContent("#batch-file-count");
  assert.ok(/^[2-9]\d* files picked/.test(picked), picked);

  // After a reload the picked files are gone, but the kept folder is read again on Run.
  await page.reload();
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "batches");
  await page.waitForSelector("#batch-summary");
  await page.click("#batch-run");
  await page.waitForFunction(() => /done: 2/.test(document.querySelector("#batch-counts")?.textContent ?? ""), null, { timeout: 30000 });
  const { text } = await exported(page);
  assert.match(text.split("\r\n")[0], /^Ref;Scan;Number;Filed;Kind;Code;file_id;registered;ack_id;status;error$/);
  assert.match(text.split("\r\n")[1], /^m-1;map-one\.pdf;E2E-MAP-001;2026-04-01;patent;M1M1;F-[^;]+;true;[^;]+;done;$/);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

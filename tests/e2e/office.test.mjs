// End to end, both directions of seed 000's exchange across two offices, with WIPO (the
// simulator) calling into a real ipdocs-office that holds the demo office's inbox:
// - as office of first filing: the partner office requests one of our documents (1), WIPO
//   forwards it to our endpoint (2), the clerk answers it in the Inbox with a PDF — upload to the
//   transit zone (3, 4) and a notification naming our ack id (5) — and the partner's retrieval
//   completes at WIPO;
// - as office of second filing: our retrieval (1) settles, WIPO pushes the notification to our
//   endpoint (6), it shows in the Inbox, and the document is downloaded (7, 8) and deleted (9).
import { test, before, after } from "node:test";
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { launch, control, SIM, open, troubles, go, samplePdf, startOffice, downloadRetrieved } from "./app.mjs";

let browser, info, office;
const staffToken = `e2e-staff-token-${process.pid}-${Date.now()}`;

before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50, registrationDelayMs: 200 });
  office = await startOffice(info, staffToken, ["--allow-origin", SIM]);
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: office.url });
});
after(async () => {
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: null });
  office?.stop();
  await browser?.close();
});

/** The app with the demo settings (the inbox URL included) and the staff token typed in. */
async function clerk() {
  const opened = await open(browser);
  const { page } = opened;
  await go(page, "settings");
  assert.equal(await page.inputValue("#inbox-url"), office.url, "the simulator names the demo office's endpoint");
  // The office's event stream, as the app opens it (with the staff token: no EventSource).
  opened.streams = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/office/v1/events") opened.streams.push(r.headers().authorization);
  });
  await page.fill("#staff-token", staffToken);
  await page.click("text=Save settings");
  await page.waitForSelector("p.notice.ok:has-text('Settings saved')");
  assert.ok(!(await page.content()).includes(staffToken), "the staff token is not in the DOM");
  return opened;
}

async function fillDocument(page, prefix, d) {
  await page.selectOption(`#${prefix}-kind`, d.documentKindCategory);
  await page.fill(`#${prefix}-number`, d.documentNumber);
  await page.fill(`#${prefix}-date`, d.documentDate);
  await page.fill(`#${prefix}-code`, d.dasAccessCode);
}

/** Registers a document without content and has the partner office request it: resolves
 * with the request as forwarded into this office's Inbox. */
async function forwardedRequest(page, streams) {
  const document = { documentKindCategory: "patent", documentNumber: `PCT/IB2026/07${Date.now() % 10000}`, documentDate: "2026-02-02", dasAccessCode: "K7K7" };
  // Registered without content: WIPO forwards retrievals of it to this office's endpoint.
  await go(page, "uploads");
  await fillDocument(page, "registration", document);
  await page.click("button:text-is('Register')");
  await page.waitForSelector("#registration-outcome:has-text('Registered with DAS')");

  await go(page, "inbox");
  await page.click(".partner summary");
  await fillDocument(page, "partner", document);
  await page.click("#partner-request");
  const notice = await page.waitForSelector(`.partner .notice.ok:has-text('${document.documentNumber}'), .partner .notice.ok`);
  const partnerAck = (await notice.textContent()).split(": ").pop().trim();

  const row = await page.waitForSelector(`table.inbox tr[data-state='open']:has-text('${document.documentNumber}')`, { timeout: 20_000 });
  if (streams) assert.deepEqual([...new Set(streams)], [`Bearer ${staffToken}`], "the inbox follows the office's event stream");
  const ack = await row.getAttribute("data-ack");
  assert.match(ack, /^OFF-/, "the ack id is this office's own");
  return { document, partnerAck, ack };
}

const partnerStatus = async (partnerAck) =>
  (await control("/_sim/das/state")).retrievals.find((r) => r.requestAckId === partnerAck)?.requestStatusCategory;

test("as office of first filing: a forwarded request appears in the Inbox and is answered with a PDF, reviewed first", async () => {
  const { page, context, problems, streams } = await clerk();
  const { document, partnerAck, ack } = await forwardedRequest(page, streams);

  // Choosing a file sends nothing: the clerk first sees what would go to WIPO.
  const answerRow = `table.inbox tr[data-ack="${ack}"]`;
  await page.setInputFiles(`#answer-file-${ack}`, { name: "not-a-pdf.pdf", mimeType: "application/pdf", buffer: Buffer.from("PK\x03\x04 a zip") });
  await page.waitForSelector(`${answerRow} .review .notice.error:has-text('not a PDF')`);
  assert.ok(await page.isDisabled(`${answerRow} .review button.send`), "a file that is not a PDF cannot be sent");
  await page.click(`${answerRow} .review button.cancel`);
  await page.waitForSelector(`${answerRow} .review`, { state: "detached" });

  await page.setInputFiles(`#answer-file-${ack}`, { name: "priority.pdf", mimeType: "application/pdf", buffer: samplePdf(30) });
  const review = await page.waitForSelector(`${answerRow} .review`);
  const reviewed = await review.textContent();
  assert.match(reviewed, new RegExp(document.documentNumber.replace(/[/]/g, "\\/")), "the document it answers");
  assert.match(reviewed, /priority\.pdf/);
  assert.equal(await page.textContent(`${answerRow} .review .pages`), "30");
  const sha = createHash("sha256").update(samplePdf(30)).digest("hex");
  assert.equal(await page.textContent(`${answerRow} .review .checksum`), sha);
  assert.ok(await page.$(`${answerRow} .review iframe.first-page`), "a first-page preview");
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute(answerRow, "data-state"), "open", "nothing was sent before 'Send to WIPO'");
  assert.notEqual(await partnerStatus(partnerAck), "success");

  await page.click(`${answerRow} .review button.send`);
  await page.waitForSelector(`${answerRow}[data-state='answered']`, { timeout: 30_000 });

  // At WIPO the partner's retrieval is complete, with our file in the transit zone.
  assert.equal(await partnerStatus(partnerAck), "success");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a refusal shows its code, meaning and message before it is sent; Cancel sends nothing", async () => {
  const { page, context, problems } = await clerk();
  const { partnerAck, ack } = await forwardedRequest(page);
  const row = `table.inbox tr[data-ack="${ack}"]`;
  await page.selectOption(`${row} select`, "-14");
  await page.fill(`${row} input.refusal-text`, "The access code does not match.");
  await page.click(`${row} button:text-is('Refuse…')`);
  const reviewed = await page.textContent(`${row} .review`);
  assert.match(reviewed, /-14/);
  assert.match(reviewed, /access code does not match the registered document/, "the code's meaning");
  assert.match(reviewed, /The access code does not match\./);
  await page.click(`${row} .review button.cancel`);
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute(row, "data-state"), "open", "Cancel sent nothing");

  await page.click(`${row} button:text-is('Refuse…')`);
  await page.click(`${row} .review button.send`);
  await page.waitForSelector(`${row}[data-state='refused']`, { timeout: 30_000 });
  assert.equal(await partnerStatus(partnerAck), "error", "WIPO holds the refusal");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("keyboard only: a clerk reaches the answer form, chooses the file, reviews it and sends it", async () => {
  const { page, context, problems } = await clerk();
  const { partnerAck, ack } = await forwardedRequest(page);
  const row = `table.inbox tr[data-ack="${ack}"]`;
  await page.focus("#inbox-title");
  /** Presses Tab until `test` holds for the focused element (at most `max` presses). */
  const tabTo = async (test, arg, max = 150) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(test, arg)) return;
    }
    throw new Error(`not reached by Tab: ${test}`);
  };
  await tabTo((id) => document.activeElement?.id === id, `answer-file-${ack}`);
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
  await chooser.setFiles({ name: "keyboard.pdf", mimeType: "application/pdf", buffer: samplePdf(2) });
  await page.waitForSelector(`${row} .review`);
  await tabTo(() => document.activeElement?.classList.contains("send"));
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${row}[data-state='answered']`, { timeout: 30_000 });
  assert.equal(await partnerStatus(partnerAck), "success");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("as office of second filing: WIPO's notification reaches the Inbox; the document is downloaded and deleted", async () => {
  const { page, context, problems } = await clerk();
  await go(page, "retrievals");
  await page.selectOption("#example", "0");
  await page.click("text=Request retrieval");
  const row = await page.waitForSelector("table.retrievals tbody tr");
  const ack = await row.getAttribute("data-ack");
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.success`, { timeout: 20_000 });

  await go(page, "inbox");
  const pushed = await page.waitForSelector(`table.inbox-notifications tr[data-ack="${ack}"]`, { timeout: 20_000 });
  assert.match(await pushed.textContent(), /success/);

  await go(page, "retrievals");
  const { name } = await downloadRetrieved(page, ack);
  assert.match(name, /_\d{4}-\d{2}-\d{2}\.pdf$/);
  await page.click(`tr[data-ack="${ack}"] button:text('Delete from transit zone')`);
  await page.click(`tr[data-ack="${ack}"] .confirm-yes`);
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.deleted`);
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("the Inbox is never silently empty: it says why and links to the field that fixes it", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "inbox");
  const status = () => page.getAttribute("#inbox-status", "data-status");
  await page.waitForSelector("#inbox-status[data-status='no-token']");
  assert.equal(await page.textContent("#open-summary"), "", "no claim that nothing is waiting");
  // The link opens Settings with the cursor in the staff token field.
  await page.click("#inbox-status a.fix");
  await page.waitForFunction(() => document.activeElement?.id === "staff-token");

  await page.fill("#staff-token", "not-the-office-token");
  await page.click("text=Save settings");
  await go(page, "inbox");
  await page.waitForSelector("#inbox-status[data-status='refused']", { timeout: 10_000 });
  assert.match(await page.textContent("#inbox-status"), /HTTP 401/);

  await go(page, "settings");
  await page.fill("#staff-token", staffToken);
  await page.click("text=Save settings");
  await go(page, "inbox");
  await page.waitForSelector("#inbox-status[data-status='read']", { timeout: 10_000 });
  assert.match(await page.textContent("#open-summary"), /Nothing is waiting|could not answer/);

  await go(page, "settings");
  await page.fill("#inbox-url", "");
  await page.click("text=Save settings");
  await go(page, "inbox");
  await page.waitForSelector("#inbox-status[data-status='no-office']", { timeout: 10_000 });
  // Nothing of the old office stays shown.
  await page.waitForFunction(() => document.querySelectorAll("table.inbox tbody tr").length === 0, null, { timeout: 5_000 });
  assert.equal(await status(), "no-office");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("served by ipdocs-office, the app finds the inbox on its own origin", async () => {
  const served = await startOffice(info, staffToken, ["--app", "dist"]);
  try {
    const { page, context, problems } = await open(browser, { url: `${served.url}/` });
    await go(page, "settings");
    assert.equal(await page.inputValue("#inbox-url"), served.url);
    assert.deepEqual(await troubles(page, problems), []);
    await context.close();
  } finally {
    served.stop();
  }
});

test("the Inbox pages through many answered requests, filters them and exports them as CSV", async () => {
  const busy = await startOffice(info, staffToken, ["--allow-origin", SIM]);
  // The simulator's CSP lets the app connect to the demo office's endpoint only.
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: busy.url });
  try {
    const { accessToken } = await control("/_sim/das/wipo-token", { clientId: info.das.clientId });
    const staff = { authorization: `Bearer ${staffToken}`, "content-type": "application/json" };
    for (let i = 0; i < 120; i++) {
      const number = `EP2026${String(i).padStart(6, "0")}`;
      const forwarded = await fetch(`${busy.url}/das/v1/requests/retrievals`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ operationCategory: "retrieval", documentKindCategory: "patent", documentNumber: number,
          documentDate: "2026-01-31", dasAccessCode: "AB12", osfAckId: `OSF-PAGE-${i}` }),
      });
      assert.equal(forwarded.status, 201);
      const { requestAckId } = await forwarded.json();
      const answered = await fetch(`${busy.url}/office/v1/retrievals/${requestAckId}/answer`, {
        method: "POST", headers: staff,
        body: JSON.stringify({ state: "refused", errorCode: -7, statusMessage: "not held" }),
      });
      assert.equal(answered.status, 200);
    }
    const { page, context, problems } = await open(browser);
    await go(page, "settings");
    await page.fill("#inbox-url", busy.url);
    await page.fill("#staff-token", staffToken);
    await page.click("text=Save settings");
    await go(page, "inbox");
    const rows = "table.inbox.handled tbody tr";
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 50, rows, { timeout: 20_000 });
    assert.match(await page.textContent(`${rows}:first-child`), /EP2026000119/, "newest first");
    assert.match(await page.textContent(`${rows}:first-child td.answer`), /Refused \(-7\): not held — by staff-token/, "who answered");
    const received = await page.$(`${rows}:first-child time[datetime]`);
    assert.match(await received.getAttribute("datetime"), /^\d{4}-\d\d-\d\dT.*Z$/, "the exact stamp for machines");
    assert.doesNotMatch(await received.textContent(), /\d{4}-\d\d-\d\dT/, "a local date and time for people, not the raw stamp");
    // Just received: said relative ("now", "1 minute ago"), the exact local time and UTC on hover.
    assert.match(await received.textContent(), /now|second|minute/, await received.textContent());
    assert.match(await received.getAttribute("title"), /\d.*\(\d{4}-\d\d-\d\dT.*Z UTC\)$/);
    assert.ok(await page.isDisabled("#handled-newer"));
    await page.click("#handled-older");
    await page.waitForSelector(`${rows}:first-child:has-text('EP2026000069')`);
    await page.click("#handled-older");
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 20, rows);
    assert.ok(await page.isDisabled("#handled-older"), "the last page has no older one");
    await page.click("#handled-newer");
    await page.waitForSelector(`${rows}:first-child:has-text('EP2026000069')`);

    await page.fill("#handled-number", "EP2026000007");
    await page.press("#handled-number", "Enter");
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, rows);
    await page.selectOption("#handled-state", "answered");
    await page.waitForSelector("text=Nothing answered yet with these filters.");
    await page.selectOption("#handled-state", "");
    await page.fill("#handled-number", "");
    await page.press("#handled-number", "Enter");
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 50, rows);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#inbox-export")]);
    assert.equal(download.suggestedFilename(), "ipdocs-inbox.csv");
    const csv = (await import("node:fs")).readFileSync(await download.path(), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines.length, 121, "a header and every answered request");
    assert.match(lines[1], /^OFF-[0-9a-f]{20},.*,refused,patent,EP2026000119,2026-01-31,OSF-PAGE-119,1,staff-token,,-7,not held$/);
    assert.ok(!csv.includes(staffToken));
    assert.deepEqual(await troubles(page, problems), []);
    await context.close();
  } finally {
    await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: office.url });
    busy.stop();
  }
});

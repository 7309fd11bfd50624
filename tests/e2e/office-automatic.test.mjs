// End to end, the office that answers by itself (ipdocs-office --documents … --hand-to-clerk
// not-held): the partner office requests two of our documents; the one in the office's folder
// is uploaded and notified with no click and the Inbox lists it as sent automatically, with
// its file; the one the folder lacks waits under "Needs a clerk" with the office's reason,
// and the clerk's answer form is there for it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, control, SIM, open, troubles, go, samplePdf, startOffice } from "./app.mjs";

let browser, info, office, state;
const staffToken = `e2e-staff-token-${process.pid}-${Date.now()}`;
const stamp = Date.now() % 100000;
const held = { documentKindCategory: "patent", documentNumber: `DEMO/2026/A${stamp}`, documentDate: "2026-02-02", dasAccessCode: "AUT0" };
const missing = { ...held, documentNumber: `DEMO/2026/M${stamp}` };

before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50, registrationDelayMs: 200 });
  state = mkdtempSync(join(tmpdir(), "ipdocs-office-automatic-"));
  writeFileSync(join(state, "held.pdf"), samplePdf(12));
  writeFileSync(join(state, "index.csv"),
    `documentKindCategory,documentNumber,documentDate,file\npatent,${held.documentNumber},${held.documentDate},held.pdf\n`);
  writeFileSync(join(state, "office.pem"), info.das.privateKeyPem, { mode: 0o600 });
  office = await startOffice(info, staffToken, [
    "--allow-origin", SIM, "--documents", state, "--hand-to-clerk", "not-held",
    "--das-url", `${info.das.baseUrl}${info.das.apiPrefix}`, "--token-url", info.das.tokenUrl,
    "--client-id", info.das.clientId, "--key-file", join(state, "office.pem"),
  ]);
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: office.url });
});
after(async () => {
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: null });
  office?.stop();
  rmSync(state, { recursive: true, force: true });
  await browser?.close();
});

/** Registered without content by the demo office (WIPO forwards requests for it), then
 * requested by the partner office; the partner's ack id. */
async function partnerRequests(document) {
  const token = (await control("/_sim/das/tokens", { clientId: info.das.clientId })).accessToken;
  const registered = await fetch(`${info.das.baseUrl}${info.das.apiPrefix}/requests/registrations`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ ...document, operationCategory: "registration" }),
  });
  assert.equal(registered.status, 201);
  return (await control("/_sim/das/partner-request", document)).requestAckId;
}

test("the office answers what it holds without a click; the Inbox shows it, and what needs a clerk", async () => {
  const { page, context, problems } = await open(browser);
  await go(page, "settings");
  await page.fill("#staff-token", staffToken);
  await page.click("text=Save settings");
  await page.waitForSelector("p.notice.ok:has-text('Settings saved')");

  const heldAck = await partnerRequests(held);
  const missingAck = await partnerRequests(missing);
  await go(page, "inbox");

  const sent = await page.waitForSelector(`table.inbox.handled tr[data-state='answered']:has-text('${held.documentNumber}')`, { timeout: 30_000 });
  assert.match(await sent.textContent(), /Sent automatically: DEMO-2026-A\d+\.pdf/);
  const wipo = await control("/_sim/das/state");
  assert.equal(wipo.retrievals.find((r) => r.requestAckId === heldAck)?.requestStatusCategory, "success");

  const waiting = await page.waitForSelector(`table.inbox.open-requests tr[data-state='open']:has-text('${missing.documentNumber}')`, { timeout: 30_000 });
  assert.match(await waiting.textContent(), /The office stopped at lookup: not-held/);
  const ack = await waiting.getAttribute("data-ack");
  assert.ok(await page.$(`#answer-file-${ack}`), "the clerk can still answer it");
  const after = await control("/_sim/das/state");
  assert.equal(after.retrievals.find((r) => r.requestAckId === missingAck)?.requestStatusCategory, "pending");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

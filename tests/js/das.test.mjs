// The npm package's Das class from JavaScript in headless Chromium against the simulator:
// both office roles end to end, private_key_jwt and token refresh, presigned-URL failures,
// checksum and abort behaviour, credential isolation and bounded memory on a 256 MiB upload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, harness, control, faults, evaluate, SIM } from "./browser.mjs";

let browser, page, errors, info;
const fixture = (name) => readFileSync(new URL(`../fixtures/das/${name}`, import.meta.url), "utf8");

before(async () => {
  browser = await launch();
  ({ page, errors } = await harness(browser));
  info = await control("/_sim/info");
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
});
after(async () => {
  await browser?.close();
});

/** A fresh office with its own key (so token counts and faults are per test). */
async function office(name, extra = {}) {
  const created = await control("/_sim/das/offices", { clientId: name, ...extra });
  return { clientId: name, privateKeyPem: created.privateKeyPem };
}

/** Runs `body(das, args)` in the page with a Das for `who` (an office from `office()`). */
const withDas = (who, body, args = {}, extra = {}) =>
  evaluate(
    page,
    async (ipdocs, { options, args, source }) => {
      const das = new ipdocs.Das(options);
      return new Function("das", "args", "ipdocs", `return (${source})(das, args, ipdocs)`)(das, args, ipdocs);
    },
    {
      options: { baseUrl: info.das.baseUrl, tokenUrl: info.das.tokenUrl, clientId: who.clientId, privateKeyPem: who.privateKeyPem, ...extra },
      args,
      source: body.toString(),
    },
  );

const recorded = (origin) => control(`/_sim/requests?origin=${origin}`);
const byOffice = async (origin, token) => (await recorded(origin)).filter((r) => r.headers.some(([k, v]) => k === "authorization" && v === `Bearer ${token}`));
const seeded = () => info.das.documents[0];
const query = (d) => ({ documentKindCategory: d.documentKindCategory, documentNumber: d.documentNumber, documentDate: d.documentDate, dasAccessCode: d.dasAccessCode });
const fileRef = (ack, d) => ({ osfAckId: ack, documentKindCategory: d.documentKindCategory, documentNumber: d.documentNumber, documentDate: d.documentDate });

test("OSF: retrieve → watch → download (URL and Blob) → delete", async () => {
  const me = await office("osf-flow");
  const d = seeded();
  const r = await withDas(me, async (das, { q, d }) => {
    const updates = [];
    const { requestAckId } = await das.requestRetrieval(q);
    const final = await das.watchRetrieval(requestAckId, { onUpdate: (s) => updates.push(s.requestStatusCategory), intervalMs: 100 });
    const file = { osfAckId: requestAckId, documentKindCategory: d.documentKindCategory, documentNumber: d.documentNumber, documentDate: d.documentDate };
    const { fileDownloadUrl } = await das.downloadUrl(file);
    const blob = await das.download(file);
    const head = new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer());
    const listed = (await das.retrievals()).retrievals.map((s) => s.requestAckId);
    await das.deleteFile(file);
    let afterDelete;
    try { await das.download(file); } catch (e) { afterDelete = { kind: e.kind, detail: e.details?.[0]?.code }; }
    return { requestAckId, final, updates, fileDownloadUrl, head, listed, afterDelete };
  }, { q: query(d), d });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  const o = r.ok;
  assert.equal(o.final.requestStatusCategory, "success");
  assert.equal(o.final.requestAckId, o.requestAckId);
  assert.ok(o.final.documentAvailabilityDate);
  assert.deepEqual(o.updates.at(-1), "success");
  assert.ok(o.fileDownloadUrl.startsWith(info.transit), o.fileDownloadUrl);
  assert.match(o.fileDownloadUrl, /X-Amz-Signature=/);
  assert.equal(o.head, "%PDF-");
  assert.ok(o.listed.includes(o.requestAckId));
  assert.deepEqual(o.afterDelete, { kind: "das", detail: -21 });
});

test("retrieval errors settle with the documented codes", async () => {
  const me = await office("osf-errors");
  const d = seeded();
  const cases = [
    [{ ...query(d), documentNumber: "PCT/II2021/057271" }, -7],
    [{ ...query(d), documentDate: "2001-01-01" }, -12],
    [{ ...query(d), dasAccessCode: "ZZZZ" }, -14],
  ];
  const r = await withDas(me, async (das, { cases }) =>
    Promise.all(cases.map(async ([q]) => {
      const { requestAckId } = await das.requestRetrieval(q);
      return das.watchRetrieval(requestAckId, { intervalMs: 100 });
    })), { cases });
  assert.deepEqual(r.ok.map((s) => [s.requestStatusCategory, s.errorCode]), cases.map(([, code]) => ["error", code]));
  assert.match(r.ok[2].statusMessage, /access code/);
});

test("many watched retrievals share one poll per interval", async () => {
  const me = await office("osf-shared-poll");
  await control("/_sim/das/settings", { offDelayMs: 1500, validationDelayMs: 50 });
  const before = (await recorded("das")).length;
  const r = await withDas(me, async (das, { q }) => {
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push((await das.requestRetrieval(q)).requestAckId);
    const t0 = performance.now();
    const settled = await Promise.all(acks.map((a) => das.watchRetrieval(a, { intervalMs: 200 })));
    return { states: settled.map((s) => s.requestStatusCategory), ms: performance.now() - t0 };
  }, { q: query(seeded()) });
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  assert.deepEqual(r.ok.states, Array(6).fill("success"));
  const polls = (await recorded("das")).slice(before).filter((x) => x.method === "GET" && x.uri.includes("/requests/retrievals"));
  // One loop: about ms / interval polls (with backoff fewer); six independent loops would make six times that.
  assert.ok(polls.length <= Math.ceil(r.ok.ms / 200) + 2, `${polls.length} polls in ${r.ok.ms} ms`);
  assert.ok(polls.length < 12, `${polls.length} polls`);
});

/** A PDF Blob of `size` bytes built in the page from one repeated 1 MiB chunk (shipped
 * to the page as source: `makePdf` below is its text). */
function pdfBlob(size) {
  const chunk = new Uint8Array(Math.min(size, 1 << 20));
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31 + 7) & 255;
  chunk.set(new TextEncoder().encode("%PDF-1.4\n"));
  // Blob parts are referenced, not copied: large test files cost the browser one chunk.
  const part = new Blob([chunk]);
  const parts = [];
  for (let left = size; left > 0; left -= chunk.length) parts.push(left >= chunk.length ? part : chunk.subarray(0, left));
  return new Blob(parts, { type: "application/pdf" });
}
const makePdf = pdfBlob.toString();

test("OFF: upload with progress → validated → register → certificate → status → update → withdraw", async () => {
  const me = await office("off-flow");
  const r = await withDas(me, async (das, { makePdf }, ipdocs) => {
    const blob = new Function(`return (${makePdf})`)()(3 * (1 << 20) + 12345);
    const phases = new Set();
    let lastUpload = 0;
    const status = await das.upload(blob, {
      fileReference: "off-flow-1", fileFormatCategory: "pdf",
      onProgress: (loaded, total, phase) => { phases.add(phase); if (phase === "upload") lastUpload = loaded / total; },
    });
    const sha = await ipdocs.sha256Hex(blob);
    const doc = { documentKindCategory: "patent", documentNumber: "PCT/IB2026/050777", documentDate: "2026-03-20", dasAccessCode: "7A7B" };
    const ack = await das.register({ ...doc, applicationCategory: "priority document", fileId: status.fileId });
    // DAS registers in its own time: no certificate while pending, then it is followed.
    let whilePending;
    try { await das.certificate(doc); } catch (e) { whilePending = e.details?.[0]?.code; }
    const followed = await das.followRegistration(doc);
    const cert = await das.certificate(doc);
    const certHead = new TextDecoder().decode(await cert.slice(0, 5).arrayBuffer());
    const registered = await das.registrationStatus(doc);
    const updated = await das.updateRegistration({ ...doc, applicationNumber: "IB2026/050777", fileId: status.fileId });
    const withdrawn = await das.withdrawRegistration(doc);
    let gone;
    try { await das.registrationStatus(doc); } catch (e) { gone = e.details?.[0]?.code; }
    return { status, sha, size: blob.size, phases: [...phases], lastUpload, ack, whilePending, followed, certHead, registered, updated, withdrawn, gone };
  }, { makePdf });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  const o = r.ok;
  assert.equal(o.status.fileStatusCategory, "validated");
  assert.equal(o.status.fileChecksum, o.sha);
  assert.equal(o.status.fileSizeQuantity, o.size);
  assert.ok(o.status.fileId.startsWith("F-"));
  assert.deepEqual(o.phases, ["checksum", "upload", "validation"]);
  assert.equal(o.lastUpload, 1);
  assert.ok(o.ack.requestAckId);
  assert.equal(o.ack.requestStatusCategory, "pending");
  assert.equal(o.whilePending, -20);
  assert.equal(o.followed.requestStatusCategory, "success");
  assert.equal(o.certHead, "%PDF-");
  assert.equal(o.registered.requestStatusCategory, "success");
  assert.ok(o.updated.requestAckId && o.withdrawn.requestAckId);
  assert.equal(o.gone, -7);
});

test("a retrieval that settles and drops out of the list is still followed to its end, by its ack id", async () => {
  const me = await office("osf-dropped-out");
  await control("/_sim/das/settings", { settledListingSecs: 0 });
  const before = (await recorded("das")).length;
  try {
    const r = await withDas(me, async (das, { q }) => {
      const { requestAckId } = await das.requestRetrieval(q);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const final = await das.watchRetrieval(requestAckId, { intervalMs: 100, timeoutMs: 10_000 });
      const listed = (await das.retrievals()).retrievals.map((s) => s.requestAckId);
      return { requestAckId, state: final.requestStatusCategory, listed };
    }, { q: query(seeded()) });
    assert.equal(r.ok.state, "success", JSON.stringify(r.error));
    assert.ok(!r.ok.listed.includes(r.ok.requestAckId), "a settled retrieval leaves the whole list");
    const direct = (await recorded("das")).slice(before).filter((x) => x.uri.includes(`requestAckId=${r.ok.requestAckId}`));
    assert.ok(direct.length >= 1, "asked for by its ack id");
  } finally {
    await control("/_sim/das/settings", { settledListingSecs: 600 });
  }
});

test("DAS 503 and 429 while watching do not end the watch (no transport retries: the watcher's own)", async () => {
  const me = await office("osf-faulty-poll");
  await control("/_sim/das/settings", { offDelayMs: 1500 });
  try {
    const first = await withDas(me, async (das, { q }) => (await das.requestRetrieval(q)).requestAckId, { q: query(seeded()) });
    await faults(me.clientId, [
      { kind: "status", status: 503 }, { kind: "status", status: 429, retryAfter: 1 }, { kind: "html", status: 502 }, { kind: "drop" },
    ]);
    const r = await withDas(me, async (das, { ack }) => (await das.watchRetrieval(ack, { intervalMs: 100, timeoutMs: 20_000 })).requestStatusCategory,
      { ack: first.ok }, { retries: 0 });
    assert.equal(r.ok, "success", JSON.stringify(r.error));
  } finally {
    await control("/_sim/das/settings", { offDelayMs: 300 });
  }
});

test("a token endpoint that fails for a moment is tried again, each time with a fresh assertion", async () => {
  const me = await office("token-flaky");
  const before = (await recorded("token")).length;
  await faults("token", [{ kind: "status", status: 503 }, { kind: "html", status: 502 }]);
  const r = await withDas(me, async (das) => (await das.retrievals()).retrievals.length);
  assert.equal(typeof r.ok, "number", JSON.stringify(r.error));
  assert.equal((await recorded("token")).length - before, 3, "two failures, then a token");
  await faults("token", [{ kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "status", status: 503 }]);
  const down = await withDas(await office("token-down"), async (das) => das.retrievals());
  assert.equal(down.error.kind, "server", "a token endpoint that stays down is a server error, not bad credentials");
  assert.equal(down.error.status, 503);
});

test("transient transit-zone failures of the PUT are retried and the upload completes", async () => {
  const me = await office("put-flaky");
  const before = (await recorded("transit")).length;
  await faults("transit", [{ kind: "status", status: 503 }, { kind: "drop" }]);
  const r = await withDas(me, async (das, { makePdf }) => {
    const blob = new Function(`return (${makePdf})`)()(300000);
    return (await das.upload(blob, { fileReference: "flaky-put", fileFormatCategory: "pdf" })).fileStatusCategory;
  }, { makePdf });
  assert.equal(r.ok, "validated", JSON.stringify(r.error));
  const puts = (await recorded("transit")).slice(before).filter((x) => x.method === "PUT");
  assert.equal(puts.length, 3, "503, dropped, then accepted");
});

test("polling stops as soon as every watcher is aborted", async () => {
  const me = await office("osf-abort-all");
  await control("/_sim/das/settings", { offDelayMs: 60_000 });
  const polls = async () => (await recorded("das")).filter((x) => x.method === "GET" && x.uri.includes("/requests/retrievals")).length;
  try {
    const r = await withDas(me, async (das, { q }) => {
      const acks = [];
      for (let i = 0; i < 3; i++) acks.push((await das.requestRetrieval(q)).requestAckId);
      const controllers = acks.map(() => new AbortController());
      const watches = acks.map((a, i) => das.watchRetrieval(a, { intervalMs: 100, signal: controllers[i].signal }).then(() => "settled", (e) => e.kind));
      await new Promise((resolve) => setTimeout(resolve, 500));
      controllers.forEach((c) => c.abort());
      return Promise.all(watches);
    }, { q: query(seeded()) });
    assert.deepEqual(r.ok, ["aborted", "aborted", "aborted"]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const atAbort = await polls();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await polls(), atAbort, "no poll after the last watcher left");
  } finally {
    await control("/_sim/das/settings", { offDelayMs: 300 });
  }
});

test("every answer form the sources leave open is read: list envelopes, numeric strings, file errors as text or arrays", async () => {
  const me = await office("osf-shapes");
  const forms = [
    { retrievalList: "array", numbersAsStrings: true, fileError: "string", upperCaseWords: true },
    { retrievalList: "nested", numbersAsStrings: true, fileError: "array" },
    { retrievalList: "object", numbersAsStrings: false, fileError: "object" },
  ];
  try {
    for (const shapes of forms) {
      await control("/_sim/das/settings", { shapes });
      const r = await withDas(me, async (das, { q, makePdf }) => {
        const ok = await das.requestRetrieval(q);
        const bad = await das.requestRetrieval({ ...q, dasAccessCode: "ZZZZ" });
        const [good, refused] = await Promise.all([ok, bad].map((a) => das.watchRetrieval(a.requestAckId, { intervalMs: 100, timeoutMs: 15_000 })));
        const blob = new Function(`return (${makePdf})`)()(54321);
        const uploaded = await das.upload(blob, { fileReference: "shapes", fileFormatCategory: "pdf" });
        let rejected;
        try {
          await das.upload(new Blob(["plain text, not a PDF"]), { fileReference: "shapes-bad", fileFormatCategory: "pdf" });
        } catch (e) { rejected = { kind: e.kind, message: e.message }; }
        return { good: good.requestStatusCategory, refused: [refused.requestStatusCategory, refused.errorCode], size: uploaded.fileSizeQuantity, rejected };
      }, { q: query(seeded()), makePdf });
      assert.equal(r.error, undefined, `${JSON.stringify(shapes)}: ${JSON.stringify(r.error)}`);
      assert.equal(r.ok.good, "success", JSON.stringify(shapes));
      assert.deepEqual(r.ok.refused, ["error", -14], JSON.stringify(shapes));
      assert.equal(r.ok.size, 54321, JSON.stringify(shapes));
      assert.equal(r.ok.rejected.kind, "das", JSON.stringify(shapes));
      assert.match(r.ok.rejected.message, /PDF/i, JSON.stringify(shapes));
    }
  } finally {
    await control("/_sim/das/settings", { shapes: {} });
  }
});

test("a notification must name an ack id this office issued for a forwarded retrieval (not WIPO's id)", async () => {
  const me = await office("notify-office");
  const r = await withDas(me, async (das, { q, makePdf }) => {
    const { requestAckId } = await das.requestRetrieval(q);
    const blob = new Function(`return (${makePdf})`)()(123457);
    const { fileId } = await das.upload(blob, { fileReference: "notified", fileFormatCategory: "pdf" });
    try {
      await das.notify({ requestAckId, requestStatusCategory: "success", fileId });
      return "accepted";
    } catch (e) {
      return { kind: e.kind, code: e.details?.[0]?.code };
    }
  }, { q: query(seeded()), makePdf });
  assert.deepEqual(r.ok, { kind: "das", code: -23 });
});

test("a SEC1 PEM (openssl ecparam) works; a wrong key is an auth error", async () => {
  const sec1 = await office("sec1-office", { publicKeyPem: fixture("office-key-public.pem") });
  const ok = await withDas({ clientId: sec1.clientId, privateKeyPem: fixture("office-key-sec1.pem") }, async (das) => (await das.retrievals()).retrievals.length);
  assert.deepEqual(ok, { ok: 0 });
  const stranger = await office("stranger-office");
  const wrong = await withDas({ clientId: sec1.clientId, privateKeyPem: stranger.privateKeyPem }, async (das) => das.retrievals());
  assert.equal(wrong.error.kind, "auth");
  assert.equal(wrong.error.code, "invalid_client");
  assert.match(wrong.error.message, /signature/);
});

test("one token request for concurrent calls; refresh on expiry and after a 401", async () => {
  const me = await office("token-office", { tokenTtlSecs: 2 });
  const tokens = async () => (await recorded("token")).length;
  const before = await tokens();
  const r = await withDas(me, async (das) => {
    await Promise.all([1, 2, 3, 4, 5].map(() => das.retrievals()));
    return "ok";
  });
  assert.equal(r.ok, "ok");
  assert.equal(await tokens(), before + 1, "five concurrent calls, one token request");

  const refreshed = await withDas(me, async (das) => {
    await das.retrievals();
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await das.retrievals();
    return "ok";
  });
  assert.equal(refreshed.ok, "ok");
  assert.equal(await tokens(), before + 3, "a new client, then a refresh after expiry");

  const revoked = await withDas(me, async (das, { sim, clientId }) => {
    await das.retrievals();
    await fetch(`${sim}/_sim/das/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ clientId }) });
    return (await das.retrievals()).retrievals.length;
  }, { sim: SIM, clientId: me.clientId });
  assert.deepEqual(revoked, { ok: 0 });
  assert.equal(await tokens(), before + 5, "first token, then one more after the 401");
});

test("tokens from an accessToken callback; no private key in the page", async () => {
  const me = await office("callback-office");
  const r = await evaluate(page, async (ipdocs, { options, sim }) => {
    let calls = 0;
    const das = new ipdocs.Das({
      ...options,
      accessToken: async () => {
        calls++;
        const res = await fetch(`${sim}/_sim/das/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ clientId: options.clientId }) });
        return (await res.json()).accessToken;
      },
    });
    await das.retrievals();
    await das.retrievals();
    return calls;
  }, { options: { baseUrl: info.das.baseUrl, tokenUrl: info.das.tokenUrl, clientId: me.clientId }, sim: SIM });
  assert.equal(r.ok, 2);
});

test("an expired upload URL is refreshed and the upload succeeds", async () => {
  const me = await office("expire-office");
  await faults(`url:${me.clientId}`, [{ kind: "expireUrl" }]);
  const before = (await recorded("transit")).length;
  const r = await withDas(me, async (das, { makePdf }) => {
    const blob = new Function(`return (${makePdf})`)()(200000);
    return (await das.upload(blob, { fileReference: "expired-url", fileFormatCategory: "pdf" })).fileStatusCategory;
  }, { makePdf });
  assert.equal(r.ok, "validated", JSON.stringify(r.error));
  const puts = (await recorded("transit")).slice(before).filter((x) => x.method === "PUT");
  assert.equal(puts.length, 2, "a refused PUT, then one with the refreshed URL");
});

test("a tampered download URL is a clear error", async () => {
  const me = await office("tamper-office");
  const d = seeded();
  const r = await withDas(me, async (das, { q, d, sim, clientId }) => {
    const { requestAckId } = await das.requestRetrieval(q);
    await das.watchRetrieval(requestAckId, { intervalMs: 100 });
    await fetch(`${sim}/_sim/faults`, { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: `url:${clientId}`, script: [{ kind: "tamperUrl" }, { kind: "tamperUrl" }] }) });
    return das.download({ osfAckId: requestAckId, documentKindCategory: d.documentKindCategory, documentNumber: d.documentNumber, documentDate: d.documentDate });
  }, { q: query(d), d, sim: SIM, clientId: me.clientId });
  assert.equal(r.error.kind, "unauthorized");
  assert.equal(r.error.status, 403);
  assert.equal(r.error.code, "SignatureDoesNotMatch");
  assert.match(r.error.message, /altered/);
});

test("checksum mismatch and wrong content are caught by validation", async () => {
  const me = await office("checksum-office");
  const r = await withDas(me, async (das, { makePdf }, ipdocs) => {
    const make = new Function(`return (${makePdf})`)();
    const blob = make(50000);
    const wrongSum = await ipdocs.sha256Hex(make(50001));
    const { fileId, fileUploadUrl } = await das.createUploadUrl({ fileReference: "mismatch", fileFormatCategory: "pdf", fileChecksum: wrongSum });
    await fetch(fileUploadUrl, { method: "PUT", body: blob });
    let status;
    for (let i = 0; i < 50; i++) {
      status = await das.fileStatus(fileId);
      if (status.fileStatusCategory !== "pending") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let notPdf;
    try {
      await das.upload(new Blob(["plain text, not a PDF"]), { fileReference: "not-pdf", fileFormatCategory: "pdf" });
    } catch (e) { notPdf = { kind: e.kind, code: e.code, detail: e.details?.[0]?.code }; }
    return { status, notPdf };
  }, { makePdf });
  assert.equal(r.ok.status.fileStatusCategory, "rejected");
  assert.equal(r.ok.status.error.code, "CHECKSUM_MISMATCH");
  assert.deepEqual(r.ok.notPdf, { kind: "das", code: "INVALID_FILE", detail: -32 });
});

test("abort mid-upload rejects and leaves nothing registered or validated", async () => {
  const me = await office("abort-office");
  const r = await withDas(me, async (das, { makePdf }) => {
    const blob = new Function(`return (${makePdf})`)()(96 << 20);
    const controller = new AbortController();
    try {
      await das.upload(blob, {
        fileReference: "aborted-upload", fileFormatCategory: "pdf", signal: controller.signal,
        onProgress: (loaded, total, phase) => { if (phase === "upload" && loaded > 0) controller.abort(); },
      });
      return "finished";
    } catch (e) { return e.kind; }
  }, { makePdf });
  assert.equal(r.ok, "aborted");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const state = await control("/_sim/das/state");
  const mine = state.uploads.filter((u) => u.fileReference === "aborted-upload");
  assert.equal(mine.length, 1, "the URL was created before the abort");
  assert.notEqual(mine[0].state, "validated");
  assert.ok(!state.registrations.some((g) => g.fileKey === mine[0].key));
});

test("nothing of ours reaches the transit zone: no Authorization, no cookies, no credentials", async () => {
  const transit = await recorded("transit");
  assert.ok(transit.length >= 5, "earlier tests used the transit zone");
  for (const request of transit) {
    for (const [name] of request.headers) {
      assert.ok(!["authorization", "cookie", "x-user", "x-password"].includes(name), `${name} reached the transit zone: ${request.uri}`);
    }
  }
});

test("bad input is rejected before anything is sent", async () => {
  const me = await office("input-office");
  const r = await withDas(me, async (das) => {
    const kinds = [];
    for (const q of [
      { documentKindCategory: "patent", documentNumber: "X", documentDate: "2026-02-30", dasAccessCode: "AB21" },
      { documentKindCategory: "patent", documentNumber: "X", documentDate: "2026-02-03", dasAccessCode: "A" },
      { documentKindCategory: "patent", documentNumber: "X", documentDate: "2026-02-03", dasAccessCode: "AB21", extra: 1 },
    ]) {
      try { await das.requestRetrieval(q); kinds.push("sent"); } catch (e) { kinds.push(e.kind); }
    }
    try { await das.watchRetrieval(""); } catch (e) { kinds.push(e.kind); }
    try { await das.createUploadUrl({ fileReference: "r", fileFormatCategory: "docx", fileChecksum: "0".repeat(64) }); } catch (e) { kinds.push(e.kind); }
    return kinds;
  });
  assert.deepEqual(r.ok, Array(5).fill("invalid_input"));
  for (const options of [{}, { privateKeyPem: "not a pem" }, { privateKeyPem: fixture("office-key-sec1.pem"), withTokenCallback: true }, { tokenUrl: "nope" }, { clientID: "typo" }]) {
    const c = await evaluate(page, (ipdocs, { options: { withTokenCallback, ...options } }) => {
      new ipdocs.Das(withTokenCallback ? { ...options, accessToken: async () => "t" } : options);
      return "constructed";
    },
      { options: { baseUrl: info.das.baseUrl, tokenUrl: info.das.tokenUrl, clientId: "x", ...options } });
    assert.equal(c.error?.kind, "invalid_input", JSON.stringify(options));
    // An unknown key is named, with the keys the struct itself knows.
    if (options.clientID) assert.match(c.error.message, /unknown option "clientID" \(known: baseUrl, .*privateKeyPem.*, privateKey, privateKeyJwk, accessToken\)/);
  }
});

test("sha256Hex matches WebCrypto", async () => {
  const r = await evaluate(page, async (ipdocs) => {
    const data = new Uint8Array(3 * (1 << 20) + 5).map((_, i) => i % 251);
    const blob = new Blob([data]);
    const ours = await ipdocs.sha256Hex(blob);
    const theirs = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)), (b) => b.toString(16).padStart(2, "0")).join("");
    return [ours, theirs];
  });
  assert.equal(r.ok[0], r.ok[1]);
});

test("above 256 MiB sha256Hex streams through wasm, with progress, and still matches WebCrypto", async () => {
  const r = await evaluate(page, async (ipdocs) => {
    const chunk = new Uint8Array(1 << 20).map((_, i) => (i * 7) % 253);
    const part = new Blob([chunk]);
    // 257 MiB: one MiB over the bound, made of referenced parts (cheap to build).
    const blob = new Blob([...Array.from({ length: 257 }, () => part), new Uint8Array([1, 2, 3])]);
    const before = window.wasm.das.memory.buffer.byteLength;
    let steps = 0;
    const ours = await ipdocs.sha256Hex(blob, () => { steps += 1; });
    const growth = window.wasm.das.memory.buffer.byteLength - before;
    const theirs = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer())), (b) => b.toString(16).padStart(2, "0")).join("");
    let small = 0;
    await ipdocs.sha256Hex(new Blob([chunk]), () => { small += 1; });
    return { same: ours === theirs, steps, growth, small };
  });
  assert.ok(r.ok?.same, JSON.stringify(r));
  assert.ok(r.ok.steps >= 257, `progress after each MiB: ${r.ok.steps}`);
  assert.ok(r.ok.growth <= 4 << 20, `wasm memory grew by ${r.ok.growth} bytes`);
  assert.equal(r.ok.small, 1, "a file within the bound is hashed by WebCrypto in one step");
});

test("a 256 MiB upload keeps wasm memory bounded", async () => {
  const me = await office("big-office");
  const r = await withDas(me, async (das, { makePdf }) => {
    const blob = new Function(`return (${makePdf})`)()(256 << 20);
    const before = window.wasm.das.memory.buffer.byteLength;
    const status = await das.upload(blob, { fileReference: "big", fileFormatCategory: "pdf" });
    return { state: status.fileStatusCategory, size: status.fileSizeQuantity, growth: window.wasm.das.memory.buffer.byteLength - before };
  }, { makePdf });
  assert.equal(r.ok?.state, "validated", JSON.stringify(r.error));
  assert.equal(r.ok.size, 256 << 20);
  assert.ok(r.ok.growth <= 4 << 20, `wasm memory grew by ${r.ok.growth} bytes`);
});

test("no uncaught errors on the page", () => {
  assert.deepEqual(errors, []);
});

test("batches: a registration CSV is uploaded and registered, a retrieval CSV fetches them, the export keeps the sample client's layout", async () => {
  const off = await office("batch-off");
  const osf = await office("batch-osf");
  const registrations = [
    "file_reference,file_location,application_number,application_date,priority_number,priority_date,document_category,application_category,das_code,file_id,registered,ack_id",
    "b-1,C:\\out\\First.pdf,EP26000001,2026-02-01,BATCH-2026-001,2026-01-05,patent,patent,B1B1,,,",
    "b-2,/out/second.pdf,,,BATCH-2026-002,20260106,patent,,B2B2,,,",
    "b-3,third.pdf,,,BATCH-2026-003,2026-01-07,patent,,B3B3,,,",
    "b-4,missing.pdf,,,BATCH-2026-004,2026-01-08,patent,,B4B4,,,",
    "b-5,fifth.pdf,,,BATCH-2026-005,2026-02-30,patent,,B5B5,,,",
  ].join("\r\n");
  const reg = await withDas(off, async (das, { csv, makePdf }, ipdocs) => {
    const pdf = new Function(`return (${makePdf})`)();
    const files = ["first.pdf", "second.pdf", "third.pdf"].map((n, i) => new File([pdf(20000 + i)], n, { type: "application/pdf" }));
    const batch = ipdocs.readBatch(csv);
    const changes = [];
    const done = await das.runBatch(batch, { files, concurrency: 3, onRow: (i, row) => changes.push([i, row.status]) });
    return { problems: batch.problems, kind: batch.kind, statuses: done.rows.map((r) => r.status), csv: ipdocs.batchToCsv(done), changes };
  }, { csv: registrations, makePdf });
  assert.equal(reg.error, undefined, JSON.stringify(reg.error));
  assert.equal(reg.ok.kind, "registrations");
  assert.deepEqual(reg.ok.problems.map((p) => p.line), [6]);
  assert.match(reg.ok.problems[0].reason, /priority_date/);
  assert.deepEqual(reg.ok.statuses, ["done", "done", "done", "failed", "invalid"]);
  const lines = reg.ok.csv.trim().split("\r\n");
  assert.equal(lines[0], "file_reference,file_location,application_number,application_date,priority_number,priority_date,document_category,application_category,das_code,file_id,registered,ack_id,status,error");
  const first = lines[1].split(",");
  assert.match(first[9], /^F-/, "file_id written back");
  assert.equal(first[10], "true");
  assert.ok(first[11], "ack_id written back");
  assert.match(lines[4], /missing\.pdf.*,failed,.*not among the picked files/);
  // Every row was reported as it went (the ack before the registration settled).
  assert.ok(reg.ok.changes.some(([i, s]) => i === 0 && s === "pending"));

  const retrievals = [
    "priority_number;priority_date;document_category;das_code;osf_ack_id;downloaded",
    "BATCH-2026-001;2026-01-05;patent;B1B1;;",
    "BATCH-2026-002;2026-01-06;patent;B2B2;;",
    "BATCH-2026-003;2026-01-07;patent;ZZZZ;;",
    "NOT-REGISTERED-9;2026-01-09;patent;B9B9;;",
  ].join("\n");
  const before = (await control("/_sim/das/state")).retrievals.length;
  const ret = await withDas(osf, async (das, { csv }, ipdocs) => {
    const saved = {};
    const batch = ipdocs.readBatch(csv);
    const done = await das.runBatch(batch, {
      precheck: true, waitMs: 15000,
      onFile: async ({ name, blob }) => { saved[name] = [blob.size, new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer())]; },
    });
    // A second run leaves the done rows alone and tries the failed ones again (pre-checked
    // again, so still no retrieval for them).
    const again = await das.runBatch(done, { precheck: true, onFile: () => { throw new Error("nothing to save"); } });
    return { cells: done.rows.map((r) => r.cells), saved, statuses: done.rows.map((r) => r.status), errors: done.rows.map((r) => r.cells[7]), csv: ipdocs.batchToCsv(done), again: again.rows.map((r) => r.status) };
  }, { csv: retrievals });
  assert.equal(ret.error, undefined, JSON.stringify(ret.error));
  assert.deepEqual(ret.ok.saved, { "BATCH-2026-001_2026-01-05.pdf": [20000, "%PDF-"], "BATCH-2026-002_2026-01-06.pdf": [20001, "%PDF-"] });
  assert.deepEqual(ret.ok.statuses, ["done", "done", "failed", "failed"], JSON.stringify(ret.ok.cells));
  assert.match(ret.ok.errors[2], /-12|access code/i);
  assert.match(ret.ok.errors[3], /-7|not registered|not found/i);
  assert.deepEqual(ret.ok.again, ["done", "done", "failed", "failed"]);
  const out = ret.ok.csv.trim().split("\r\n");
  assert.equal(out[0], "priority_number;priority_date;document_category;das_code;osf_ack_id;downloaded;status;error");
  assert.match(out[1], /^BATCH-2026-001;2026-01-05;patent;B1B1;R-[^;]+;true;done;$/);
  // The pre-check kept the two bad rows from becoming retrievals, in both runs.
  assert.equal((await control("/_sim/das/state")).retrievals.length - before, 2);
});

test("entries: `ipdocs/das` makes the single calls without the batch code, `ipdocs/das-batch` makes both", async () => {
  const me = await office("entries");
  const options = { baseUrl: info.das.baseUrl, tokenUrl: info.das.tokenUrl, clientId: me.clientId, privateKeyPem: me.privateKeyPem };
  const r = await page.evaluate(async ({ options, q }) => {
    const single = await import("/pkg/das.js");
    const withBatches = await import("/pkg/das-batch.js");
    await Promise.all([single.default(), withBatches.default()]);
    const ack = await new single.Das(options).requestRetrieval(q);
    const das = new withBatches.Das(options);
    const batch = withBatches.readBatch("priority_number;priority_date;document_category;das_code\nNOT-REGISTERED-8;2026-01-09;patent;B8B8\n");
    const done = await das.runBatch(batch, { precheck: true, onFile: () => {} });
    return {
      ack: typeof ack.requestAckId,
      singleHas: ["readBatch", "batchToCsv"].filter((name) => name in single).concat("runBatch" in single.Das.prototype ? ["runBatch"] : []),
      batchStatuses: done.rows.map((row) => row.status),
      csv: withBatches.batchToCsv(done).split("\r\n")[0],
    };
  }, { options, q: query(seeded()) });
  assert.equal(r.ack, "string");
  assert.deepEqual(r.singleHas, []);
  assert.deepEqual(r.batchStatuses, ["failed"]);
  assert.equal(r.csv, "priority_number;priority_date;document_category;das_code;osf_ack_id;downloaded;status;error");
});

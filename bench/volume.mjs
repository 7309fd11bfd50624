// Work at volume (issue 9), in one page against the simulator:
// - a 1,000-row registration batch and a 1,000-row retrieval batch (`Das.runBatch`), each
//   against a baseline of the same work written by hand with the library's single calls and
//   the same concurrency (what the batch runner's bookkeeping costs);
// - a bulk download of 500 UCIDs' zips under a request-unit budget (`downloadMany` paced by a
//   `RequestBudget`) against the same download merely retrying 429s (`Retry-After`).
import init, { Das, ClaimsDirect, RequestBudget, readBatch } from "/bench-pkg/ipdocs.js";

const wasm = await init();
const post = (path, body) => fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => { if (!r.ok) throw new Error(`${path} ${r.status}`); return r.status === 204 ? null : r.json(); });
const info = await (await fetch("/_sim/info")).json();
await post("/_sim/das/settings", { offDelayMs: 20, validationDelayMs: 0, registrationDelayMs: 0 });
const dasFor = async (clientId) => {
  const { privateKeyPem } = await post("/_sim/das/offices", { clientId });
  return new Das({ baseUrl: info.das.baseUrl, tokenUrl: info.das.tokenUrl, clientId, privateKeyPem });
};
const off = await dasFor("bench-volume-off");
const osf = await dasFor("bench-volume-osf");

const ROWS = 1000;
const CONCURRENCY = 8;
const pdf = (i) => new File([`%PDF-1.4\n% bench document ${i}\n`.padEnd(8192, "."), "\n%%EOF\n"], `doc-${i}.pdf`, { type: "application/pdf" });
const number = (tag, i) => `VOL-${tag}-${String(i).padStart(4, "0")}`;
const date = (i) => `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
const code = (i) => `V${String(i).padStart(4, "0")}`.slice(0, 5);
const heap = () => performance.memory?.usedJSHeapSize ?? 0;
const time = async (fn) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };

/** Runs `work(i)` for 0..n with `concurrency` in flight (the hand-written baseline's pool). */
async function pool(n, concurrency, work) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await work(next++); }));
}
const doc = (tag, i) => ({ documentKindCategory: "patent", documentNumber: number(tag, i), documentDate: date(i), dasAccessCode: code(i) });

// ---- registrations ----
const files = Array.from({ length: ROWS }, (_, i) => pdf(i));
const registrationCsv = ["file_reference,file_location,application_number,application_date,priority_number,priority_date,document_category,application_category,das_code,file_id,registered,ack_id",
  ...files.map((f, i) => `ref-${i},${f.name},,,${number("B", i)},${date(i)},patent,,${code(i)},,,`)].join("\r\n");
let memoryBefore = wasm.memory.buffer.byteLength;
let heapBefore = heap();
let registered;
const registrationBatchMs = await time(async () => {
  registered = await off.runBatch(readBatch(registrationCsv), { files, concurrency: CONCURRENCY });
});
const registrationMemory = [memoryBefore, wasm.memory.buffer.byteLength, heapBefore, heap()];
const registrationDone = registered.rows.filter((r) => r.status === "done").length;
const registrationBaselineMs = await time(() => pool(ROWS, CONCURRENCY, async (i) => {
  const status = await off.upload(files[i], { fileReference: `ref-${i}`, fileFormatCategory: "pdf" });
  await off.register({ ...doc("H", i), fileId: status.fileId });
  await off.followRegistration(doc("H", i));
}));

// ---- retrievals (of the documents just registered, by another office) ----
const retrievalCsv = ["priority_number,priority_date,document_category,das_code,osf_ack_id,downloaded",
  ...Array.from({ length: ROWS }, (_, i) => `${number("B", i)},${date(i)},patent,${code(i)},,`)].join("\n");
let savedBytes = 0;
memoryBefore = wasm.memory.buffer.byteLength;
heapBefore = heap();
let retrieved;
const retrievalBatchMs = await time(async () => {
  retrieved = await osf.runBatch(readBatch(retrievalCsv), { concurrency: CONCURRENCY, waitMs: 120000, onFile: ({ blob }) => { savedBytes += blob.size; } });
});
const retrievalMemory = [memoryBefore, wasm.memory.buffer.byteLength, heapBefore, heap()];
const retrievalDone = retrieved.rows.filter((r) => r.status === "done").length;
const retrievalBaselineMs = await time(() => pool(ROWS, CONCURRENCY, async (i) => {
  const d = doc("H", i);
  const { requestAckId } = await osf.requestRetrieval(d);
  await osf.watchRetrieval(requestAckId, { timeoutMs: 120000 });
  const blob = await osf.download({ osfAckId: requestAckId, documentKindCategory: d.documentKindCategory, documentNumber: d.documentNumber, documentDate: d.documentDate });
  savedBytes += blob.size;
}));

// ---- 500 zips under a budget ----
const UNITS = 550, WINDOW_MS = 2000, ZIPS = 500;
const ucids = Array.from({ length: ZIPS }, (_, i) => `ZZ-8${String(i).padStart(4, "0")}-A`);
async function bulk(user, paced) {
  await post("/_sim/logins", { user, password: "pw", requestUnits: UNITS, windowMs: WINDOW_MS });
  const budget = new RequestBudget({ limits: [{ units: UNITS, windowMs: WINDOW_MS }] });
  const plain = new ClaimsDirect({ baseUrl: info.api, user, password: "pw", retries: paced ? 0 : 10 });
  const client = paced ? plain.withBudget(budget) : plain;
  const started = performance.now();
  const result = await client.downloadMany(ucids, { what: ["zip"], concurrency: CONCURRENCY, onFile: () => {} });
  const ms = performance.now() - started;
  // What the service counted: RU charged and calls it refused with 429.
  const { charged, refused } = await (await fetch(`/_sim/logins?user=${user}`)).json();
  const windows = 1 + Math.floor(ms / WINDOW_MS);
  return { ms, saved: result.saved.length, failed: result.failed.length, tooMany: refused, charged, windows, share: charged / (UNITS * windows) };
}
const paced = await bulk("bench-volume-paced", true);
const unpaced = await bulk("bench-volume-unpaced", false);
const minWindows = Math.ceil((ZIPS * 5.5) / UNITS);

window.benchResults = {
  rows: ROWS, concurrency: CONCURRENCY,
  registrationBatchMs, registrationBaselineMs, registrationDone, registrationMemory,
  retrievalBatchMs, retrievalBaselineMs, retrievalDone, retrievalMemory, savedBytes,
  zips: ZIPS, units: UNITS, windowMs: WINDOW_MS, minWindows, paced, unpaced,
};

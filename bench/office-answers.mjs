// ipdocs-office answering WIPO's forwarded retrievals with no clerk (issue 18): N documents of
// 100 KiB registered without content, then requested by the simulated partner office; WIPO
// forwards each to the office, which looks it up in its folder, uploads it (checksum,
// url-uploads, PUT, validation) and notifies. Measured: answers per second and the time
// from the partner's request to WIPO's success (p50, p99), beside a baseline in the same run:
// the simulator's capacity for the same upload calls (url-uploads, PUT, file status) made by
// a plain fetch loop at the same concurrency, no office in between. Peak memory of the office.
//   node bench/office-answers.mjs
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { control } from "../tests/js/browser.mjs";
import { startOffice } from "../tests/e2e/app.mjs";
import { record } from "./markdown.mjs";

const N = Number(process.env.BENCH_ANSWERS ?? 1000);
const CONCURRENCY = 8;
const info = await control("/_sim/info");
const das = `${info.das.baseUrl}${info.das.apiPrefix}`;
const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(100 * 1024 - 16, 120), Buffer.from("\n%%EOF\n")]);
const checksum = createHash("sha256").update(pdf).digest("hex");
const stamp = Date.now() % 1e6;
const number = (i) => `BENCH/${stamp}/${i}`;
const dir = mkdtempSync(join(tmpdir(), "ipdocs-bench-answers-"));
writeFileSync(join(dir, "doc.pdf"), pdf);
writeFileSync(join(dir, "index.csv"), "documentKindCategory,documentNumber,documentDate,file\n" +
  Array.from({ length: N }, (_, i) => `patent,${number(i)},2026-01-01,doc.pdf\n`).join(""));
writeFileSync(join(dir, "office.pem"), info.das.privateKeyPem);

/** Runs `work(i)` for i < n, `CONCURRENCY` at a time. */
async function pool(n, work) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await work(next++);
  }));
}
const token = (await control("/_sim/das/tokens", { clientId: info.das.clientId })).accessToken;
async function call(method, path, body) {
  const r = await fetch(`${das}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}
const document = (i) => ({ documentKindCategory: "patent", documentNumber: number(i), documentDate: "2026-01-01", dasAccessCode: "B3NC" });

await control("/_sim/das/settings", { offDelayMs: 0, validationDelayMs: 20, registrationDelayMs: 0 });
// Baseline: the same upload calls, no office.
let started = performance.now();
await pool(N, async (i) => {
  const { fileId, fileUploadUrl } = await call("POST", "/requests/files/url-uploads", { fileReference: `baseline-${i}`, fileFormatCategory: "pdf", fileChecksum: checksum });
  const put = await fetch(fileUploadUrl, { method: "PUT", headers: { "content-type": "application/pdf" }, body: pdf });
  if (!put.ok) throw new Error(`PUT ${put.status}`);
  for (;;) {
    const status = await call("GET", `/requests/files?fileId=${fileId}`);
    if (status.fileStatusCategory === "validated") break;
    await new Promise((r) => setTimeout(r, 25));
  }
});
const baselineRate = N / ((performance.now() - started) / 1000);

await pool(N, (i) => call("POST", "/requests/registrations", { ...document(i), operationCategory: "registration" }));
const office = await startOffice(info, `bench-staff-token-${process.pid}`, [
  "--documents", dir, "--das-url", das, "--token-url", info.das.tokenUrl, "--client-id", info.das.clientId,
  "--key-file", join(dir, "office.pem"), "--answer-concurrency", String(CONCURRENCY),
], "ignore");
try {
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: office.url });
  const requested = new Map();
  started = performance.now();
  await pool(N, async (i) => {
    const { requestAckId } = await control("/_sim/das/partner-request", document(i));
    requested.set(requestAckId, performance.now());
  });
  const settled = new Map();
  let peakKiB = 0;
  const deadline = performance.now() + 600_000;
  while (settled.size < N && performance.now() < deadline) {
    const state = await control("/_sim/das/state");
    const now = performance.now();
    for (const r of state.retrievals) {
      if (requested.has(r.requestAckId) && !settled.has(r.requestAckId) && r.requestStatusCategory !== "pending") {
        if (r.requestStatusCategory !== "success") throw new Error(`${r.requestAckId}: ${JSON.stringify(r)}`);
        settled.set(r.requestAckId, now - requested.get(r.requestAckId));
      }
    }
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${office.pid}/status`, "utf8"));
    peakKiB = Math.max(peakKiB, Number(hwm?.[1] ?? 0));
    await new Promise((r) => setTimeout(r, 50));
  }
  if (settled.size < N) throw new Error(`only ${settled.size} of ${N} answered`);
  const elapsed = (Math.max(...[...requested.keys()].map((a) => requested.get(a) + settled.get(a))) - started) / 1000;
  const rate = N / elapsed;
  const times = [...settled.values()].sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
  const section = `## ipdocs-office answering without a clerk (issue 18)

${N} forwarded retrievals of 100 KiB PDFs, answered from a document folder against the simulator on loopback (${CONCURRENCY} jobs at once; the simulator validating after 20 ms). Times from the partner's request to WIPO's success, seen by polling the simulator every 50 ms. Measured ${new Date().toISOString().slice(0, 10)}.

| | per second | ratio |
|---|---:|---:|
| baseline: the simulator's capacity for the same upload calls (url-uploads, PUT, file status), plain \`fetch\` at the same concurrency | ${baselineRate.toFixed(1)} | 1.00 |
| ipdocs-office: forward → lookup → upload → validation → notify → WIPO's success | ${rate.toFixed(1)} | ${(rate / baselineRate).toFixed(2)} |

Request → success: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms. The requests arrive in one burst, so these times are mostly the queue (8 at a time); one answer takes about 8 / rate. Both servers are debug builds, as in the inbound bench above, and every step is committed with \`synchronous = FULL\`. Peak resident memory of ipdocs-office (VmHWM): ${(peakKiB / 1024).toFixed(1)} MiB.`;
  record("office-answers", section, `${rate.toFixed(1)} unattended answers/s (${(rate / baselineRate).toFixed(2)}× the simulator's upload capacity), p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, ${(peakKiB / 1024).toFixed(1)} MiB`);
  console.log(section);
} finally {
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: null });
  office.stop();
  rmSync(dir, { recursive: true, force: true });
}

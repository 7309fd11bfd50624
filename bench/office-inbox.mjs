// The office inbox at volume (issue 19): 100,000 forwarded retrievals in SQLite, the first
// page and filtered pages of `GET /office/v1/retrievals` against `GET /healthz` in the same
// run (office/examples/inbox_volume.rs does the timing; this records it).
//   node bench/office-inbox.mjs
import { execFileSync } from "node:child_process";
import { record } from "./markdown.mjs";

const out = execFileSync("cargo", ["run", "-q", "-p", "ipdocs-office", "--example", "inbox_volume"], { encoding: "utf8" });
const r = JSON.parse(out.trim().split("\n").pop());
const row = (what, [p50, p95]) =>
  `| ${what} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${(p50 / r.baseline[0]).toFixed(1)} |`;
const section = `## ipdocs-office inbox at ${r.rows.toLocaleString("en")} rows (issue 19)

Keyset pages newest first (a cursor, no offset); 60 requests each on loopback, one at a time, debug build, SQLite on this machine's disk (filled in ${r.fillSeconds.toFixed(1)} s). Measured ${new Date().toISOString().slice(0, 10)}.

| request | p50 ms | p95 ms | ratio to baseline |
|---|---:|---:|---:|
${row("baseline: `GET /healthz`", r.baseline)}
${row("first page (100 rows)", r.firstPage)}
${row("first page of `state=open`", r.openPage)}
${row("\`number=\` filter (one row)", r.numberFilter)}
${row("page 501 (after 50,000 rows, by cursor)", r.page501)}`;
record("office-inbox", section, `first page at ${r.rows} rows: p50 ${r.firstPage[0].toFixed(1)} ms, p95 ${r.firstPage[1].toFixed(1)} ms`);
console.log(section);

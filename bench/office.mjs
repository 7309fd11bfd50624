// ipdocs-office under load with wrk: WIPO's forwarded retrievals (RS256 token verified,
// validated, committed to SQLite with synchronous=FULL before the 201), against a baseline in
// the same run: the same requests refused for a wrong audience (token checked, nothing
// written). Afterwards every accepted request must be in the inbox.
//   node bench/office.mjs <sim url>
import { execFileSync } from "node:child_process";
import { control } from "../tests/js/browser.mjs";
import { startOffice } from "../tests/e2e/app.mjs";
import { record } from "./markdown.mjs";

const SECONDS = 10;
const info = await control("/_sim/info");
const staffToken = `bench-staff-token-${process.pid}`;
// Quiet: each refusal of the baseline is logged (without the token) on stderr.
const office = await startOffice(info, staffToken, [], "ignore");

function wrk(token, runId) {
  const out = execFileSync("wrk", ["-t1", "-c16", `-d${SECONDS}s`, "-s", "bench/office.lua", office.url], {
    env: { ...process.env, WIPO_TOKEN: token, RUN_ID: runId }, encoding: "utf8",
  });
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const total = Number(/(\d+) requests in/.exec(out)[1]);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const latency = /Latency\s+(\S+)/.exec(out)[1];
  return { rate, total, errors, latency };
}

try {
  const { accessToken } = await control("/_sim/das/wipo-token", { clientId: info.das.clientId });
  const { accessToken: foreign } = await control("/_sim/das/wipo-token", { clientId: "another-office" });
  const refused = wrk(foreign, "refused");
  const stored = wrk(accessToken, "stored");
  // The CSV export has every row (the list is paged).
  const csv = await (await fetch(`${office.url}/office/v1/retrievals.csv`, { headers: { authorization: `Bearer ${staffToken}` } })).text();
  const kept = csv.trim().split("\n").length - 1;
  // wrk counts the requests answered within the run; up to one per connection is still in
  // flight at its end, and is stored as well.
  if (stored.errors > 0 || kept < stored.total || kept > stored.total + 16) {
    throw new Error(`${stored.errors} failed, ${kept} stored of ${stored.total} accepted`);
  }
  const cpu = execFileSync("nproc", { encoding: "utf8" }).trim();
  const section = `## ipdocs-office (issue 11)

\`wrk -t1 -c16 -d${SECONDS}s\` on loopback, ${cpu} cores, the simulator minting WIPO's RS256 tokens; SQLite in WAL mode with \`synchronous = FULL\` on this machine's disk. Measured ${new Date().toISOString().slice(0, 10)}.

| WIPO's forwarded retrievals (\`POST /das/v1/requests/retrievals\`) | requests/s | mean latency | ratio |
|---|---:|---:|---:|
| baseline: refused (token verified, wrong audience, nothing written) | ${refused.rate.toFixed(0)} | ${refused.latency} | 1.00 |
| accepted: verified, validated, committed before the 201 | ${stored.rate.toFixed(0)} | ${stored.latency} | ${(stored.rate / refused.rate).toFixed(2)} |

All ${stored.total} accepted requests (and the ${kept - stored.total} still in flight when wrk stopped) were in the inbox afterwards (\`GET /office/v1/retrievals.csv\`).`;
  record("office", section, `${stored.rate.toFixed(0)} durable inbound requests/s (${(stored.rate / refused.rate).toFixed(2)}× the refusal baseline)`);
  console.log(section);
} finally {
  office.stop();
}

// ipdocs-office under load with wrk: WIPO's forwarded retrievals (RS256 token verified,
// validated, committed before the 201), on SQLite and — when the bench command has started
// PostgreSQL (IPDOCS_TEST_POSTGRES) — on PostgreSQL with one instance and with two behind
// nginx, against a baseline in the same run: the same requests refused for a wrong audience
// (token checked, nothing written). Afterwards every accepted request must be in the inbox.
//   node bench/office.mjs
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { control } from "../tests/js/browser.mjs";
import { startOffice, freePort } from "../tests/e2e/app.mjs";
import { record } from "./markdown.mjs";

const SECONDS = 10;
const info = await control("/_sim/info");
const staffToken = `bench-staff-token-${process.pid}`;
const postgres = process.env.IPDOCS_TEST_POSTGRES;

function wrk(url, token, runId) {
  const out = execFileSync("wrk", ["-t1", "-c16", `-d${SECONDS}s`, "-s", "bench/office.lua", url], {
    env: { ...process.env, WIPO_TOKEN: token, RUN_ID: runId }, encoding: "utf8",
  });
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const total = Number(/(\d+) requests in/.exec(out)[1]);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const latency = /Latency\s+(\S+)/.exec(out)[1];
  return { rate, total, errors, latency };
}

/** A fresh PostgreSQL database on the bench's server. */
function freshDatabase() {
  const name = `bench_${process.pid}_${Date.now()}`;
  execFileSync("psql", [postgres, "-q", "-c", `CREATE DATABASE ${name}`]);
  return postgres.replace(/\/[^/]*$/, `/${name}`);
}

/** nginx round-robin in front of `urls`; resolves with its URL and a `stop()`. */
async function nginx(urls) {
  const dir = mkdtempSync(join(tmpdir(), "ipdocs-bench-nginx-"));
  const port = await freePort();
  const servers = urls.map((u) => `server ${u.replace("http://", "")};`).join(" ");
  writeFileSync(join(dir, "nginx.conf"), `worker_processes 1; daemon off; pid ${dir}/pid; error_log ${dir}/error.log crit;
events { worker_connections 512; }
http { access_log off; client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;
  upstream office { ${servers} keepalive 32; }
  server { listen 127.0.0.1:${port}; location / { proxy_pass http://office; proxy_http_version 1.1; proxy_set_header Connection ""; } } }`);
  const child = spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `http://127.0.0.1:${port}`, stop: () => { child.kill("SIGTERM"); rmSync(dir, { recursive: true, force: true }); } };
}

/** How many forwarded retrievals the inbox at `url` holds (the CSV export has them all). */
async function stored(url) {
  const csv = await (await fetch(`${url}/office/v1/retrievals.csv`, { headers: { authorization: `Bearer ${staffToken}` } })).text();
  return csv.trim().split("\n").length - 1;
}

/** Runs wrk against `front` and checks that every accepted request reached the inbox. */
async function accepted(front, inbox, token, runId) {
  const run = wrk(front, token, runId);
  const kept = await stored(inbox);
  // wrk counts the requests answered within the run; up to one per connection is still in
  // flight at its end, and is stored as well.
  if (run.errors > 0 || kept < run.total || kept > run.total + 16) {
    throw new Error(`${runId}: ${run.errors} failed, ${kept} stored of ${run.total} accepted`);
  }
  return { ...run, kept };
}

const quiet = ["--log-level", "error"];
const { accessToken } = await control("/_sim/das/wipo-token", { clientId: info.das.clientId });
const { accessToken: foreign } = await control("/_sim/das/wipo-token", { clientId: "another-office" });
const rows = [];
const sqlite = await startOffice(info, staffToken, quiet, "ignore");
let baseline;
try {
  baseline = wrk(sqlite.url, foreign, "refused");
  rows.push(["SQLite (WAL, `synchronous = FULL`), one instance", await accepted(sqlite.url, sqlite.url, accessToken, "sqlite")]);
} finally {
  sqlite.stop();
}
if (postgres) {
  const db = freshDatabase();
  const one = await startOffice(info, staffToken, [...quiet, "--db", db], "ignore");
  try {
    rows.push(["PostgreSQL, one instance", await accepted(one.url, one.url, accessToken, "pg1")]);
  } finally {
    one.stop();
  }
  const shared = freshDatabase();
  const a = await startOffice(info, staffToken, [...quiet, "--db", shared, "--instance", "a"], "ignore");
  const b = await startOffice(info, staffToken, [...quiet, "--db", shared, "--instance", "b"], "ignore");
  const front = await nginx([a.url, b.url]);
  try {
    rows.push(["PostgreSQL, two instances behind nginx", await accepted(front.url, b.url, accessToken, "pg2")]);
  } finally {
    front.stop();
    a.stop();
    b.stop();
  }
}

const cpu = execFileSync("nproc", { encoding: "utf8" }).trim();
const table = rows.map(([what, r]) => `| accepted: ${what} | ${r.rate.toFixed(0)} | ${r.latency} | ${(r.rate / baseline.rate).toFixed(2)} |`).join("\n");
const section = `## ipdocs-office (issues 11, 19)

\`wrk -t1 -c16 -d${SECONDS}s\` on loopback, ${cpu} cores, the simulator minting WIPO's RS256 tokens; debug builds; PostgreSQL ${postgres ? "15 from Debian in a temporary directory (default settings, fsync on)" : "not run (start it with the bench command)"}. Measured ${new Date().toISOString().slice(0, 10)}.

| WIPO's forwarded retrievals (\`POST /das/v1/requests/retrievals\`) | requests/s | mean latency | ratio |
|---|---:|---:|---:|
| baseline: refused (token verified, wrong audience, nothing written) | ${baseline.rate.toFixed(0)} | ${baseline.latency} | 1.00 |
${table}

Each accepted request is verified, validated and committed before its 201; every one (and the few still in flight when wrk stopped) was in the inbox afterwards (\`GET /office/v1/retrievals.csv\`, read from the second instance for the shared database).${postgres ? " On a 2-core machine wrk, nginx, both instances, PostgreSQL and the simulator share the cores, so a second instance adds no throughput; it is there for failover." : ""}`;
record("office", section, rows.map(([what, r]) => `${what}: ${r.rate.toFixed(0)}/s`).join("; ") + ` (baseline ${baseline.rate.toFixed(0)}/s)`);
console.log(section);

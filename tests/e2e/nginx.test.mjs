// The one-origin deployment (deploy/nginx.conf) through Debian's nginx: the app, ipdocs-office
// and proxies to the simulator's DAS, token endpoint and CLAIMS Direct on one origin. The app
// is configured with that origin's URLs only; WIPO (the simulator) calls the office through
// nginx too. Every request the page makes goes to that origin (or, by presigned URL, to the
// transit zone).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, control, open, troubles, go, startOffice, raw, freePort } from "./app.mjs";

let browser, info, office, nginx, origin;
const staffToken = `nginx-staff-token-${process.pid}-${Date.now()}`;

/** deploy/nginx.conf with its placeholders filled, run in the foreground. */
async function startNginx(upstreams) {
  const runtime = mkdtempSync(join(tmpdir(), "ipdocs-nginx-"));
  const port = await freePort();
  const values = { LISTEN: `127.0.0.1:${port}`, RUNTIME: runtime, APP: resolve("dist"), ...upstreams };
  const conf = readFileSync("deploy/nginx.conf", "utf8").replace(/@([A-Z_]+)@/g, (all, name) => values[name] ?? all);
  assert.ok(!/@[A-Z_]+@/.test(conf), "every placeholder filled");
  writeFileSync(join(runtime, "nginx.conf"), conf);
  const child = spawn("nginx", ["-p", runtime, "-c", join(runtime, "nginx.conf"), "-g", "daemon off; user root;"], { stdio: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}/index.html`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: () => { child.kill(); rmSync(runtime, { recursive: true, force: true }); } };
}

before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  await control("/_sim/logins", { user: info.claims.user, password: info.claims.password, requestUnits: 1e6 });
  await control("/_sim/das/settings", { offDelayMs: 300, validationDelayMs: 50 });
  office = await startOffice(info, staffToken);
  nginx = await startNginx({
    OFFICE: office.url, DAS_API: info.das.baseUrl, TOKEN_URL: info.das.tokenUrl,
    CLAIMS: info.api, TRANSIT: info.transit,
  });
  origin = nginx.url;
  // WIPO calls the office at its public origin, through nginx.
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: origin });
});
after(async () => {
  await control("/_sim/das/endpoint", { clientId: info.das.clientId, endpoint: null });
  nginx?.stop();
  office?.stop();
  await browser?.close();
});

test("one origin through nginx: CLAIMS Direct, DAS and the office inbox with same-origin URLs only", async () => {
  const { page, context, problems } = await open(browser, { url: `${origin}/` });
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));

  await go(page, "settings");
  const fill = async (id, value) => page.fill(`#${id}`, value);
  await fill("claims-url", `${origin}/claims`);
  await fill("claims-user", info.claims.user);
  await fill("claims-password", info.claims.password);
  await fill("das-url", `${origin}/wipo-das`);
  await fill("das-prefix", info.das.apiPrefix);
  await fill("das-token-url", `${origin}/wipo-token`);
  await fill("das-token-audience", info.das.tokenUrl);
  await fill("das-client-id", info.das.clientId);
  await fill("inbox-url", origin);
  await fill("staff-token", staffToken);
  await page.click("text=Save settings");
  await page.waitForSelector("p.notice.ok:has-text('Settings saved')");
  await fill("das-key", info.das.privateKeyPem);
  await page.click("text=Import key");
  await page.waitForSelector("#key-state:has-text('non-extractable')");

  // CLAIMS Direct through /claims/.
  await go(page, "attachments");
  await page.fill("#ucids", "EP-0700000-B1");
  await page.click("text=List attachments");
  await page.waitForSelector(".row.item");

  // DAS through /wipo-das/ and /wipo-token; WIPO's notification back through /das/v1/.
  await go(page, "retrievals");
  const d = info.das.documents[0];
  await page.selectOption("#retrieval-kind", d.documentKindCategory);
  await fill("retrieval-number", d.documentNumber);
  await fill("retrieval-date", d.documentDate);
  await fill("retrieval-code", d.dasAccessCode);
  await page.click("text=Request retrieval");
  const ack = await (await page.waitForSelector("table.retrievals tbody tr")).getAttribute("data-ack");
  await page.waitForSelector(`tr[data-ack="${ack}"] .status.success`, { timeout: 20_000 });
  await go(page, "inbox");
  await page.waitForSelector(`table.inbox-notifications tr[data-ack="${ack}"]`, { timeout: 20_000 });

  const elsewhere = requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(info.transit) && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(elsewhere, [], "the page called nothing but its own origin and the transit zone");
  assert.ok(requested.some((u) => u.startsWith(`${origin}/wipo-token`)), "the token came through the proxy");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("nginx sends the build's gzip copies and caches hashed files for a year", async () => {
  const wasm = readdirSync("dist").find((n) => /^ipdocs-www-[0-9a-f]{16}_bg\.wasm$/.test(n));
  const gz = await raw(`${origin}/${wasm}`, { "accept-encoding": "gzip, br" });
  assert.equal(gz.headers["content-encoding"], "gzip", "gzip_static (Debian's nginx has no brotli module)");
  assert.deepEqual(gz.body, readFileSync(`dist/${wasm}.gz`));
  assert.equal(gz.headers["cache-control"], "public, max-age=31536000, immutable");
  const index = await raw(`${origin}/`, { "accept-encoding": "gzip" });
  assert.equal(index.headers["cache-control"], "no-cache");
  assert.ok(index.headers["content-security-policy"], "the CSP is still sent beside Cache-Control");
  const api = await raw(`${origin}/office/v1/retrievals`);
  assert.equal(api.headers["cache-control"], undefined, "nothing added to the services' answers");
});

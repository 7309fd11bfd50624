// Staff sign in to the office's app through a real OpenID Connect provider (oidc-provider,
// started here; users vera = viewer, carl = clerk): authorization code with PKCE in headless
// Chromium, the ID token as the inbox's bearer, the role from its claim — a viewer reads but
// may not answer, a clerk may and the office records the clerk's name — and a sign-in that
// expires is refused by the office and offered again by the app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { launch, control, open, troubles, go, startOffice, freePort } from "./app.mjs";

const TOKEN_SECONDS = 20;
let browser, info, office, provider, issuer, ack;
const staffToken = `e2e-staff-token-${process.pid}-${Date.now()}`;

before(async () => {
  browser = await launch();
  info = await control("/_sim/info");
  const port = await freePort();
  provider = spawn("node", ["tests/oidc/provider.mjs", `http://127.0.0.1:${port}/`, String(TOKEN_SECONDS)], { stdio: ["ignore", "pipe", "ignore"] });
  issuer = JSON.parse(await new Promise((resolve) => createInterface({ input: provider.stdout }).once("line", resolve))).issuer;
  office = await startOffice(info, staffToken, ["--port", String(port), "--app", "dist-office",
    "--oidc-issuer", issuer, "--oidc-client-id", "ipdocs-app", "--connect-src", issuer,
    // The clock skew the office allows past `exp`: small, so the expiry shows quickly.
    "--leeway-secs", "2"]);
  const { accessToken } = await control("/_sim/das/wipo-token", { clientId: info.das.clientId });
  const forwarded = await fetch(`${office.url}/das/v1/requests/retrievals`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ operationCategory: "retrieval", documentKindCategory: "patent", documentNumber: "EP2026999001",
      documentDate: "2026-01-31", dasAccessCode: "AB12", osfAckId: "OSF-SIGN-IN" }),
  });
  ack = (await forwarded.json()).requestAckId;
});
after(() => {
  office?.stop();
  provider?.kill();
  return browser?.close();
});

/** Signs in as `user` from the Inbox, through the provider's login page. */
async function signIn(page, user) {
  await go(page, "inbox");
  await page.click("#sign-in");
  await page.waitForURL(`${issuer}/**`);
  await page.fill("input[name=login]", user);
  await page.fill("input[name=password]", "any password");
  await page.click("button[type=submit]");
  await page.waitForURL(`${office.url}/**`);
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  await go(page, "inbox");
  await page.waitForSelector(`#signed-in:has-text('Signed in as ${user}')`, { timeout: 15_000 });
}

/** A staff API call with this tab's sign-in, as the app makes them. */
function callOffice(page, path, body) {
  return page.evaluate(async ([url, body]) => {
    const token = sessionStorage.getItem("ipdocs.session");
    const r = await fetch(url, {
      method: body ? "POST" : "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [`${office.url}/office/v1${path}`, body]);
}

test("a viewer signs in with PKCE and reads the inbox, but may not answer", async () => {
  const { page, context, problems } = await open(browser, { url: `${office.url}/` });
  await signIn(page, "vera");
  assert.match(await page.textContent("#signed-in"), /vera \(viewer\)/);
  const row = await page.waitForSelector(`table.inbox.open-requests tr[data-ack="${ack}"]`, { timeout: 15_000 });
  assert.match(await row.textContent(), /a clerk answers/, "no answer form for a viewer");
  assert.equal(await page.$(`tr[data-ack="${ack}"] form, tr[data-ack="${ack}"] input[type=file]`), null);
  const denied = await callOffice(page, `/retrievals/${ack}/answer`, { state: "refused", errorCode: -7, statusMessage: "not held" });
  assert.equal(denied.status, 403, "the office refuses a viewer's answer");
  assert.match(denied.body.message, /needs the clerk role/);
  assert.equal(new URL(page.url()).search, "", "the code is not left in the address");
  assert.ok(!(await page.content()).includes(await page.evaluate(() => sessionStorage.getItem("ipdocs.session"))), "the ID token is not in the DOM");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

test("a clerk's answer names the clerk; an expired sign-in is refused and offered again", async () => {
  const { page, context, problems } = await open(browser, { url: `${office.url}/` });
  await signIn(page, "carl");
  const me = await callOffice(page, "/me");
  assert.deepEqual(me.body, { name: "carl", role: "clerk" });
  await page.waitForSelector(`tr[data-ack="${ack}"] .answer button`, { timeout: 15_000 });
  const answered = await callOffice(page, `/retrievals/${ack}/answer`, { state: "refused", errorCode: -7, statusMessage: "not held" });
  assert.equal(answered.status, 200);
  assert.equal(answered.body.answer.by, "carl");
  await page.waitForSelector(`table.inbox.handled tr[data-ack="${ack}"] td.answer:has-text('by carl')`, { timeout: 20_000 });

  // The ID token lives TOKEN_SECONDS: afterwards the office refuses it, and the app says so.
  await page.waitForSelector("#sign-in-expired", { timeout: (TOKEN_SECONDS + 40) * 1000 });
  await new Promise((r) => setTimeout(r, 3000)); // past the office's leeway
  assert.equal((await callOffice(page, "/retrievals")).status, 401, "the office refuses an expired sign-in");
  assert.ok(await page.isVisible("#sign-in-expired button"), "the app offers to sign in again");
  assert.deepEqual(await troubles(page, problems), []);
  await context.close();
});

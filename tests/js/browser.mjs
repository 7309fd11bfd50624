// Shared by the JS tests: Debian's Chromium driven by playwright-core (no browser download),
// a page that has loaded pkg/ipdocs.js from the simulator, and the simulator's control API.
import { chromium } from "playwright-core";

export const SIM = process.env.IPDOCS_SIM_URL;
if (!SIM) throw new Error("IPDOCS_SIM_URL is set by scripts/test.sh");

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page with `window.ipdocs` ready. Page errors fail the test that reads `errors`. */
export async function harness(browser, path = "/tests/js/harness.html") {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(SIM + path);
  await page.waitForFunction(() => window.ipdocsReady === true);
  return { page, errors };
}

export async function control(path, body) {
  const response = await fetch(SIM + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

export const login = (user, requestUnits = 10000, windowMs = 60000) =>
  control("/_sim/logins", { user, password: "pw", requestUnits, windowMs });

export const faults = (key, script) => control("/_sim/faults", { key, script });

/**
 * Runs `body(ipdocs, args)` (a function, shipped by its source) in the page. Returns
 * `{ ok: value }` or `{ error: { isError, name, kind, message, status, retryAfterMs, code,
 * details, body } }`, so tests can assert on IpdocsError fields.
 */
export function evaluate(page, body, args = {}) {
  return page.evaluate(
    async ({ source, args }) => {
      const fn = new Function("ipdocs", "args", `return (${source})(ipdocs, args)`);
      try {
        return { ok: await fn(window.ipdocs, args) };
      } catch (e) {
        return {
          error: {
            isError: e instanceof Error, name: e.name, kind: e.kind, message: e.message, status: e.status,
            retryAfterMs: e.retryAfterMs, code: e.code, details: e.details, body: e.body,
          },
        };
      }
    },
    { source: body.toString(), args },
  );
}

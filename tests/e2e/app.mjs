// Shared by the end-to-end tests: the built web app (dist/, served by ipdocs-sim under its
// CSP) in Debian's Chromium driven by playwright-core. Every page records CSP violations
// and page errors, and `open()` callers assert there were none.
import { launch, control, SIM } from "../js/browser.mjs";

export { launch, control, SIM };

/** A fresh browser context (empty IndexedDB and localStorage) with the app loaded. */
export async function open(browser, { viewport = { width: 1280, height: 900 }, picker = false, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme });
  await context.addInitScript((fakePicker) => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    if (fakePicker) {
      // Stands in for the OS "save as" dialog: a FileSystemFileHandle whose writable stream
      // counts what the app streams into it.
      window.__saved = [];
      window.showSaveFilePicker = async ({ suggestedName }) => ({
        createWritable: async () => {
          const entry = { name: suggestedName, bytes: 0, closed: false };
          window.__saved.push(entry);
          return new WritableStream({ write(chunk) { entry.bytes += chunk.byteLength; }, close() { entry.closed = true; } });
        },
      });
    } else {
      delete window.showSaveFilePicker;
    }
  }, picker);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|panicked/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${SIM}/`);
  await page.waitForSelector('[data-ready="true"]');
  return { context, page, problems };
}

/** The CSP violations and page errors seen so far (should be none). */
export async function troubles(page, problems) {
  const csp = await page.evaluate(() => window.__csp);
  return [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
}

export async function go(page, name) {
  await page.click(`nav a[href="#/${name}"]`);
  await page.waitForSelector(`main > div:not([hidden]) h1`);
}

/** A small PDF the simulator's validation accepts (PDF magic, non-empty). */
export function samplePdf(pages = 1) {
  const body = Array.from({ length: pages }, (_, i) => `${i + 1} 0 obj << /Type /Page >> endobj\n`).join("");
  return Buffer.from(`%PDF-1.4\n${body}%%EOF\n`);
}

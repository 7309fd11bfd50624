// Shared by the end-to-end tests: the built web app (dist/, served by ipdocs-sim under its
// CSP) in Debian's Chromium driven by playwright-core. Every page records CSP violations
// and page errors, and `open()` callers assert there were none.
import { launch, control, SIM } from "../js/browser.mjs";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { mkdtempSync, mkdirSync, openSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export { launch, control, SIM };

let offices = 0;

/** Starts ipdocs-office on a free port as the demo office's endpoint (WIPO = the simulator);
 * resolves with its URL, its process id and a `stop()`. */
export async function startOffice(info, staffToken, extraArgs = [], stderr = "log") {
  const dir = mkdtempSync(join(tmpdir(), "ipdocs-office-e2e-"));
  // Every office's log of the test run is kept: the test command greps them all for secrets.
  mkdirSync("target/test-logs", { recursive: true });
  const log = stderr === "log" ? openSync(`target/test-logs/office-${process.pid}-${++offices}.log`, "a") : stderr;
  const child = spawn("./target/debug/ipdocs-office", [
    "--port", "0", "--db", join(dir, "inbox.db"),
    "--jwks-url", info.das.jwksUrl, "--issuer", info.das.issuer, "--audience", info.das.clientId,
    "--staff-token", staffToken, ...extraArgs,
  ], { stdio: ["ignore", "pipe", log] });
  const line = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`ipdocs-office exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: JSON.parse(line).url, pid: child.pid, stop };
}

/** A fresh browser context (empty IndexedDB and localStorage) with the app loaded. */
/** `locale` is the browser's language (`navigator.languages`), which the app follows. */
export async function open(browser, { viewport = { width: 1280, height: 900 }, picker = false, folder = false, colorScheme = "light", url = `${SIM}/`, locale = "en-US" } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme, locale });
  await context.addInitScript((folderPicker) => {
    // Stands in for the OS folder dialog: the origin's private file system (a real
    // FileSystemDirectoryHandle), whose files the test reads back.
    if (folderPicker) window.showDirectoryPicker = async () => navigator.storage.getDirectory();
  }, folder);
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
  await page.goto(url);
  // Attached, not visible: off the simulator the status text is empty.
  await page.waitForSelector('[data-ready="true"]', { state: "attached" });
  return { context, page, problems };
}

/** The files in the origin's private file system (the fake picked folder): name → bytes. */
export function folderFiles(page) {
  return page.evaluate(async () => {
    const out = {};
    for await (const [name, handle] of (await navigator.storage.getDirectory()).entries()) {
      if (handle.kind === "file") out[name] = (await handle.getFile()).size;
    }
    return out;
  });
}

/** Loads axe-core into the page, through DevTools (page.evaluate), which the page's CSP does
 * not govern. */
export async function injectAxe(page) {
  await page.evaluate(await readFile("node_modules/axe-core/axe.min.js", "utf8"));
}

/** What axe-core (see `injectAxe`) finds against WCAG 2.1 A/AA in the page shown and the
 * header: one line per rule, with up to three of the elements. */
export function axeViolations(page) {
  return page.evaluate(async () => {
    const result = await window.axe.run("main, header", {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** The CSP violations and page errors seen so far (should be none). */
export async function troubles(page, problems) {
  const csp = await page.evaluate(() => window.__csp);
  return [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
}

export async function go(page, name) {
  // On a phone the pages are behind the menu button.
  if (await page.isVisible(".menu-toggle")) await page.click(".menu-toggle");
  await page.click(`nav a[href="#/${name}"]`);
  // Only the page shown is mounted: once the link is current, its page replaced the last one.
  await page.waitForSelector(`nav a[href="#/${name}"][aria-current="page"]`, { state: "attached" });
  await page.waitForSelector(`main h1`);
}

/** Downloads a tracked retrieval's document from the Retrievals page: a real download (no
 * tab), named after the document, confirmed on the page. Resolves with its name and bytes. */
export async function downloadRetrieved(page, ack) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`tr[data-ack="${ack}"] button:text('Download')`),
  ]);
  const bytes = await readFile(await download.path());
  const name = download.suggestedFilename();
  const saved = await page.waitForSelector(`tr[data-ack="${ack}"] .saved`);
  assert.match(await saved.textContent(), new RegExp(`Saved as ${name.replace(/[.]/g, "\\.")}`));
  return { name, bytes };
}

/** A small PDF the simulator's validation accepts (PDF magic, non-empty). */
export function samplePdf(pages = 1) {
  const body = Array.from({ length: pages }, (_, i) => `${i + 1} 0 obj << /Type /Page >> endobj\n`).join("");
  const tree = `${pages + 1} 0 obj << /Type /Pages /Count ${pages} >> endobj\n`;
  return Buffer.from(`%PDF-1.4\n${body}${tree}%%EOF\n`);
}

/** One GET with exactly these request headers: status, headers and the bytes as sent. */
export function raw(url, headers = {}) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
}

/** A loopback port free at the time of asking. */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The web app's budget (issue 4): size of what a browser downloads (wasm + JS + CSS, raw and
// gzip) and the time from the 5,000-attachment list response to its first rows painted,
// measured in the built app (dist/) against the simulator:
//   node bench/app.mjs <sim url serving dist/>
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/js/browser.mjs";
import { record } from "./markdown.mjs";

const sim = process.argv[2];
const RUNS = 10;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The decoder worker (TIFF drawings) is loaded on first use only, so it is counted apart.
const isDecoder = (f) => f.startsWith("ipdocs-decoder");
const sizeOfFiles = (names, dir = "dist") => names.reduce((acc, f) => {
  const bytes = readFileSync(`${dir}/${f}`);
  return { raw: acc.raw + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
}, { raw: 0, gzip: 0 });
const decoder = sizeOfFiles(readdirSync("dist").filter(isDecoder));
// An office's own build (`build-app.sh --office`: no simulator demo helpers), its first module.
const officeWasm = existsSync("dist-office")
  ? sizeOfFiles(readdirSync("dist-office").filter((f) => /^ipdocs-www-.*_bg\.wasm$/.test(f)), "dist-office")
  : null;
/** The files of dist/ the page has fetched so far (the browser's resource timing entries). */
const fetched = (page) => page.evaluate(() => [
  location.pathname.endsWith("/") ? "index.html" : location.pathname.split("/").pop(),
  ...performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname.split("/").pop()),
]);
const byKind = (names) => {
  const of = (pattern) => sizeOfFiles(names.filter((f) => pattern.test(f)));
  return { wasm: of(/\.wasm$/), js: of(/\.js$/), css: of(/\.css$/), html: of(/\.html$/), other: of(/\.svg$/) };
};
const sum = (sizes) => Object.values(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
// The page's memory after a full garbage collection (Chromium's DevTools protocol): the JS
// heap, and the DOM nodes and event listeners alive, detached ones included.
const cdp = await context.newCDPSession(page);
const memory = async () => {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const { nodes, jsEventListeners } = await cdp.send("Memory.getDOMCounters");
  return { heap: usedSize, nodes, listeners: jsEventListeners };
};
const describeMemory = (m) => `JS heap ${kib(m.heap)}, ${m.nodes} DOM nodes, ${m.listeners} event listeners`;
page.on("pageerror", (e) => { console.error(String(e)); process.exitCode = 1; });
const info = await (await fetch(`${sim}/_sim/info`)).json();
await fetch(`${sim}/_sim/logins`, {
  method: "POST", headers: { "content-type": "application/json" },
  body: JSON.stringify({ user: info.claims.user, password: info.claims.password, requestUnits: 1e6 }),
});
const started = Date.now();
await page.goto(`${sim}/`);
await page.waitForSelector('[data-ready="true"]');
const startupMs = Date.now() - started;
// What the first load fetched (the Attachments page), from dist/ (gzip -9 of each file).
const firstLoadFiles = [...new Set(await fetched(page))].filter((f) => existsSync(`dist/${f}`));
const sizes = byKind(firstLoadFiles);
const total = sum(sizes);
// The browser's own first paint with content (the shell and the page opened), and the heap
// once ready, before any listing.
const firstPaintMs = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN);
const memoryAtStart = await memory();
const paint = [], call = [];
for (let i = 0; i <= RUNS; i++) {
  await page.fill("#ucids", "ZZ-5000-A");
  await page.click("text=List attachments");
  await page.waitForSelector("#list-summary[data-render-ms]");
  if (i === 0) continue; // warm-up
  paint.push(Number(await page.getAttribute("#list-summary", "data-render-ms")));
  call.push(Number(await page.getAttribute("#list-summary", "data-list-ms")));
}
// The code the first listing fetched (the rows and the set's tools, split points of the
// Attachments page), counted apart from the first load.
const firstLoadSet = new Set(firstLoadFiles);
const listingCode = [...new Set(await fetched(page))].filter((f) => !firstLoadSet.has(f) && f.endsWith(".wasm") && !f.startsWith("ipdocs-decoder") && existsSync(`dist/${f}`));
const rowsInDom = await page.$$eval(".rows .row", (r) => r.length);
// Scrolling: jump through the list and time each jump until painted.
const scroll = await page.evaluate(async () => {
  const el = document.querySelector(".rows");
  const times = [];
  for (let i = 1; i <= 20; i++) {
    const t0 = performance.now();
    el.scrollTop = (el.scrollHeight * i) / 21;
    el.dispatchEvent(new Event("scroll"));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
});
const memoryAfterRuns = await memory();
// Every page visited once, then back to the listing: the elements left in the document
// (only the page shown is mounted, issue 20.3; the 5,000-row listing is found again), and
// what each page's first visit fetched (its code, issue 20.3).
const onFirstVisit = [{ name: "attachments: the first listing (rows, set tools)", files: listingCode.length, ...sizeOfFiles(listingCode) }];
for (const name of ["retrievals", "uploads", "batches", "inbox", "settings", "activity", "help", "attachments"]) {
  const before = new Set(await fetched(page));
  await page.click(`nav a[href="#/${name}"]`);
  await page.waitForSelector(`nav a[href="#/${name}"][aria-current="page"]`, { state: "attached" });
  // A locator, not `waitForSelector`: its element handle would keep the page's DOM alive.
  await page.locator("main h1").waitFor();
  const wasm = (await fetched(page)).filter((f) => !before.has(f) && f.endsWith(".wasm") && existsSync(`dist/${f}`));
  if (name !== "attachments") onFirstVisit.push({ name, files: wasm.length, ...sizeOfFiles([...new Set(wasm)]) });
}
await page.waitForSelector(".rows .row");
const elementsAfterTour = await page.evaluate(() => document.getElementsByTagName("*").length);
const memoryAfterTour = await memory();
const version = browser.version();
await browser.close();

const section = `## Web app (issue 4)

Built by \`scripts/build-app.sh\` (the size build: nightly, std rebuilt for size, release-size; split by wasm-split-cli 0.2.3, wasm-opt -Oz 132); measured ${new Date().toISOString().slice(0, 10)} in Chromium ${version}. Sizes are of the files the browser fetched (gzip -9 of each; the servers send brotli, smaller).

| the first load (the Attachments page) | raw | gzip |
|---|---:|---:|
| wasm: the first module (issue 10 target ≤ 300 KiB gzip) | ${kib(sizes.wasm.raw)} | **${kib(sizes.wasm.gzip)}** |
| JS (wasm-bindgen glue, chunk loader, start-up) | ${kib(sizes.js.raw)} | ${kib(sizes.js.gzip)} |
| CSS | ${kib(sizes.css.raw)} | ${kib(sizes.css.gzip)} |
| HTML, icon | ${kib(sizes.html.raw + sizes.other.raw)} | ${kib(sizes.html.gzip + sizes.other.gzip)} |
| **total** (issue 20 target ≤ 350 KiB gzip) | **${kib(total.raw)}** | **${kib(total.gzip)}** |

| code fetched when first needed: a listing's, then each page's on its first visit | wasm files | raw | gzip |
|---|---:|---:|---:|
${onFirstVisit.map((v) => `| ${v.name} | ${v.files} | ${kib(v.raw)} | ${kib(v.gzip)} |`).join("\n")}

| loaded apart, and other builds | raw | gzip |
|---|---:|---:|
| TIFF decoder worker, loaded on first drawing (wasm + glue) | ${kib(decoder.raw)} | ${kib(decoder.gzip)} |
${officeWasm ? `| first wasm module of an office's own build (\`build-app.sh --office\`: without the demo feature) | ${kib(officeWasm.raw)} | ${kib(officeWasm.gzip)} |\n` : ""}
| 5,000 attachments (\`ZZ-5000-A\`), median of ${RUNS} | ms |
|---|---:|
| list response parsed → first rows painted (target ≤ 100 ms) | ${median(paint).toFixed(1)} |
| whole call: request, response, parse into typed values | ${median(call)} |
| scroll jump → painted (median / worst of 20) | ${median(scroll).toFixed(1)} / ${scroll[scroll.length - 1].toFixed(1)} |

Rows in the DOM while showing 5,000: ${rowsInDom}. First contentful paint: ${firstPaintMs.toFixed(0)} ms. Page load to ready (wasm compiled, settings restored): ${startupMs} ms. Elements in the document after visiting every page and coming back to the listing: ${elementsAfterTour}.

| memory, after a full garbage collection | |
|---|---|
| ready (the Attachments page) | ${describeMemory(memoryAtStart)} |
| after the ${RUNS + 1} listings of 5,000 | ${describeMemory(memoryAfterRuns)} |
| after visiting every page and coming back to the listing | ${describeMemory(memoryAfterTour)} |`;
record("app", section, `${kib(total.gzip)} gzip; first rows ${median(paint).toFixed(1)} ms`);
console.log(section);

// Runs a bench page in headless Chromium and records its results in BENCHMARKS.md:
//   node bench/run.mjs <sim url> <name> <page path> <wasm file>
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/js/browser.mjs";
import { render } from "./report.mjs";
import { record } from "./markdown.mjs";

const [sim, name, pagePath, wasmFile] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
page.on("pageerror", (e) => { console.error(String(e)); process.exitCode = 1; });
await page.goto(sim + pagePath);
await page.waitForFunction(() => window.benchResults !== undefined, null, { timeout: 600_000 });
const results = await page.evaluate(() => window.benchResults);
const version = browser.version();
await browser.close();

const wasm = readFileSync(wasmFile);
results.wasmFile = wasmFile;
results.wasmRaw = wasm.length;
results.wasmGzip = gzipSync(wasm, { level: 9 }).length;
results.browser = `Chromium ${version}`;
results.date = new Date().toISOString().slice(0, 10);

const { section, summary } = render(name, results);
record(name, section, summary);
console.log(section);

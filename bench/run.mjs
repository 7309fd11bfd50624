// Runs a bench page in headless Chromium and records its results in BENCHMARKS.md:
//   node bench/run.mjs <sim url> <name> <page path> <wasm file>
// The section between `<!-- bench:NAME -->` markers is replaced with the latest table, and
// one line is appended to the run log at the end of the file.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launch } from "../tests/js/browser.mjs";
import { render } from "./report.mjs";

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
results.wasmRaw = wasm.length;
results.wasmGzip = gzipSync(wasm, { level: 9 }).length;
results.browser = `Chromium ${version}`;
results.date = new Date().toISOString().slice(0, 10);

const { section, summary } = render(name, results);
const file = "BENCHMARKS.md";
let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nWritten by `scripts/bench.sh`; numbers are medians measured in one headless Chromium run on the project's 2-core machine.\n\n## Run log\n";
const start = `<!-- bench:${name} -->`, end = `<!-- /bench:${name} -->`;
const block = `${start}\n${section}\n${end}`;
if (text.includes(start)) {
  text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
} else {
  text = text.replace("## Run log\n", `${block}\n\n## Run log\n`);
}
text = text.trimEnd() + `\n- ${results.date} ${name}: ${summary}\n`;
writeFileSync(file, text);
console.log(section);

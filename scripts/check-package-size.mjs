// Holds the two services' wasm to their weight budget (issue 20: ≤ 120 KiB gzip -9 each,
// measured as BENCHMARKS.md measures it, node's zlib at level 9). The test command runs it on
// the size build it publishes; a stable toolchain's build (a machine without nightly) is
// larger by design and not held to it.
//   node scripts/check-package-size.mjs [pkg dir]
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dir = process.argv[2] ?? "pkg";
const budget = 120 * 1024;
const toolchain = existsSync(`${dir}/.toolchain`) ? readFileSync(`${dir}/.toolchain`, "utf8").trim() : "stable";
if (toolchain !== "size") {
  console.log(`${dir}: the stable toolchain's build, not held to the size budget`);
  process.exit(0);
}
let over = false;
for (const service of ["claims", "das"]) {
  const gzip = gzipSync(readFileSync(`${dir}/${service}_bg.wasm`), { level: 9 }).length;
  console.log(`${service}_bg.wasm: ${(gzip / 1024).toFixed(1)} KiB gzip -9 (budget 120 KiB)`);
  if (gzip > budget) {
    console.error(`${service}_bg.wasm is ${gzip - budget} bytes over its budget (docs/js-api.md, "Weight")`);
    over = true;
  }
}
process.exit(over ? 1 : 0);

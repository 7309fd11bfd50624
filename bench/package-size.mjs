// The npm package's sizes, as `npm pack` sees them, into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { record } from "./markdown.mjs";

const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--silent"], { cwd: "pkg", encoding: "utf8" }));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (file) => { const bytes = readFileSync(`pkg/${file}`); return [bytes.length, gzipSync(bytes, { level: 9 }).length]; };
const rows = ["claims", "das"].map((service) => {
  const [wasm, wasmGz] = sizes(`${service}_bg.wasm`);
  const [js, jsGz] = sizes(`${service}.js`);
  return { service, wasm, wasmGz, js, jsGz };
});
const section = `## npm package (issues 5 and 10)

${new Date().toISOString().slice(0, 10)}, \`npm pack\` of \`pkg/\` (${pack.entryCount} files). Each service is its own
wasm module (\`ipdocs/claims\`, \`ipdocs/das\`); \`ipdocs\` loads both.

| | raw | gzip -9 |
|---|---|---|
| whole package (unpacked / tarball) | ${kib(pack.unpackedSize)} | ${kib(pack.size)} |
${rows.map((r) => `| \`${r.service}_bg.wasm\` | ${kib(r.wasm)} | **${kib(r.wasmGz)}** (target ≤ 120 KiB) |
| \`${r.service}.js\` (glue) | ${kib(r.js)} | ${kib(r.jsGz)} |`).join("\n")}`;
record("package", section, `unpacked ${kib(pack.unpackedSize)}, tarball ${kib(pack.size)}, ${rows.map((r) => `${r.service} wasm ${kib(r.wasmGz)}`).join(", ")} gzip`);
console.log(section);

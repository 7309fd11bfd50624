// The npm package's sizes, as `npm pack` sees them, into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { record } from "./markdown.mjs";

const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--silent"], { cwd: "pkg", encoding: "utf8" }));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (file) => { const bytes = readFileSync(`pkg/${file}`); return [bytes.length, gzipSync(bytes, { level: 9 }).length]; };
const [wasm, wasmGz] = sizes("ipdocs_bg.wasm");
const [js, jsGz] = sizes("ipdocs.js");
const [dts] = sizes("ipdocs.d.ts");
const section = `## npm package (issue 5)

${new Date().toISOString().slice(0, 10)}, \`npm pack\` of \`pkg/\` (${pack.entryCount} files).

| | raw | gzip -9 |
|---|---|---|
| whole package (unpacked / tarball) | ${kib(pack.unpackedSize)} | ${kib(pack.size)} |
| \`ipdocs_bg.wasm\` | ${kib(wasm)} | **${kib(wasmGz)}** (target ≤ 150 KiB) |
| \`ipdocs.js\` (glue) | ${kib(js)} | ${kib(jsGz)} |
| \`ipdocs.d.ts\` | ${kib(dts)} | |`;
record("package", section, `unpacked ${kib(pack.unpackedSize)}, tarball ${kib(pack.size)}, wasm ${kib(wasmGz)} gzip`);
console.log(section);

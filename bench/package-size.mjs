// The npm package's sizes, as `npm pack` sees them, into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { record } from "./markdown.mjs";

const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--silent"], { cwd: "pkg", encoding: "utf8" }));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (file, dir = "pkg") => { const bytes = readFileSync(`${dir}/${file}`); return [bytes.length, gzipSync(bytes, { level: 9 }).length]; };
// `das-batch` is DAS with CSV batches (`ipdocs/das-batch`): the 120 KiB target is for the two
// services' entries, `ipdocs/claims` and `ipdocs/das`.
const services = ["claims", "das", "das-batch"];
const target = (service) => (service === "das-batch" ? "(DAS with batches)" : "(target ≤ 120 KiB)");
// Which toolchain built pkg/ (scripts/build-pkg.sh), and the stable toolchain's build beside it.
const toolchain = existsSync("pkg/.toolchain") ? readFileSync("pkg/.toolchain", "utf8").trim() : "stable";
const stable = existsSync("target/pkg-stable/package.json")
  ? services.map((service) => `\`${service}_bg.wasm\` ${kib(sizes(`${service}_bg.wasm`, "target/pkg-stable")[1])}`).join(", ")
  : null;
const rows = services.map((service) => {
  const [wasm, wasmGz] = sizes(`${service}_bg.wasm`);
  const [js, jsGz] = sizes(`${service}.js`);
  return { service, wasm, wasmGz, js, jsGz };
});
const section = `## npm package (issues 5 and 10)

${new Date().toISOString().slice(0, 10)}, \`npm pack\` of \`pkg/\` (${pack.entryCount} files). Each service is its own
wasm module (\`ipdocs/claims\`, \`ipdocs/das\`, and \`ipdocs/das-batch\`: DAS with CSV batches); \`ipdocs\` loads
CLAIMS and DAS with batches. Built by \`scripts/build-pkg.sh\`: the
${toolchain === "size" ? "size build (nightly std with `panic = \"immediate-abort\"`, `-Zlocation-detail=none`)" : "stable toolchain's build"}.

| | raw | gzip -9 |
|---|---|---|
| whole package (unpacked / tarball) | ${kib(pack.unpackedSize)} | ${kib(pack.size)} |
${rows.map((r) => `| \`${r.service}_bg.wasm\` | ${kib(r.wasm)} | **${kib(r.wasmGz)}** ${target(r.service)} |
| \`${r.service}.js\` (glue) | ${kib(r.js)} | ${kib(r.jsGz)} |`).join("\n")}${stable ? `

The same sources built with the stable toolchain (\`build-pkg.sh --stable\`, gzip -9): ${stable}.` : ""}`;
record("package", section, `unpacked ${kib(pack.unpackedSize)}, tarball ${kib(pack.size)}, ${rows.map((r) => `${r.service} wasm ${kib(r.wasmGz)}`).join(", ")} gzip`);
console.log(section);

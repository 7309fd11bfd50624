// Prints pkg/package.json, taking name, version, description and license from Cargo.toml.
import { readFileSync } from "node:fs";

const cargo = readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8");
const pkgSection = cargo.slice(cargo.indexOf("[package]"));
const field = (name) => pkgSection.match(new RegExp(`^${name} = "([^"]*)"`, "m"))?.[1];

const manifest = {
  name: "ipdocs",
  version: field("version"),
  description: field("description"),
  license: "MIT OR Apache-2.0",
  repository: { type: "git", url: "https://example.invalid/ipdocs" },
  type: "module",
  main: "./ipdocs.js",
  module: "./ipdocs.js",
  types: "./ipdocs.d.ts",
  // One entry per service, each with its own wasm file (`das-batch`: DAS with CSV batches), and
  // "." importing CLAIMS and DAS with batches.
  exports: {
    ".": { types: "./ipdocs.d.ts", import: "./ipdocs.js", default: "./ipdocs.js" },
    "./claims": { types: "./claims.d.ts", import: "./claims.js", default: "./claims.js" },
    "./das": { types: "./das.d.ts", import: "./das.js", default: "./das.js" },
    "./das-batch": { types: "./das-batch.d.ts", import: "./das-batch.js", default: "./das-batch.js" },
    "./claims_bg.wasm": "./claims_bg.wasm",
    "./das_bg.wasm": "./das_bg.wasm",
    "./das-batch_bg.wasm": "./das-batch_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "ipdocs.js", "ipdocs.d.ts", "claims.js", "claims.d.ts", "claims_bg.wasm",
    "das.js", "das.d.ts", "das_bg.wasm", "das-batch.js", "das-batch.d.ts", "das-batch_bg.wasm",
    "README.md",
    // JS modules the glue imports (the attachment lists' hand-off to JS objects).
    "snippets/",
  ],
  sideEffects: false,
  keywords: ["patent", "wipo", "das", "priority-document", "ificlaims", "webassembly"],
};
process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");

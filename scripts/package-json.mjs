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
  exports: {
    ".": { types: "./ipdocs.d.ts", import: "./ipdocs.js", default: "./ipdocs.js" },
    "./ipdocs_bg.wasm": "./ipdocs_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["ipdocs.js", "ipdocs.d.ts", "ipdocs_bg.wasm", "README.md"],
  sideEffects: false,
  keywords: ["patent", "wipo", "das", "priority-document", "ificlaims", "webassembly"],
};
process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");

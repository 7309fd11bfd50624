// wasm-bindgen declares init()'s result (`InitOutput`) as the raw wasm exports, typed `any`.
// Users need none of them but `memory`: narrow the interface so the public surface of the
// package has no `any`.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const dts = readFileSync(file, "utf8");
const start = dts.indexOf("export interface InitOutput {");
const end = dts.indexOf("\n}\n", start);
if (start < 0 || end < 0) throw new Error(`no InitOutput interface in ${file}`);
const narrowed = `export interface InitOutput {
    /** The module's linear memory (its size shows the library's wasm memory use). */
    readonly memory: WebAssembly.Memory;
}`;
writeFileSync(file, dts.slice(0, start) + narrowed + dts.slice(end + 2));
if (/\bany\b/.test(dts.slice(0, start) + narrowed + dts.slice(end + 2))) throw new Error(`${file} still mentions any`);

// Assembles the built web app into a directory of plain static files (what Trunk did before
// the app was split into chunks, which Trunk cannot do: trunk-rs/trunk#1022):
//   node scripts/assemble-app.mjs WORK DIST
// WORK holds what scripts/build-app.sh made: app/ (the first module's wasm-bindgen output, its
// split chunks and wasm-split-cli's loader `__wasm_split.js`) and decoder/ (the TIFF worker).
//
// Names: the app's files carry one content hash of all of them (`-` and 16 hex digits, the
// form the servers cache for a year), so a new build never mixes with an old one, even in a
// tab opened before it that fetches a page's chunk later. The worker's files keep fixed names,
// as the app asks for them by name. The start-up script is a file (the CSP allows no inline
// script), and index.html is made from the root index.html.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [work, dist] = process.argv.slice(2);
const app = join(work, "app");
const sha = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex").slice(0, 16);
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The app: the first module, its glue, the loader and the chunks (`split_page_x`, `chunk_n`).
const chunks = readdirSync(app).filter((f) => f.endsWith(".wasm") && f !== "ipdocs-www_bg.wasm").sort();
const appFiles = ["ipdocs-www.js", "ipdocs-www_bg.wasm", "__wasm_split.js", ...chunks];
const hash = sha(...appFiles.map((f) => readFileSync(join(app, f))));
const chunkName = (f) => `${f.slice(0, -".wasm".length).replaceAll("_", "-")}-${hash}.wasm`;
const glue = `ipdocs-www-${hash}.js`;
const wasm = `ipdocs-www-${hash}_bg.wasm`;
const loader = `wasm-split-${hash}.js`;

// The glue imports the loader by URL; the wasm's import names stay as they are (the keys of
// the glue's imports object, `"./__wasm_split.js": importN`, must keep matching them).
const glueText = readFileSync(join(app, "ipdocs-www.js"), "utf8");
const loaderImport = 'from "./__wasm_split.js"';
if (!glueText.includes(loaderImport)) throw new Error(`ipdocs-www.js has no ${loaderImport}`);
writeFileSync(join(dist, glue), glueText.replaceAll(loaderImport, `from "./${loader}"`));
copyFileSync(join(app, "ipdocs-www_bg.wasm"), join(dist, wasm));

let loaderText = readFileSync(join(app, "__wasm_split.js"), "utf8");
loaderText = replaceOnce(loaderText, '"./ipdocs-www.js"', `"./${glue}"`);
for (const chunk of chunks) {
  loaderText = replaceOnce(loaderText, `"./${chunk}"`, `"./${chunkName(chunk)}"`);
  copyFileSync(join(app, chunk), join(dist, chunkName(chunk)));
}
// wasm-split-cli 0.2.3's loader starts a chunk's fetch, then waits for the chunks it depends
// on before it looks at that fetch: a failed fetch meanwhile is an unhandled rejection (a
// page error) although the load's failure is reported where it is awaited. Observed at once.
const fetchStart = /(const src = fetch\(new URL\("[^"]+", import\.meta\.url\)\);)/g;
const fetches = loaderText.match(fetchStart)?.length ?? 0;
if (fetches !== chunks.length) throw new Error(`the loader fetches ${fetches} modules, expected ${chunks.length}`);
loaderText = loaderText.replace(fetchStart, "$1 src.catch(() => {});");
writeFileSync(join(dist, loader), loaderText);

// The decoder worker, under the names the app asks for.
for (const f of readdirSync(join(work, "decoder"))) copyFileSync(join(work, "decoder", f), join(dist, f));
writeFileSync(
  join(dist, "ipdocs-decoder_loader.js"),
  'importScripts("./ipdocs-decoder.js");\nwasm_bindgen("./ipdocs-decoder_bg.wasm");\n',
);

// Style, icon and start-up script, each named by its own hash.
const hashed = (bytes, stem, ext) => {
  const name = `${stem}-${sha(bytes)}.${ext}`;
  writeFileSync(join(dist, name), bytes);
  return name;
};
const style = hashed(readFileSync("www/style.css"), "style", "css");
const icon = hashed(readFileSync("www/favicon.svg"), "favicon", "svg");
const start = hashed(`import init from "./${glue}";\nawait init({ module_or_path: "./${wasm}" });\n`, "start", "js");

const head = [
  `<link rel="stylesheet" href="./${style}" />`,
  `<link rel="icon" href="./${icon}" type="image/svg+xml" />`,
  `<link rel="modulepreload" href="./${glue}" />`,
  `<link rel="modulepreload" href="./${loader}" />`,
  `<link rel="preload" href="./${wasm}" as="fetch" type="application/wasm" crossorigin="anonymous" />`,
  `<script type="module" src="./${start}"></script>`,
].map((line) => `    ${line}`).join("\n");
const page = replaceOnce(readFileSync("index.html", "utf8"), "    <!-- assets -->", head);
writeFileSync(join(dist, "index.html"), page);
console.log(`${dist}: ${glue}, ${loader} and ${chunks.length} chunks`);

/** `text` with `from` replaced by `to`, which must occur exactly once. */
function replaceOnce(text, from, to) {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`expected one ${from}, found ${parts.length - 1}`);
  return parts.join(to);
}

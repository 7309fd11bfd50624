// Precompressed copies of a built app's text and wasm assets, made once at build time: NAME.gz
// (gzip -9) and NAME.br (brotli, quality 11), which the simulator, `ipdocs-office --app` and
// nginx (`gzip_static`) send with `Content-Encoding` to browsers that accept them. A copy that
// would not be smaller is not written.
//   node scripts/precompress.mjs DIR
import { readdirSync, readFileSync, writeFileSync, statSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dir = process.argv[2];
const compressible = /\.(wasm|js|css|html|svg|json|map)$/;
let raw = 0, gz = 0, br = 0;
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (/\.(gz|br)$/.test(name)) rmSync(path);
}
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !compressible.test(name)) continue;
  const bytes = readFileSync(path);
  const gzipped = gzipSync(bytes, { level: 9 });
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  raw += bytes.length;
  if (gzipped.length < bytes.length) { writeFileSync(`${path}.gz`, gzipped); gz += gzipped.length; }
  if (brotli.length < bytes.length) { writeFileSync(`${path}.br`, brotli); br += brotli.length; }
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`${dir}: ${kib(raw)} → gzip ${kib(gz)}, brotli ${kib(br)}`);

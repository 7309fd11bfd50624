// How the app's files go over the wire from the simulator and from `ipdocs-office --app`
// (deploy/nginx.conf is checked in nginx.test.mjs): the build's brotli or gzip copy, as the
// browser accepts, byte for byte; files named by their content hash cached for a year,
// index.html and the unhashed worker files revalidated.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { control, SIM, startOffice, raw } from "./app.mjs";

let office;
before(async () => {
  const info = await control("/_sim/info");
  office = await startOffice(info, `served-staff-token-${process.pid}`, ["--app", "dist"]);
});
after(() => office?.stop());

const wasm = readdirSync("dist").find((n) => /^ipdocs-www-[0-9a-f]{16}_bg\.wasm$/.test(n));
const loader = readdirSync("dist").find((n) => /^wasm-split-[0-9a-f]{16}\.js$/.test(n));
const chunk = readdirSync("dist").find((n) => /^split-page-inbox-[0-9a-f]{16}\.wasm$/.test(n));

for (const [server, origin] of [["the simulator", () => SIM], ["ipdocs-office --app", () => office.url]]) {
  test(`${server} sends the precompressed copies and caching by name`, async () => {
    const url = `${origin()}/${wasm}`;
    const br = await raw(url, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(br.status, 200);
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(br.headers["content-type"], "application/wasm");
    assert.deepEqual(br.body, readFileSync(`dist/${wasm}.br`), "the build's brotli copy, as it is");
    assert.equal(br.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.match(br.headers.vary ?? "", /accept-encoding/i);

    const gz = await raw(url, { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(gz.body, readFileSync(`dist/${wasm}.gz`));
    const plain = await raw(url);
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.deepEqual(plain.body, readFileSync(`dist/${wasm}`));
    assert.ok(br.body.length < plain.body.length * 0.5, `brotli ${br.body.length} of ${plain.body.length} bytes`);

    const index = await raw(`${origin()}/`, { "accept-encoding": "br" });
    assert.equal(index.headers["cache-control"], "no-cache", "index.html is revalidated");
    assert.ok(index.headers["content-security-policy"], "the CSP is still sent");
    const worker = await raw(`${origin()}/ipdocs-decoder_bg.wasm`);
    assert.equal(worker.headers["cache-control"], "no-cache", "an unhashed file is revalidated");
    // The chunk loader and a page's chunk, fetched later, carry the build's hash too.
    for (const name of [loader, chunk]) {
      const file = await raw(`${origin()}/${name}`, { "accept-encoding": "br" });
      assert.equal(file.status, 200, name);
      assert.equal(file.headers["cache-control"], "public, max-age=31536000, immutable", name);
      assert.deepEqual(file.body, readFileSync(`dist/${name}.br`), name);
    }
  });
}

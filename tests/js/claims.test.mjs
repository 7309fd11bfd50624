// The npm package's ClaimsDirect, used from JavaScript in headless Chromium against the
// simulator, exactly as the README documents it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, harness, login, faults, evaluate, SIM } from "./browser.mjs";

let browser, page, errors;

before(async () => {
  browser = await launch();
  ({ page, errors } = await harness(browser));
});
after(async () => {
  await browser?.close();
});

/** Runs `body(ClaimsDirect, options)` in the page with a login's options. */
const run = (user, body, extra = {}) =>
  evaluate(
    page,
    async (ipdocs, { sim, user, extra, source }) => {
      const options = { baseUrl: sim, user, password: "pw", ...extra };
      return new Function("ClaimsDirect", "options", `return (${source})(ClaimsDirect, options)`)(ipdocs.ClaimsDirect, options);
    },
    { sim: SIM, user, extra, source: body.toString() },
  );

test("list returns plain Attachment objects", async () => {
  await login("js-list");
  const r = await run("js-list", async (ClaimsDirect, o) => {
    const list = await new ClaimsDirect(o).list("EP-0700000-A2");
    return { list, proto: Object.getPrototypeOf(list[0]) === Object.prototype, keys: Object.keys(list[0]).sort() };
  });
  assert.equal(r.ok.list.length, 7);
  assert.ok(r.ok.proto);
  assert.deepEqual(r.ok.keys, ["filename", "media", "path", "pkey", "size"]);
  assert.equal(typeof r.ok.list[0].size, "number");
  assert.equal(r.ok.list[0].pkey, "EP-0700000-A2-19960306");
});

test("list in XML gives the same values", async () => {
  await login("js-xml");
  const r = await run(
    "js-xml",
    async (ClaimsDirect, o) => [
      await new ClaimsDirect({ ...o, format: "xml" }).list("WO-2020000001-A1"),
      await new ClaimsDirect({ ...o, format: "json" }).list("WO-2020000001-A1"),
    ],
  );
  assert.deepEqual(r.ok[0], r.ok[1]);
  assert.ok(r.ok[0].some((a) => a.media === "application/mathmatica"));
});

test("list of a UCID without attachments is []", async () => {
  await login("js-empty");
  const r = await run("js-empty", async (C, o) => new C(o).list("GB-2999999-A"));
  assert.deepEqual(r.ok, []);
});

test("listMany returns a record in request order with every UCID", async () => {
  await login("js-many");
  const r = await run("js-many", async (C, o) => {
    const ucids = ["US-5551212-A", "ep-700000-a2", "GB-2999999-A"];
    for (let i = 0; i < 150; i++) ucids.push(`US-${7000000 + i}-A`);
    ucids.push("EP0700000A2");
    const record = await new C(o).listMany(ucids);
    return { keys: Object.keys(record), a2: record["EP-0700000-A2"].length, gb: record["GB-2999999-A"] };
  });
  assert.equal(r.ok.keys.length, 153);
  assert.deepEqual(r.ok.keys.slice(0, 3), ["US-5551212-A", "EP-0700000-A2", "GB-2999999-A"]);
  assert.equal(r.ok.a2, 7);
  assert.deepEqual(r.ok.gb, []);
});

test("fetch, fetchAll, pdf and abstractImage return Blobs or null", async () => {
  await login("js-files");
  const r = await run("js-files", async (C, o) => {
    const c = new C(o);
    const [first] = await c.list("EP-0700000-B1");
    const head = async (blob) => Array.from(new Uint8Array(await blob.slice(0, 4).arrayBuffer()));
    const one = await c.fetch(first.path);
    return {
      fetched: [one instanceof Blob, one.size === first.size, one.type],
      zip: await head(await c.fetchAll("EP-0700000-B1")),
      pdf: await head(await c.pdf("EP-0700000-B1")),
      noPdf: await c.pdf("EP-0666666-A3"),
      tiff: (await c.abstractImage("EP-0700000-B1")).type,
      png: (await c.abstractImage("EP-0700000-B1", "image/png")).type,
      noImage: await c.abstractImage("GB-2999999-A"),
    };
  });
  assert.deepEqual(r.ok.fetched, [true, true, "application/pdf"]);
  assert.deepEqual(r.ok.zip, [0x50, 0x4b, 3, 4]);
  assert.deepEqual(r.ok.pdf, [0x25, 0x50, 0x44, 0x46]);
  assert.equal(r.ok.noPdf, null);
  assert.equal(r.ok.tiff, "image/tiff");
  assert.equal(r.ok.png, "image/png");
  assert.equal(r.ok.noImage, null);
});

test("errors are IpdocsErrors with kind and status", async () => {
  await login("js-errors");
  const notFound = await run("js-errors", async (C, o) => new C(o).fetch("/no/such/file.tif"));
  assert.equal(notFound.error.isError, true);
  assert.equal(notFound.error.name, "IpdocsError");
  assert.equal(notFound.error.kind, "not_found");
  assert.equal(notFound.error.status, 404);
  assert.match(notFound.error.body, /call list/);

  const badLogin = await run("nobody", async (C, o) => new C(o).list("EP-0700000-A2"));
  assert.equal(badLogin.error.kind, "unauthorized");
  assert.equal(badLogin.error.status, 401);

  const badUcid = await run("js-errors", async (C, o) => new C(o).list("garbage!"));
  assert.equal(badUcid.error.kind, "invalid_input");
  assert.equal(badUcid.error.status, undefined);

  const wrongType = await run("js-errors", async (C, o) => new C(o).listMany("EP-0700000-A2"));
  assert.equal(wrongType.error.kind, "invalid_input");
});

test("bad constructor options throw invalid_input synchronously", async () => {
  for (const extra of [{ baseUrl: "ftp://x" }, { format: "yaml" }, { retries: 99 }, { password: "" }, { typo: 1 }]) {
    const r = await run("js-ctor", (C, o) => { new C(o); return "constructed"; }, extra);
    assert.equal(r.error?.kind, "invalid_input", JSON.stringify(extra));
  }
});

test("429 without retries exposes retryAfterMs; with retries it succeeds", async () => {
  await login("js-429", 0.3, 1500);
  const limited = await run("js-429", async (C, o) => {
    const c = new C({ ...o, retries: 0 });
    await c.list("EP-0700000-A2");
    return c.list("EP-0700000-A2");
  });
  assert.equal(limited.error.kind, "rate_limited");
  assert.equal(limited.error.status, 429);
  assert.ok(limited.error.retryAfterMs >= 1000 && limited.error.retryAfterMs <= 2000);
  const retried = await run("js-429", async (C, o) => (await new C({ ...o, retries: 2 }).list("EP-0700000-A2")).length);
  assert.equal(retried.ok, 7);
});

test("AbortSignal aborts; timeoutMs times out", async () => {
  await login("js-abort");
  await faults("js-abort", [{ kind: "delay", ms: 3000 }, { kind: "delay", ms: 3000 }]);
  const aborted = await run("js-abort", async (C, o) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    return new C(o).list("EP-0700000-A2", { signal: controller.signal });
  });
  assert.equal(aborted.error.kind, "aborted");
  const timedOut = await run("js-abort", async (C, o) => new C({ ...o, timeoutMs: 200, retries: 0 }).list("EP-0700000-A2"));
  assert.equal(timedOut.error.kind, "timeout");
});

test("no uncaught errors on the page", () => {
  assert.deepEqual(errors, []);
});

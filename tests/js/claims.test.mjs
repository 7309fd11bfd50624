// The npm package's ClaimsDirect, used from JavaScript in headless Chromium against the
// simulator, exactly as the README documents it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, harness, login, faults, evaluate, control, SIM } from "./browser.mjs";

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

test("listSet keeps the batches that succeeded, reports the failed one, and a retry completes the set", async () => {
  await login("js-set");
  // The first of three batches gets a 503; retries are off so the failure reaches listSet.
  await faults("js-set", [{ kind: "status", status: 503 }]);
  const r = await run("js-set", async (C, o) => {
    const ucids = ["EP-0700000-A2"];
    for (let i = 0; i < 240; i++) ucids.push(`US-${7100000 + i}-A`);
    const c = new C({ ...o, retries: 0 });
    const first = await c.listSet(ucids);
    const again = await c.listSet(first.failed.flatMap((f) => f.ucids));
    return {
      listed: first.listings.length,
      failed: first.failed.map((f) => [f.ucids.length, f.error.kind, f.error.status, f.error instanceof Error]),
      again: [again.listings.length, again.failed.length],
      all: new Set([...first.listings, ...again.listings].map((l) => l.ucid)).size,
      a2: [...first.listings, ...again.listings].find((l) => l.ucid === "EP-0700000-A2"),
      // Each listing's keys in order, a count only where the service gave one.
      shapes: [...new Set([...first.listings, ...again.listings].map((l) => Object.keys(l).join()))].sort(),
      noCountAsNaN: [...first.listings, ...again.listings].every((l) => !("count" in l) || Number.isFinite(l.count)),
    };
  });
  assert.equal(r.ok.failed.length, 1);
  const [size, kind, status, isError] = r.ok.failed[0];
  assert.deepEqual([kind, status, isError], ["server", 503, true]);
  assert.equal(r.ok.listed + size, 241);
  assert.deepEqual(r.ok.again, [size, 0]);
  assert.equal(r.ok.all, 241);
  assert.equal(r.ok.a2.attachments.length, 7);
  assert.equal(r.ok.a2.count, 7);
  assert.ok(r.ok.shapes.every((s) => s === "ucid,count,attachments" || s === "ucid,attachments"), r.ok.shapes.join(" | "));
  assert.ok(r.ok.noCountAsNaN);
});

test("listSet surfaces a stored count larger than what was listed", async () => {
  await control("/_sim/logins", { user: "js-count", password: "pw", listLimit: 2 });
  const r = await run("js-count", async (C, o) => {
    const json = await new C(o).listSet(["EP-0700000-A2", "GB-2999999-A"]);
    const xml = await new C({ ...o, format: "xml" }).listSet(["EP-0700000-A2"]);
    return [json.listings.map((l) => [l.ucid, l.attachments.length, l.count]), xml.listings[0].count];
  });
  assert.deepEqual(r.ok[0], [["EP-0700000-A2", 2, 7], ["GB-2999999-A", 0, 0]]);
  assert.equal(r.ok[1], 7);
});

test("a shared RequestBudget paces two clients of one login: no 429, all units used", async () => {
  // 55 RU per second: 10 zips per window; 40 zips over two clients need four windows.
  await login("js-paced", 55, 1000);
  const r = await run("js-paced", async (C, o) => {
    const budget = new window.ipdocs.RequestBudget({ limits: [{ units: 55, windowMs: 1000 }] });
    const clients = [new C({ ...o, retries: 0 }).withBudget(budget), new C({ ...o, retries: 0 }).withBudget(budget)];
    const started = performance.now();
    const sizes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => clients[i % 2].fetchAll("EP-0700000-B1").then((b) => b.size)),
    );
    return {
      elapsed: performance.now() - started, ok: sizes.every((s) => s > 0),
      total: budget.totalUnits, refusals: budget.refusals, usage: budget.usage(),
    };
  });
  assert.ok(r.ok.ok, JSON.stringify(r));
  assert.equal(r.ok.total, 220);
  assert.equal(r.ok.refusals, 0);
  // Three full waits (the first window is free), but not much more.
  assert.ok(r.ok.elapsed >= 3000 && r.ok.elapsed < 6000, `${r.ok.elapsed} ms`);
  assert.equal(r.ok.usage[0].units, 55);
  assert.ok(r.ok.usage[0].used > 0 && r.ok.usage[0].used <= 55);
});

test("RequestBudget refuses limits and weights that cannot work", async () => {
  for (const options of [{ limits: [] }, { limits: [{ units: 0, windowMs: 1000 }] }, { limits: [{ units: 5, windowMs: 1000 }] },
    { weights: { list: -1 } }, { limit: [] }, { limits: [{ units: 10, windowMs: 1000, burst: 1 }] }]) {
    const r = await evaluate(page, (ipdocs, { options }) => { new ipdocs.RequestBudget(options); return "made"; }, { options });
    assert.equal(r.error?.kind, "invalid_input", JSON.stringify(options));
  }
});

test("downloadMany saves zips, PDFs, abstract images and chosen media with names, skipping saved ones", async () => {
  await login("js-bulk");
  const r = await run("js-bulk", async (C, o) => {
    const saved = {};
    const progress = [];
    const result = await new C(o).downloadMany(["EP-0700000-B1", "EP-0666666-A3", "GB-2999999-A", "ep-700000-b1"], {
      what: ["zip", "pdf", "abstractImage", "application/pdf"],
      onFile: async (f) => { saved[f.name] = [f.ucid, f.what, f.blob.type, f.blob.size]; },
      skip: (name) => name === "EP-0666666-A3.zip",
      onProgress: (p) => progress.push(p),
      concurrency: 3,
    });
    return { saved, result: { ...result, failed: result.failed.map((f) => [f.ucid, f.what, f.error.kind]) }, last: progress.at(-1) };
  });
  const { saved, result, last } = r.ok;
  assert.deepEqual(Object.keys(saved).sort(), [
    "EP-0666666-A3-abstract.tif", "EP-0700000-B1-EP0700000B120001004.pdf", "EP-0700000-B1-abstract.tif",
    "EP-0700000-B1.pdf", "EP-0700000-B1.zip",
  ].sort(), JSON.stringify(r));
  assert.deepEqual(saved["EP-0700000-B1.zip"].slice(0, 3), ["EP-0700000-B1", "zip", "application/zip"]);
  assert.equal(saved["EP-0700000-B1-abstract.tif"][2], "image/tiff");
  assert.deepEqual(result.skipped, ["EP-0666666-A3.zip"]);
  // No PDF for the TIFF-only A3; nothing at all for GB-2999999-A; its zip is a 404.
  assert.deepEqual(result.none.map((n) => `${n.ucid} ${n.what}`).sort(), [
    "EP-0666666-A3 pdf", "GB-2999999-A abstractImage", "GB-2999999-A pdf",
  ]);
  assert.deepEqual(result.failed, [["GB-2999999-A", "zip", "not_found"]]);
  assert.equal(result.saved.length, 5);
  assert.deepEqual(last, { total: 10, saved: 5, skipped: 1, none: 3, failed: 1 });
});

test("downloadMany: a failing onFile fails that file only; an abort rejects; bad options are refused", async () => {
  await login("js-bulk-bad");
  const r = await run("js-bulk-bad", async (C, o) => {
    const c = new C(o);
    const full = await c.downloadMany(["EP-0700000-B1", "EP-0700000-A2"], {
      what: ["pdf"], onFile: (f) => { if (f.ucid === "EP-0700000-A2") throw new Error("disk full"); },
    });
    const controller = new AbortController();
    let aborted;
    try {
      await c.downloadMany(["EP-0700000-B1", "EP-0700000-A2"], {
        what: ["zip"], signal: controller.signal, onFile: () => controller.abort(),
      });
    } catch (e) { aborted = e.kind; }
    const refusals = [];
    for (const options of [{ what: ["zip"] }, { what: [], onFile() {} }, { what: ["zips"], onFile() {} },
      { what: ["zip"], onFile() {}, concurrency: 0 }, { what: ["zip"], onFile() {}, typo: 1 }, { what: ["zip"], onFile: 3 }]) {
      try { await c.downloadMany(["EP-0700000-B1"], options); refusals.push("accepted"); } catch (e) { refusals.push(e.kind); }
    }
    return { saved: full.saved.map((s) => s.name), failed: full.failed.map((f) => [f.name, f.error.message]), aborted, refusals };
  });
  assert.deepEqual(r.ok.saved, ["EP-0700000-B1.pdf"]);
  assert.equal(r.ok.failed.length, 1);
  assert.equal(r.ok.failed[0][0], "EP-0700000-A2.pdf");
  assert.match(r.ok.failed[0][1], /disk full/);
  assert.equal(r.ok.aborted, "aborted");
  assert.deepEqual(r.ok.refusals, Array(6).fill("invalid_input"));
});

test("parseAttachmentListMany reads text or bytes alike (BOM and all) and refuses anything else", async () => {
  const r = await evaluate(page, async (ipdocs, { sim }) => {
    const url = `${sim}/_sim/synthetic-list?ucids=3&per=4&format=json`;
    const text = await (await fetch(url)).text();
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const fromText = ipdocs.parseAttachmentListMany(text, "application/json");
    const fromBytes = ipdocs.parseAttachmentListMany(bytes, "application/json");
    let refused;
    try { ipdocs.parseAttachmentListMany(42); } catch (e) { refused = { name: e.name, kind: e.kind, message: e.message }; }
    let broken;
    try { ipdocs.parseAttachmentListMany(bytes.subarray(0, 200), "application/json"); } catch (e) { broken = e.kind; }
    return { same: JSON.stringify(fromText) === JSON.stringify(fromBytes), keys: Object.keys(fromBytes), per: Object.values(fromBytes).map((l) => l.length), refused, broken };
  }, { sim: SIM });
  assert.ok(r.ok.same);
  assert.equal(r.ok.keys.length, 3);
  assert.deepEqual(r.ok.per, [4, 4, 4]);
  assert.deepEqual(r.ok.refused, { name: "IpdocsError", kind: "invalid_input", message: "body must be a string or a Uint8Array" });
  assert.equal(r.ok.broken, "parse");
});

test("attachment lists reach JS field for field: non-ASCII text, escapes, order, sizes and odd keys", async () => {
  const r = await evaluate(page, async (ipdocs) => {
    // Written by hand: characters outside ASCII and the BMP (UTF-16 pairs), JSON escapes,
    // a key JS treats specially, an empty group, and the largest exact size.
    const attachment = (path, filename, size) =>
      ({ path, filename, media: "image/tiff", pkey: "EP-0700000-B1-20001004", size });
    const body = {
      status: "success",
      attachments: [
        { "EP-0700000-B1": { count: 2, attachments: [
          attachment("/a/Zeichnung-ä.tif", "Zeichnung-ä.tif", 1),
          attachment("/a/\u{1F600}/\"q\"\\n", "😀 \"q\"", 9007199254740991),
        ] } },
        { PROTO: { count: 1, attachments: [attachment("/p", "p.tif", 3)] } },
        { "US-1-A": { count: 0, attachments: [] } },
      ],
    };
    // "__proto__" as an own key, as JSON.parse (not an object literal) makes it.
    const text = JSON.stringify(body).replace('"PROTO"', '"__proto__"');
    const got = ipdocs.parseAttachmentListMany(text, "application/json");
    const want = {};
    for (const group of JSON.parse(text).attachments) {
      for (const [key, g] of Object.entries(group)) {
        Object.defineProperty(want, key, { value: g.attachments, enumerable: true, writable: true, configurable: true });
      }
    }
    return {
      same: JSON.stringify(got) === JSON.stringify(want),
      keys: Object.keys(got),
      protoUntouched: Object.getPrototypeOf(got) === Object.prototype,
      second: got["EP-0700000-B1"][1],
      fieldOrder: Object.keys(got["EP-0700000-B1"][0]),
    };
  });
  assert.ok(r.ok.same, JSON.stringify(r.ok));
  assert.deepEqual(r.ok.keys, ["EP-0700000-B1", "__proto__", "US-1-A"]);
  assert.ok(r.ok.protoUntouched);
  assert.equal(r.ok.second.filename, "😀 \"q\"");
  assert.equal(r.ok.second.size, 9007199254740991);
  assert.deepEqual(r.ok.fieldOrder, ["path", "filename", "media", "pkey", "size"]);
});

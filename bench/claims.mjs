// Parses the same 10,000-attachment multi-UCID list (100 UCIDs × 100) with the library and
// with the browser's own parsers, in one page, and leaves the medians in window.benchResults.
import init, * as ipdocs from "/bench-pkg/ipdocs.js";

const wasm = await init();
const get = async (format) =>
  (await fetch(`/_sim/synthetic-list?ucids=100&per=100&format=${format}`)).text();
const [json, xml] = [await get("json"), await get("xml")];
const jsonBytes = new TextEncoder().encode(json);

const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** How many calls make a batch lasting at least 50 ms (so `performance.now()`'s coarse
 *  resolution does not matter). */
function batchOf(fn) {
  let batch = 1;
  for (let t = 0; t < 50; batch *= 2) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    t = performance.now() - t0;
  }
  return batch;
}

/** Milliseconds per call over one batch. */
function perCall(fn, batch) {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) fn();
  return (performance.now() - t0) / batch;
}

/** Milliseconds per call: the median of 15 batches. */
function median(fn, samples = 15) {
  const batch = batchOf(fn);
  return middle(Array.from({ length: samples }, () => perCall(fn, batch)));
}

/**
 * The library against its baseline, sampled in turn (15 pairs of batches), so that both see
 * the same state of the machine and its drift does not land on one side: each side's median
 * time and the median of the pairs' ratios.
 */
function paired(baseline, library, samples = 15) {
  const [b, l] = [batchOf(baseline), batchOf(library)];
  const pairs = Array.from({ length: samples }, () => [perCall(baseline, b), perCall(library, l)]);
  return {
    baseline: middle(pairs.map(([x]) => x)),
    library: middle(pairs.map(([, y]) => y)),
    ratio: middle(pairs.map(([x, y]) => y / x)),
  };
}

const shape = (a) => ({ path: a.path, filename: a.filename, media: a.media, pkey: a.pkey, size: a.size });

const parseJson = () => JSON.parse(json);
const parseJsonShaped = () => {
  const out = {};
  for (const group of JSON.parse(json).attachments)
    for (const [ucid, g] of Object.entries(group)) out[ucid] = g.attachments.map(shape);
  return out;
};

const count = ipdocs.benchParseListMany(json, "application/json");
if (count !== 10000) throw new Error(`expected 10000 attachments, parsed ${count}`);
if (ipdocs.benchParseListMany(xml, "text/xml") !== 10000) throw new Error("XML count");
if (ipdocs.benchParseListManyBytes(jsonBytes, "application/json") !== 10000) throw new Error("bytes count");

const memoryBefore = wasm.memory.buffer.byteLength;
window.benchResults = {
  attachments: count,
  jsonBytes: json.length,
  xmlBytes: xml.length,
  // JSON
  jsonParse: median(parseJson),
  jsonParseShaped: median(parseJsonShaped),
  // The two targets' ratios, each sampled in turn with its baseline.
  bytesToRust: paired(parseJson, () => ipdocs.benchParseListManyBytes(jsonBytes, "application/json")),
  bytesToJs: paired(parseJsonShaped, () => ipdocs.parseAttachmentListMany(jsonBytes, "application/json")),
  libJsonToRust: median(() => ipdocs.benchParseListMany(json, "application/json")),
  passText: median(() => ipdocs.benchPassText(json)),
  libJsonToJs: median(() => ipdocs.parseAttachmentListMany(json, "application/json")),
  // XML
  domParser: median(() => {
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const out = {};
    for (const g of doc.getElementsByTagName("attachments"))
      out[g.getAttribute("ucid")] = Array.from(g.getElementsByTagName("attachment"), (a) => ({
        path: a.getAttribute("path"), filename: a.getAttribute("filename"),
        media: a.getAttribute("media"), pkey: a.getAttribute("pkey"), size: Number(a.getAttribute("size")),
      }));
    return out;
  }),
  libXmlToRust: median(() => ipdocs.benchParseListMany(xml, "text/xml")),
  libXmlToJs: median(() => ipdocs.parseAttachmentListMany(xml, "text/xml")),
  wasmMemoryBefore: memoryBefore,
  wasmMemoryAfter: wasm.memory.buffer.byteLength,
  userAgent: navigator.userAgent,
};

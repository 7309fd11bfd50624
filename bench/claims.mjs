// Parses the same 10,000-attachment multi-UCID list (100 UCIDs × 100) with the library and
// with the browser's own parsers, in one page, and leaves the medians in window.benchResults.
import init, * as ipdocs from "/bench-pkg/ipdocs.js";

const wasm = await init();
const get = async (format) =>
  (await fetch(`/_sim/synthetic-list?ucids=100&per=100&format=${format}`)).text();
const [json, xml] = [await get("json"), await get("xml")];
const jsonBytes = new TextEncoder().encode(json);

/**
 * Milliseconds per call: the median of 15 samples, each timing a batch of calls that lasts
 * at least 50 ms, so the browser's coarse `performance.now()` resolution does not matter.
 */
function median(fn, samples = 15) {
  let batch = 1;
  for (let t = 0; t < 50; batch *= 2) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    t = performance.now() - t0;
  }
  const perCall = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perCall.push((performance.now() - t0) / batch);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
}

const shape = (a) => ({ path: a.path, filename: a.filename, media: a.media, pkey: a.pkey, size: a.size });

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
  jsonParse: median(() => JSON.parse(json)),
  jsonParseShaped: median(() => {
    const out = {};
    for (const group of JSON.parse(json).attachments)
      for (const [ucid, g] of Object.entries(group)) out[ucid] = g.attachments.map(shape);
    return out;
  }),
  libJsonToRust: median(() => ipdocs.benchParseListMany(json, "application/json")),
  libJsonBytesToRust: median(() => ipdocs.benchParseListManyBytes(jsonBytes, "application/json")),
  passText: median(() => ipdocs.benchPassText(json)),
  libJsonToJs: median(() => ipdocs.parseAttachmentListMany(json, "application/json")),
  libJsonBytesToJs: median(() => ipdocs.parseAttachmentListMany(jsonBytes, "application/json")),
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

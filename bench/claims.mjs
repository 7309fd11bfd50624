// Parses the same 10,000-attachment multi-UCID list (100 UCIDs × 100) with the library and
// with the browser's own parsers, in one page, and leaves the medians in window.benchResults.
import init, * as ipdocs from "/bench-pkg/ipdocs.js";

const wasm = await init();
const get = async (format) =>
  (await fetch(`/_sim/synthetic-list?ucids=100&per=100&format=${format}`)).text();
const [json, xml] = [await get("json"), await get("xml")];

/** Median milliseconds of `runs` calls after `warmup` calls. */
function median(fn, runs = 40, warmup = 8) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const shape = (a) => ({ path: a.path, filename: a.filename, media: a.media, pkey: a.pkey, size: a.size });

const count = ipdocs.benchParseListMany(json, "application/json");
if (count !== 10000) throw new Error(`expected 10000 attachments, parsed ${count}`);
if (ipdocs.benchParseListMany(xml, "text/xml") !== 10000) throw new Error("XML count");

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

// Turns one bench page's results into a Markdown section and a one-line summary.
const ms = (v) => `${v.toFixed(2)} ms`;
const kib = (v) => `${(v / 1024).toFixed(1)} KiB`;
const x = (v) => `${v.toFixed(2)}×`;

const renderers = {
  claims(r) {
    const jsonRatio = r.libJsonToRust / r.jsonParse;
    const jsonJsRatio = r.libJsonToJs / r.jsonParse;
    const xmlSpeedup = r.domParser / r.libXmlToRust;
    const xmlJsSpeedup = r.domParser / r.libXmlToJs;
    const section = `## CLAIMS Direct attachment lists (issue 2)

${r.date}, ${r.browser}. One multi-UCID list of ${r.attachments} attachments (100 UCIDs × 100),
JSON ${kib(r.jsonBytes)}, XML ${kib(r.xmlBytes)}, served by ipdocs-sim; per-call medians of 15 samples, each a batch of calls lasting ≥ 50 ms.

| parse | time | ratio |
|---|---|---|
| \`JSON.parse\` (baseline) | ${ms(r.jsonParse)} | 1.00× |
| \`JSON.parse\` + shaping into \`Record<ucid, Attachment[]>\` | ${ms(r.jsonParseShaped)} | ${x(r.jsonParseShaped / r.jsonParse)} |
| library, JSON → typed Rust values | ${ms(r.libJsonToRust)} | **${x(jsonRatio)}** of \`JSON.parse\` (target ≤ 1.5×) |
| library, JSON → JS \`Record<ucid, Attachment[]>\` (\`parseAttachmentListMany\`) | ${ms(r.libJsonToJs)} | ${x(jsonJsRatio)} of \`JSON.parse\` |
| \`DOMParser\` + attribute reads (baseline) | ${ms(r.domParser)} | 1.00× |
| library, XML → typed Rust values | ${ms(r.libXmlToRust)} | **${x(xmlSpeedup)} faster** than \`DOMParser\` (target ≥ 2×) |
| library, XML → JS \`Record<ucid, Attachment[]>\` | ${ms(r.libXmlToJs)} | ${x(xmlJsSpeedup)} faster than \`DOMParser\` |

| size | raw | gzip -9 |
|---|---|---|
| \`pkg/ipdocs_bg.wasm\` (release, wasm-opt -Oz) | ${kib(r.wasmRaw)} | ${kib(r.wasmGzip)} |

wasm linear memory: ${kib(r.wasmMemoryBefore)} before the timed runs, ${kib(r.wasmMemoryAfter)} after.`;
    const summary = `JSON→Rust ${x(jsonRatio)} of JSON.parse, JSON→JS ${x(jsonJsRatio)}; XML→Rust ${x(xmlSpeedup)} faster than DOMParser, XML→JS ${x(xmlJsSpeedup)}; wasm ${kib(r.wasmRaw)} / ${kib(r.wasmGzip)} gzip`;
    return { section, summary };
  },
  das(r) {
    const mib = (v) => `${v.toFixed(0)} MiB/s`;
    const growth = r.memoryAfter - r.memoryBefore;
    const section = `## DAS transit-zone transfers (issue 3)

${r.date}, ${r.browser}, simulator on loopback (S3 via s3s-fs on local disk). Best of 3 runs.

| measurement | library | baseline | ratio |
|---|---|---|---|
| SHA-256 of a 256 MiB Blob | ${ms(r.shaLibMs)} (${mib(r.shaLibMiBs)}), 1 MiB slices | WebCrypto \`digest\`: ${ms(r.shaWebCryptoMs)} (${mib(r.shaWebCryptoMiBs)}), whole file in memory | **${x(r.shaWebCryptoMs / r.shaLibMs)}** of WebCrypto's speed |
| PUT of a 256 MiB Blob to a presigned URL | XHR with progress: ${ms(r.libPutMs)} (${mib(r.libPutMiBs)}) | plain \`fetch\` PUT: ${ms(r.fetchPutMs)} (${mib(r.fetchPutMiBs)}) | **${x(r.fetchPutMs / r.libPutMs)}** (target ≥ 0.9) |

1 GiB upload through \`Das.upload\` (checksum, PUT, validation): ${(r.upload1gMs / 1000).toFixed(1)} s, ended \`${r.upload1gState}\`;
wasm linear memory ${kib(r.memoryBefore)} before, ${kib(r.memoryAfter)} after: growth **${kib(growth)}** (target ≤ 2 MiB).`;
    const summary = `SHA-256 ${x(r.shaWebCryptoMs / r.shaLibMs)} of WebCrypto; PUT ${x(r.fetchPutMs / r.libPutMs)} of fetch; 1 GiB upload memory growth ${kib(growth)}`;
    return { section, summary };
  },
};

export function render(name, results) {
  const renderer = renderers[name];
  if (!renderer) throw new Error(`no report for bench ${name}`);
  return renderer(results);
}

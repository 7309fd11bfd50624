// Turns one bench page's results into a Markdown section and a one-line summary.
const ms = (v) => `${v.toFixed(2)} ms`;
const kib = (v) => `${(v / 1024).toFixed(1)} KiB`;
const x = (v) => `${v.toFixed(2)}×`;

const renderers = {
  claims(r) {
    // The targets' ratios are medians of baseline/library pairs sampled in turn.
    const jsonRatio = r.bytesToRust.ratio;
    // Issue 10's JS-result baseline is JSON.parse plus the shaping a JS user would write.
    const jsonJsRatio = r.bytesToJs.ratio;
    const xmlSpeedup = r.domParser / r.libXmlToRust;
    const xmlJsSpeedup = r.domParser / r.libXmlToJs;
    const section = `## CLAIMS Direct attachment lists (issue 2)

${r.date}, ${r.browser}. One multi-UCID list of ${r.attachments} attachments (100 UCIDs × 100),
JSON ${kib(r.jsonBytes)}, XML ${kib(r.xmlBytes)}, served by ipdocs-sim; per-call medians of 15 samples, each a batch of calls lasting ≥ 50 ms.
The two targets' ratios (bold) are the medians of 15 library/baseline pairs sampled in turn, so that
the machine's drift during the run does not fall on one side; the times beside them are the pairs' medians.

| parse | time | ratio |
|---|---|---|
| \`JSON.parse\` (baseline) | ${ms(r.jsonParse)} | 1.00× |
| \`JSON.parse\` + shaping into \`Record<ucid, Attachment[]>\` | ${ms(r.jsonParseShaped)} | ${x(r.jsonParseShaped / r.jsonParse)} |
| library, JSON bytes as fetched → typed Rust values (what \`listMany\` does) | ${ms(r.bytesToRust.library)} (\`JSON.parse\` ${ms(r.bytesToRust.baseline)}) | **${x(jsonRatio)}** of \`JSON.parse\` (target ≤ 1.5×) |
| library, JSON text (a JS string) → typed Rust values | ${ms(r.libJsonToRust)} | ${x(r.libJsonToRust / r.jsonParse)} of \`JSON.parse\` |
| of which passing the JS string into wasm memory | ${ms(r.passText)} | ${x(r.passText / r.jsonParse)} of \`JSON.parse\` |
| library, JSON bytes → JS \`Record<ucid, Attachment[]>\` (\`parseAttachmentListMany(bytes)\`, as \`listMany\`) | ${ms(r.bytesToJs.library)} (\`JSON.parse\` + shaping ${ms(r.bytesToJs.baseline)}) | **${x(jsonJsRatio)}** of \`JSON.parse\` + shaping (target ≤ 2×) |
| library, JSON text → JS \`Record<ucid, Attachment[]>\` (\`parseAttachmentListMany(text)\`) | ${ms(r.libJsonToJs)} | ${x(r.libJsonToJs / r.jsonParseShaped)} of \`JSON.parse\` + shaping |
| \`DOMParser\` + attribute reads (baseline) | ${ms(r.domParser)} | 1.00× |
| library, XML → typed Rust values | ${ms(r.libXmlToRust)} | **${x(xmlSpeedup)} faster** than \`DOMParser\` (target ≥ 2×) |
| library, XML → JS \`Record<ucid, Attachment[]>\` | ${ms(r.libXmlToJs)} | ${x(xmlJsSpeedup)} faster than \`DOMParser\` |

| size | raw | gzip -9 |
|---|---|---|
| \`${r.wasmFile}\` (release, wasm-opt -Oz) | ${kib(r.wasmRaw)} | ${kib(r.wasmGzip)} |

wasm linear memory: ${kib(r.wasmMemoryBefore)} before the timed runs, ${kib(r.wasmMemoryAfter)} after.`;
    const summary = `JSON bytes→Rust ${x(jsonRatio)} of JSON.parse, JSON bytes→JS ${x(jsonJsRatio)} of JSON.parse+shaping; XML→Rust ${x(xmlSpeedup)} faster than DOMParser, XML→JS ${x(xmlJsSpeedup)}; wasm ${kib(r.wasmRaw)} / ${kib(r.wasmGzip)} gzip`;
    return { section, summary };
  },
  das(r) {
    const mib = (v) => `${v.toFixed(0)} MiB/s`;
    const growth = r.memoryAfter - r.memoryBefore;
    const section = `## DAS transit-zone transfers (issue 3)

${r.date}, ${r.browser}, simulator on loopback (S3 via s3s-fs on local disk). Best of 3 runs.

| measurement | library | baseline | ratio |
|---|---|---|---|
| SHA-256 of a 256 MiB Blob, the library (\`sha256Hex\`: WebCrypto up to 256 MiB) | ${ms(r.shaLibMs)} (${mib(r.shaLibMiBs)}) | WebCrypto \`digest\`: ${ms(r.shaWebCryptoMs)} (${mib(r.shaWebCryptoMiBs)}), whole file in memory | **${x(r.shaWebCryptoMs / r.shaLibMs)}** of WebCrypto's speed |
| SHA-256 of the same Blob in wasm, 1 MiB slices (the library's path above 256 MiB) | ${ms(r.shaStreamingMs)} (${mib(r.shaStreamingMiBs)}) | the same WebCrypto run | **${x(r.shaWebCryptoMs / r.shaStreamingMs)}** of WebCrypto's speed |
| PUT of a 256 MiB Blob to a presigned URL | XHR with progress: ${ms(r.libPutMs)} (${mib(r.libPutMiBs)}) | plain \`fetch\` PUT: ${ms(r.fetchPutMs)} (${mib(r.fetchPutMiBs)}) | **${x(r.fetchPutMs / r.libPutMs)}** (target ≥ 0.9) |

1 GiB upload through \`Das.upload\` (checksum, PUT, validation): ${(r.upload1gMs / 1000).toFixed(1)} s, ended \`${r.upload1gState}\`;
wasm linear memory ${kib(r.memoryBefore)} before, ${kib(r.memoryAfter)} after: growth **${kib(growth)}** (target ≤ 2 MiB).`;
    const summary = `SHA-256 ${x(r.shaWebCryptoMs / r.shaLibMs)} of WebCrypto (wasm path ${x(r.shaWebCryptoMs / r.shaStreamingMs)}); PUT ${x(r.fetchPutMs / r.libPutMs)} of fetch; 1 GiB upload memory growth ${kib(growth)}`;
    return { section, summary };
  },
  volume(r) {
    const perSecond = (rows, v) => `${(rows / (v / 1000)).toFixed(0)} rows/s`;
    const memory = ([wasmBefore, wasmAfter, heapBefore, heapAfter]) =>
      `wasm ${kib(wasmBefore)} → ${kib(wasmAfter)}, JS heap ${kib(heapBefore)} → ${kib(heapAfter)}`;
    const section = `## Work at volume (issue 9)

${r.date}, ${r.browser}, simulator on loopback; ${r.rows} rows per batch, ${r.concurrency} rows at once. The baseline is the same
work written by hand with the library's single calls and the same concurrency (upload → register → followRegistration;
requestRetrieval → watchRetrieval → download), so the ratio is what the batch runner's CSV and row bookkeeping cost.

| run | batch (\`runBatch\`) | baseline (single calls) | ratio | rows done | memory during the batch |
|---|---|---|---|---|---|
| registrations (8 KiB PDFs) | ${(r.registrationBatchMs / 1000).toFixed(1)} s, ${perSecond(r.rows, r.registrationBatchMs)} | ${(r.registrationBaselineMs / 1000).toFixed(1)} s | **${x(r.registrationBatchMs / r.registrationBaselineMs)}** | ${r.registrationDone} / ${r.rows} | ${memory(r.registrationMemory)} |
| retrievals (pre-registered documents) | ${(r.retrievalBatchMs / 1000).toFixed(1)} s, ${perSecond(r.rows, r.retrievalBatchMs)} | ${(r.retrievalBaselineMs / 1000).toFixed(1)} s | **${x(r.retrievalBatchMs / r.retrievalBaselineMs)}** | ${r.retrievalDone} / ${r.rows} | ${memory(r.retrievalMemory)} |

Bulk download of ${r.zips} UCIDs' zips (\`downloadMany\`, 5.5 RU each) for a login allowed ${r.units} RU per ${r.windowMs} ms:

| run | time | zips saved | failed | 429s (counted by the service) | budget windows spanned | budget used |
|---|---|---|---|---|---|---|
| paced by a \`RequestBudget\` (no retries) | ${(r.paced.ms / 1000).toFixed(1)} s | ${r.paced.saved} | ${r.paced.failed} | **${r.paced.tooMany}** (goal 0) | ${r.paced.windows} (fewest possible: ${r.minWindows}) | **${(r.paced.share * 100).toFixed(1)} %** (goal ≥ 90 %) |
| baseline: unpaced, retrying 429s after \`Retry-After\` | ${(r.unpaced.ms / 1000).toFixed(1)} s | ${r.unpaced.saved} | ${r.unpaced.failed} | ${r.unpaced.tooMany} | ${r.unpaced.windows} | ${(r.unpaced.share * 100).toFixed(1)} % |

"Budget used" is the RU the service charged over the budget of the windows the run spanned (windows of ${r.windowMs} ms from the first call).`;
    const summary = `batches: registrations ${perSecond(r.rows, r.registrationBatchMs)} (${x(r.registrationBatchMs / r.registrationBaselineMs)} of single calls), retrievals ${perSecond(r.rows, r.retrievalBatchMs)} (${x(r.retrievalBatchMs / r.retrievalBaselineMs)}); 500 zips paced: ${(r.paced.share * 100).toFixed(1)} % of budget, ${r.paced.tooMany} × 429 (unpaced: ${r.unpaced.tooMany} × 429)`;
    return { section, summary };
  },
};

export function render(name, results) {
  const renderer = renderers[name];
  if (!renderer) throw new Error(`no report for bench ${name}`);
  return renderer(results);
}

// Runs in a DedicatedWorkerGlobalScope: no window, no DOMParser. The library uses the
// global fetch, timers and crypto, so it works here as on the main thread.
import init, { ClaimsDirect } from "/pkg/claims.js";

const ready = init();
self.onmessage = async ({ data }) => {
  await ready;
  try {
    const record = await new ClaimsDirect(data.options).listMany(data.ucids);
    self.postMessage({ counts: Object.fromEntries(Object.entries(record).map(([ucid, list]) => [ucid, list.length])) });
  } catch (e) {
    self.postMessage({ error: { kind: e.kind, message: e.message } });
  }
};

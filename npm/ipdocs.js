// `ipdocs`: both services from one import, DAS with its CSV batches (`das-batch.js`). Each
// service is its own wasm module; import `ipdocs/claims`, `ipdocs/das` (single calls) or
// `ipdocs/das-batch` (single calls and batches) instead to load only the code you use.
import initClaims, { initSync as initClaimsSync } from "./claims.js";
import initDas, { initSync as initDasSync } from "./das-batch.js";

export * from "./claims.js";
export * from "./das-batch.js";

/**
 * Loads both services' wasm modules, in parallel. `options.claims` and `options.das` are what
 * each service's own `init` takes (by default each finds its wasm file next to its module).
 */
export default async function init(options = {}) {
  const [claims, das] = await Promise.all([initClaims(options.claims), initDas(options.das)]);
  return { claims, das };
}

/** Loads both services' wasm modules synchronously from compiled modules or bytes. */
export function initSync(options) {
  if (!options?.claims || !options?.das) {
    throw new TypeError("initSync needs { claims: { module }, das: { module } }");
  }
  return { claims: initClaimsSync(options.claims), das: initDasSync(options.das) };
}

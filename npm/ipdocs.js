// `ipdocs`: both services from one import. Each service is its own wasm module; import
// `ipdocs/claims` or `ipdocs/das` instead to load only the code of the one you use.
import initClaims, { initSync as initClaimsSync } from "./claims.js";
import initDas, { initSync as initDasSync } from "./das.js";

export * from "./claims.js";
export * from "./das.js";

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

// `ipdocs`: both services from one import, DAS with its CSV batches (`ipdocs/claims`,
// `ipdocs/das` and `ipdocs/das-batch` load one each).
export * from "./claims.js";
export * from "./das-batch.js";
// Declared by both services, identically: named once here so the two `export *` agree.
export type { CallOptions, ErrorDetail, ErrorKind, IpdocsError, InitInput, SyncInitInput } from "./claims.js";

import type { InitInput, InitOutput as ClaimsOutput, SyncInitInput } from "./claims.js";
import type { InitOutput as DasOutput } from "./das-batch.js";

/** What `init` resolves to: each service's wasm exports (only `memory` is public). */
export interface InitOutput {
  readonly claims: ClaimsOutput;
  readonly das: DasOutput;
}

/** Where each service's wasm comes from (each defaults to the file next to its module). */
export interface InitOptions {
  claims?: { module_or_path: InitInput | Promise<InitInput> };
  das?: { module_or_path: InitInput | Promise<InitInput> };
}

/** Loads both services' wasm modules, in parallel. */
export default function init(options?: InitOptions): Promise<InitOutput>;

/** Loads both services' wasm modules synchronously. */
export function initSync(options: {
  claims: { module: SyncInitInput };
  das: { module: SyncInitInput };
}): InitOutput;

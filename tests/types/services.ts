// Type test of the per-service entries: each declares its own service only (and DAS's CSV
// batches only in `das-batch`), and all declare the same error type as the combined entry.
import initClaims, { ClaimsDirect, type IpdocsError as ClaimsError } from "../../pkg/claims.js";
import initDas, { Das, type IpdocsError as DasError } from "../../pkg/das.js";
import init, { type IpdocsError } from "../../pkg/ipdocs.js";
import * as claimsOnly from "../../pkg/claims.js";
import * as dasOnly from "../../pkg/das.js";
import initDasBatch, { Das as DasWithBatches, readBatch, type IpdocsError as DasBatchError } from "../../pkg/das-batch.js";

export async function perService(): Promise<string> {
  const claimsWasm: WebAssembly.Memory = (await initClaims()).memory;
  const dasWasm: WebAssembly.Memory = (await initDas()).memory;
  const dasBatchWasm: WebAssembly.Memory = (await initDasBatch()).memory;
  const both = await init();
  const memories: WebAssembly.Memory[] = [both.claims.memory, both.das.memory, claimsWasm, dasWasm, dasBatchWasm];
  const c = new ClaimsDirect({ baseUrl: "https://cdws21.ificlaims.com", user: "u", password: "p" });
  const d = new Das({ baseUrl: "https://das.example", tokenUrl: "https://as.example/token", clientId: "c", accessToken: async () => "t" });
  // One error shape whichever entry a call came from.
  const same = (e: ClaimsError): DasError & DasBatchError & IpdocsError => e;
  // The batch entry's Das runs batches; the single-call entry's has no batch methods.
  const batched = new DasWithBatches({ baseUrl: "https://das.example", tokenUrl: "https://as.example/token", clientId: "c", accessToken: async () => "t" });
  void batched.runBatch(readBatch("priority_number\n"), {});
  // @ts-expect-error: `ipdocs/das` leaves CSV batches to `ipdocs/das-batch`
  void d.runBatch;
  // @ts-expect-error: `ipdocs/das` has no batch reader
  void dasOnly.readBatch;
  // @ts-expect-error: the DAS entry has no CLAIMS client
  void dasOnly.ClaimsDirect;
  // @ts-expect-error: the CLAIMS entry has no DAS client
  void claimsOnly.Das;
  // @ts-expect-error: the combined init takes per-service inputs, not one
  await init(new URL("x.wasm"));
  return `${memories.length} ${typeof c} ${typeof d} ${typeof same}`;
}

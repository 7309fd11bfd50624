// Type test of the npm package's declarations: every method is called with the documented
// argument types and its result used with the documented types; each `@ts-expect-error`
// line must fail to compile, so loose (`any`) types fail this test.
import init, {
  ClaimsDirect, Das, sha256Hex, parseAttachmentListMany,
  type Attachment, type IpdocsError, type ErrorKind, type RetrievalStatus, type FileStatus,
  type DocumentQuery, type TransitFileRef, type UploadPhase,
  RequestBudget, readBatch, batchToCsv,
  type BudgetUsage, type ListSetResult, type Listing, type DownloadManyResult, type DownloadedFile, type DownloadProgress,
  type Batch, type BatchRow, type BatchRowStatus,
} from "../../pkg/ipdocs.js";

export async function claims(signal: AbortSignal): Promise<number> {
  await init();
  const c = new ClaimsDirect({ baseUrl: "https://cdws21.ificlaims.com", user: "u", password: "p", format: "xml", timeoutMs: 1000, retries: 2 });
  const list: Attachment[] = await c.list("EP-0700000-B1", { signal });
  const many: Record<string, Attachment[]> = await c.listMany(["EP-0700000-B1"]);
  const blob: Blob = await c.fetch(list[0].path);
  const zip: Blob = await c.fetchAll("EP-0700000-B1");
  const pdf: Blob | null = await c.pdf("EP-0700000-B1");
  const image: Blob | null = await c.abstractImage("EP-0700000-B1", "image/png", { signal });
  const parsed: Record<string, Attachment[]> = parseAttachmentListMany("{}", "application/json");
  const fromBytes: Record<string, Attachment[]> = parseAttachmentListMany(new Uint8Array(2));
  // @ts-expect-error: a body is text or bytes
  parseAttachmentListMany(new ArrayBuffer(2));
  const size: number = list[0].size;
  // @ts-expect-error: format is "json" | "xml"
  new ClaimsDirect({ baseUrl: "x", user: "u", password: "p", format: "yaml" });
  // @ts-expect-error: password is required
  new ClaimsDirect({ baseUrl: "x", user: "u" });
  // @ts-expect-error: list takes a string UCID
  await c.list(42);
  // @ts-expect-error: listMany takes an array
  await c.listMany("EP-0700000-B1");
  // @ts-expect-error: an Attachment has no `url`
  list[0].url;
  // @ts-expect-error: pdf may be null
  pdf.size;
  return size + blob.size + zip.size + (image?.size ?? 0) + Object.keys(many).length + Object.keys(parsed).length + Object.keys(fromBytes).length;
}

export async function das(file: Blob, key: CryptoKey): Promise<string> {
  const d = new Das({ baseUrl: "https://das.example", apiPrefix: "/das-api/v1", tokenUrl: "https://t.example/token", clientId: "office", privateKey: key });
  new Das({ baseUrl: "x", tokenUrl: "t", clientId: "c", accessToken: async () => "token" });
  const document: DocumentQuery = { documentKindCategory: "patent", documentNumber: "PCT/IB2026/050001", documentDate: "2026-01-15", dasAccessCode: "AB21" };
  const { requestAckId } = await d.requestRetrieval(document);
  const all: RetrievalStatus[] = (await d.retrievals()).retrievals;
  const unreadable: (string | undefined)[] = (await d.retrievals()).unreadable.map((u) => u.requestAckId);
  const final: RetrievalStatus = await d.watchRetrieval(requestAckId, { onUpdate: (s) => s.requestStatusWord, intervalMs: 2000, timeoutMs: 60000 });
  new Das({ baseUrl: "x", tokenUrl: "t", clientId: "c", accessToken: async () => "token", forms: "seed", validationTimeoutMs: 1000, uploadIdleTimeoutMs: 5000 });
  new Das({ baseUrl: "https://office.example/wipo-das", tokenUrl: "https://office.example/wipo-token", tokenAudience: "https://www5.wipo.int/am/oauth2/access_token", clientId: "c", privateKey: key });
  // @ts-expect-error: forms is "discover" | "spec" | "seed"
  new Das({ baseUrl: "x", tokenUrl: "t", clientId: "c", accessToken: async () => "token", forms: "guess" });
  const quick: string = await sha256Hex(file);
  const ref: TransitFileRef = { osfAckId: requestAckId, documentKindCategory: "patent", documentNumber: "PCT/IB2026/050001", documentDate: "2026-01-15" };
  const url: string = (await d.downloadUrl(ref)).fileDownloadUrl;
  const downloaded: Blob = await d.download(ref);
  const deleted: void = await d.deleteFile(ref);
  const checksum: string = await sha256Hex(file, (loaded: number, total: number) => loaded / total);
  const upload = await d.createUploadUrl({ fileReference: "r", fileFormatCategory: "pdf", fileChecksum: checksum });
  const refreshed = await d.refreshUploadUrl(upload.fileId);
  const status: FileStatus = await d.fileStatus(refreshed.fileId);
  const phases: UploadPhase[] = [];
  const uploaded: FileStatus = await d.upload(file, { fileReference: "r", fileFormatCategory: "zip", onProgress: (_l, _t, phase) => phases.push(phase) });
  const ack = await d.register({ ...document, fileId: uploaded.fileId, applicationCategory: "priority document" });
  await d.updateRegistration({ ...document, fileId: uploaded.fileId });
  await d.withdrawRegistration(document);
  const certificate: Blob = await d.certificate(document);
  await d.registrationStatus(document);
  const registered: Record<string, unknown> = await d.followRegistration(document, { signal: new AbortController().signal });
  void registered;
  await d.notify({ requestAckId: ack.requestAckId, requestStatusCategory: "success", fileId: uploaded.fileId });
  const settled: "pending" | "success" | "error" | "unknown" = final.requestStatusCategory;
  // @ts-expect-error: fileFormatCategory is "pdf" | "zip"
  await d.upload(file, { fileReference: "r", fileFormatCategory: "docx" });
  // @ts-expect-error: a retrieval needs the access code
  await d.requestRetrieval({ documentKindCategory: "patent", documentNumber: "X", documentDate: "2026-01-01" });
  // @ts-expect-error: requestStatusCategory is a closed union
  await d.notify({ requestAckId: "A", requestStatusCategory: "done" });
  // @ts-expect-error: RetrievalStatus has no fileDownloadUrl
  final.fileDownloadUrl;
  // @ts-expect-error: errorCode is a number
  const code: string = final.errorCode;
  // @ts-expect-error: upload takes a Blob
  await d.upload("text", { fileReference: "r", fileFormatCategory: "pdf" });
  return [url, settled, quick, String(deleted), String(downloaded.size + certificate.size + all.length + unreadable.length), status.fileStatusCategory, code].join();
}

export function describe(e: unknown): string {
  const error = e as IpdocsError;
  const kind: ErrorKind = error.kind;
  // @ts-expect-error: not an ErrorKind
  const wrong: ErrorKind = "teapot";
  return `${kind} ${error.status ?? ""} ${error.retryAfterMs ?? ""} ${error.code ?? ""} ${error.details?.[0]?.code ?? ""} ${wrong}`;
}

export async function sets(signal: AbortSignal, files: File[], csv: string): Promise<number> {
  const budget = new RequestBudget({ limits: [{ units: 240, windowMs: 60000 }, { units: 4, windowMs: 1000 }], weights: { fetchAll: 6 } });
  const c = new ClaimsDirect({ baseUrl: "x", user: "u", password: "p" }).withBudget(budget);
  const usage: BudgetUsage[] = budget.usage();
  const left: number = usage[0].left + budget.totalUnits + budget.refusals;
  const set: ListSetResult = await c.listSet(["EP-0700000-B1"], { signal });
  const listing: Listing = set.listings[0];
  const stored: number | undefined = listing.count;
  const failedUcids: string[] = set.failed.flatMap((f) => f.ucids);
  const firstKind: ErrorKind | undefined = set.failed[0]?.error.kind;
  const result: DownloadManyResult = await c.downloadMany(failedUcids, {
    what: ["zip", "pdf", "abstractImage", "image/tiff"],
    onFile: async (f: DownloadedFile) => { await f.blob.arrayBuffer(); },
    skip: (name: string) => name.endsWith(".zip"),
    onProgress: (p: DownloadProgress) => p.saved / p.total,
    concurrency: 4, signal,
  });
  // @ts-expect-error: onFile is required
  await c.downloadMany([], { what: ["zip"] });
  // @ts-expect-error: a limit needs windowMs
  new RequestBudget({ limits: [{ units: 1 }] });
  const batch: Batch = readBatch(csv, { kind: "retrievals", columns: { priority_number: "Number" } });
  const guessed: Batch = readBatch(csv);
  const reasons: string[] = batch.problems.map((p) => p.reason);
  const status: BatchRowStatus = batch.rows[0].status;
  const d = new Das({ baseUrl: "x", tokenUrl: "t", clientId: "c", accessToken: async () => "token" });
  const done: Batch = await d.runBatch(batch, { files, concurrency: 2, precheck: true, waitMs: 1000, onFile: ({ name, blob }) => void [name, blob.size], onRow: (i: number, row: BatchRow) => void [i, row.cells], signal });
  const out: string = batchToCsv(done);
  // @ts-expect-error: kind is "retrievals" | "registrations"
  readBatch(csv, { kind: "documents" });
  // @ts-expect-error: columns map known fields only
  readBatch(csv, { columns: { priority: "Number" } });
  return guessed.rows.length + left + (stored ?? 0) + (firstKind ? 1 : 0) + result.saved.length + reasons.length + status.length + out.length;
}

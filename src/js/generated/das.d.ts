// Generated from the Rust models by tests/typescript.rs; do not edit.
// IPDOCS_BLESS=1 cargo test --test typescript writes it again.

/**
 * Identifies a priority document and proves access to it (retrievals, certificates,
 * status checks).
 */
export type DocumentQuery = {
  /**
   * "patent", "utility model" or "design" (others are passed through).
   */
  documentKindCategory: DocumentKindCategory;
  /**
   * e.g. "PCT/IB2021/057271".
   */
  documentNumber: string;
  /**
   * `YYYY-MM-DD`, the priority filing date.
   */
  documentDate: string;
  /**
   * 4 letters or digits issued by the office of first filing.
   */
  dasAccessCode: string;
};

/**
 * Names a retrieved file in the transit zone (download URL, delete).
 */
export type TransitFileRef = {
  /**
   * The `requestAckId` that `POST requests/retrievals` returned.
   */
  osfAckId: string;
  documentKindCategory: DocumentKindCategory;
  documentNumber: string;
  documentDate: string;
};

/**
 * `pending | success | error` (since 2024-01-14). Other words are matched by meaning and
 * case-insensitively; a word with no known meaning is `unknown` (a watcher reports it and
 * keeps waiting until its timeout). The raw word is kept beside it (`requestStatusWord`).
 */
export type RequestStatusCategory = "pending" | "success" | "error" | "unknown";

/**
 * The acknowledgement of a retrieval or registration.
 */
export type RequestAck = {
  requestAckId: string;
  requestStatusCategory?: RequestStatusCategory;
  /**
   * The service's own status word, as sent.
   */
  requestStatusWord?: string;
  errorCode?: number;
  statusMessage?: string;
};

/**
 * One retrieval's state (`DocumentNotificationRetrievalStatus`).
 */
export type RetrievalStatus = {
  requestAckId: string;
  /**
   * `unknown` when the word is missing or has no known meaning.
   */
  requestStatusCategory: RequestStatusCategory;
  /**
   * The service's own status word, as sent.
   */
  requestStatusWord?: string;
  /**
   * The DAS error code when the status is an error, e.g. -7, -12 or -14.
   */
  errorCode?: number;
  statusMessage?: string;
  documentAvailabilityDate?: string;
  documentKindCategory?: string;
  documentNumber?: string;
  documentDate?: string;
};

/**
 * A list item that is not a retrieval status; its ack id when one could be found.
 */
export type UnreadableRetrieval = {
  requestAckId?: string;
  reason: string;
};

/**
 * The retrievals read from a list, and the items that could not be read (each on its own:
 * one bad item does not hide the others).
 */
export type RetrievalList = {
  retrievals: Array<RetrievalStatus>;
  unreadable: Array<UnreadableRetrieval>;
};

/**
 * `pdf`, or `zip` (a PDDP / ST.26 package).
 */
export type FileFormatCategory = "pdf" | "zip";

/**
 * `POST requests/files/url-uploads`.
 */
export type UploadUrlRequest = {
  fileReference: string;
  fileFormatCategory: FileFormatCategory;
  /**
   * SHA-256, lowercase hex.
   */
  fileChecksum: string;
};

/**
 * A presigned upload URL for a new or existing `fileId`.
 */
export type FileUploadUrl = {
  fileId: string;
  fileUploadUrl: string;
};

/**
 * A presigned download URL.
 */
export type FileDownloadUrl = {
  fileDownloadUrl: string;
};

export type DasErrorDetail = {
  code: number;
  message?: string;
};

/**
 * The error object of the DAS API (also the `error` field of a file status).
 */
export type DasErrorBody = {
  code?: string;
  message?: string;
  details?: Array<DasErrorDetail>;
};

/**
 * The state of an uploaded file. `file_id` is filled in by the client from the request
 * (the documented response does not repeat it).
 */
export type FileStatus = {
  fileId: string;
  /**
   * `validated` once usable; the simulator also uses `pending` and `rejected`.
   */
  fileStatusCategory: string;
  fileReference?: string;
  fileFormatCategory?: string;
  fileChecksum?: string;
  /**
   * Bytes; `""` while processing (read as none), a numeric string is accepted.
   */
  fileSizeQuantity?: number;
  fileDateTime?: string;
  /**
   * An object, a string or an array on the wire; empty forms mean no error.
   */
  error?: DasErrorBody;
};

/**
 * A registration by the office of first filing (POST, and PUT to correct it).
 */
export type RegistrationRequest = {
  documentKindCategory: DocumentKindCategory;
  documentNumber: string;
  documentDate: string;
  dasAccessCode: string;
  applicationCategory?: string;
  applicationNumber?: string;
  applicationFilingDate?: string;
  /**
   * A validated upload; absent when the office keeps the document in its own library.
   */
  fileId?: string;
};

/**
 * The notification payload (`DocumentAvailability`): an OFF tells DAS a document is
 * available (or failed) for an ack id.
 */
export type DocumentAvailability = {
  requestAckId: string;
  requestStatusCategory: RequestStatusCategory;
  documentKindCategory?: string;
  documentNumber?: string;
  documentDate?: string;
  errorCode?: number;
  statusMessage?: string;
  documentAvailabilityDate?: string;
  fileId?: string;
};

/**
 * What a batch does.
 */
export type BatchKind = "retrievals" | "registrations";

/**
 * A column of the sample client's layouts (and the two result columns).
 */
export type BatchField = "file_reference" | "file_location" | "application_number" | "application_date" | "priority_number" | "priority_date" | "document_category" | "application_category" | "das_code" | "file_id" | "registered" | "ack_id" | "osf_ack_id" | "downloaded" | "status" | "error";

/**
 * Where a row stands: `waiting` (not done yet, or a transient failure), `pending` (asked
 * for or registered, not settled), `done`, `failed` (see its `error` cell), `invalid` (could
 * not be read; never sent).
 */
export type BatchRowStatus = "waiting" | "pending" | "done" | "failed" | "invalid";

/**
 * One row of a batch: its cells as in the file (results written into them), its status.
 */
export type BatchRow = {
  /**
   * Line in the CSV file (1 = the header).
   */
  line: number;
  /**
   * The row's cells in the file's column order, results written in.
   */
  cells: Array<string>;
  status: BatchRowStatus;
};

/**
 * A row that cannot be sent, and why.
 */
export type RowProblem = {
  line: number;
  reason: string;
};

/**
 * A batch: the file's layout and rows, and where each row stands. Plain data, so
 * it can be kept in IndexedDB and resumed after a reload.
 */
export type Batch = {
  kind: BatchKind;
  /**
   * `,` `;` or tab, kept for the export.
   */
  separator: string;
  headers: Array<string>;
  /**
   * Which column holds which field (result columns are added when missing).
   */
  columns: { [key in BatchField]?: number };
  rows: Array<BatchRow>;
  problems: Array<RowProblem>;
};

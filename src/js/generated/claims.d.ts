// Generated from the Rust models by tests/typescript.rs; do not edit.
// IPDOCS_BLESS=1 cargo test --test typescript writes it again.

/**
 * One attachment as listed by `/attachment/list`. `path` is opaque: pass it back unchanged
 * to `fetch`. `media` is kept byte-exact, including the documented non-standard values
 * (`application/chemexpres`, `application/mathmatica`) and unknown ones.
 */
export type Attachment = {
  path: string;
  filename: string;
  media: string;
  /**
   * The UCID and the publication date, e.g. "EP-0700000-B1-20001004".
   */
  pkey: string;
  /**
   * Bytes (at most 2^53 − 1, so exact in JavaScript).
   */
  size: number;
};

/**
 * One requested UCID's attachments, matched to the request. Serialised as
 * `{ucid, count?, attachments}` (the JS `Listing`, and the app's export).
 */
export type Listing = {
  ucid: string;
  /**
   * The service's stored total, when it gave one; more than `attachments.length` means the
   * service holds attachments it did not list.
   */
  count?: number;
  attachments: Array<Attachment>;
};

// Builds attachment lists from the columns `src/js/attachment_record.rs` writes: one string
// holding every text field in order (per group its UCID, then per attachment path, filename,
// media, pkey), the UTF-16 end of each field in it, each attachment's size, each group's
// number of attachments (and, for listings, its stored count, NaN when none). Building the
// objects here is faster than parsing the same data as JSON a second time.
function columns(text, ends, sizes) {
  let field = 0, attachment = 0, start = 0;
  const next = () => {
    const end = ends[field++];
    const value = text.slice(start, end);
    start = end;
    return value;
  };
  const attachments = (n) => {
    const list = new Array(n);
    for (let i = 0; i < n; i++) {
      list[i] = { path: next(), filename: next(), media: next(), pkey: next(), size: sizes[attachment++] };
    }
    return list;
  };
  return { next, attachments };
}

/** `Attachment[]`: one UCID's list (the columns hold no key). */
export function attachmentList(text, ends, sizes) {
  return columns(text, ends, sizes).attachments(sizes.length);
}

/** `Record<ucid, Attachment[]>`, keys in order. */
export function attachmentRecord(text, ends, sizes, lengths) {
  const read = columns(text, ends, sizes);
  const record = {};
  for (let group = 0; group < lengths.length; group++) {
    const key = read.next();
    // An own property whatever the key (a UCID cannot be "__proto__", but the record must
    // not depend on that).
    Object.defineProperty(record, key, { value: read.attachments(lengths[group]), enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** `Listing[]`: `{ ucid, count?, attachments }` in order. */
export function attachmentListings(text, ends, sizes, lengths, counts) {
  const read = columns(text, ends, sizes);
  const listings = new Array(lengths.length);
  for (let group = 0; group < lengths.length; group++) {
    const ucid = read.next();
    const attachments = read.attachments(lengths[group]);
    listings[group] = Number.isNaN(counts[group]) ? { ucid, attachments } : { ucid, count: counts[group], attachments };
  }
  return listings;
}

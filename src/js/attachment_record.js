// Builds `Record<ucid, Attachment[]>` from the columns `src/js/attachment_record.rs` writes:
// one string holding every text field in order (per group its key, then per attachment
// path, filename, media, pkey), the UTF-16 end of each field in it, each attachment's size,
// and each group's number of attachments. Building the objects here is faster than parsing
// the same data as JSON a second time.
export function attachmentRecord(text, ends, sizes, counts) {
  const record = {};
  let field = 0, attachment = 0, start = 0;
  const next = () => {
    const end = ends[field++];
    const value = text.slice(start, end);
    start = end;
    return value;
  };
  for (let group = 0; group < counts.length; group++) {
    const key = next();
    const list = new Array(counts[group]);
    for (let i = 0; i < list.length; i++) {
      list[i] = { path: next(), filename: next(), media: next(), pkey: next(), size: sizes[attachment++] };
    }
    // An own property whatever the key (a UCID cannot be "__proto__", but the record must
    // not depend on that).
    Object.defineProperty(record, key, { value: list, enumerable: true, writable: true, configurable: true });
  }
  return record;
}

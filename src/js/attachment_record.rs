//! Attachment lists handed to JavaScript as columns (`attachment_record.js` builds the
//! objects): one string of every text field, their UTF-16 ends, the sizes and the group
//! lengths. Measured against writing the result as JSON for the browser to parse again,
//! this skips the second parse (BENCHMARKS.md, "JSON bytes → JS").

use crate::claims::list::Listing;
use crate::claims::Attachment;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/attachment_record.js")]
extern "C" {
    #[wasm_bindgen(js_name = attachmentList)]
    fn attachment_list(text: &str, ends: &[u32], sizes: &[f64]) -> JsValue;

    #[wasm_bindgen(js_name = attachmentRecord)]
    fn attachment_record(text: &str, ends: &[u32], sizes: &[f64], lengths: &[u32]) -> JsValue;

    #[wasm_bindgen(js_name = attachmentListings)]
    fn attachment_listings(
        text: &str,
        ends: &[u32],
        sizes: &[f64],
        lengths: &[u32],
        counts: &[f64],
    ) -> JsValue;
}

struct Columns {
    text: String,
    /// The UTF-16 end of each field in `text` (JavaScript slices by UTF-16 units).
    ends: Vec<u32>,
    units: u32,
    sizes: Vec<f64>,
    lengths: Vec<u32>,
}

impl Columns {
    fn new(attachments: usize) -> Columns {
        Columns {
            // ~100 bytes of text per attachment.
            text: String::with_capacity(attachments * 100),
            ends: Vec::with_capacity(attachments * 4 + 128),
            units: 0,
            sizes: Vec::with_capacity(attachments),
            lengths: Vec::new(),
        }
    }

    fn push(&mut self, field: &str) {
        self.text.push_str(field);
        let units = match field.is_ascii() {
            true => field.len(),
            false => field.encode_utf16().count(),
        };
        self.units += units as u32;
        self.ends.push(self.units);
    }

    /// One group: its key, then its attachments.
    fn group(&mut self, key: &str, list: &[Attachment]) {
        self.push(key);
        self.lengths.push(list.len() as u32);
        self.attachments(list);
    }

    fn attachments(&mut self, list: &[Attachment]) {
        for a in list {
            for field in [&a.path, &a.filename, &a.media, &a.pkey] {
                self.push(field);
            }
            self.sizes.push(a.size as f64);
        }
    }
}

/// One UCID's attachments as an array. (Not through JSON: this keeps serde_json's
/// serializer for the model out of the `ipdocs/claims` wasm, issue 20.2.)
pub fn list(attachments: &[Attachment]) -> JsValue {
    let mut columns = Columns::new(attachments.len());
    columns.attachments(attachments);
    attachment_list(&columns.text, &columns.ends, &columns.sizes)
}

/// `(key, attachments)` pairs as a plain object, keys in order.
pub fn record<'a>(groups: impl Iterator<Item = (&'a str, &'a Vec<Attachment>)> + Clone) -> JsValue {
    let mut columns = Columns::new(groups.clone().map(|(_, l)| l.len()).sum());
    for (key, list) in groups {
        columns.group(key, list);
    }
    let Columns {
        text,
        ends,
        sizes,
        lengths,
        ..
    } = columns;
    attachment_record(&text, &ends, &sizes, &lengths)
}

/// Listings as `{ ucid, count?, attachments }` objects, in order.
pub fn listings(listings: &[Listing]) -> JsValue {
    let mut columns = Columns::new(listings.iter().map(|l| l.attachments.len()).sum());
    let mut counts = Vec::with_capacity(listings.len());
    for listing in listings {
        columns.group(listing.ucid.as_str(), &listing.attachments);
        counts.push(listing.count.map_or(f64::NAN, |n| n as f64));
    }
    let Columns {
        text,
        ends,
        sizes,
        lengths,
        ..
    } = columns;
    attachment_listings(&text, &ends, &sizes, &lengths, &counts)
}

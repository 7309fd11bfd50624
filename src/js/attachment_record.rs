//! Attachment lists handed to JavaScript as columns (`attachment_record.js` builds the
//! objects): one string of every text field, their UTF-16 ends, the sizes and the group
//! lengths. Measured against writing the result as JSON for the browser to parse again,
//! this skips the second parse (BENCHMARKS.md, "JSON bytes → JS").

use crate::claims::Attachment;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/attachment_record.js")]
extern "C" {
    #[wasm_bindgen(js_name = attachmentRecord)]
    fn attachment_record(text: &str, ends: &[u32], sizes: &[f64], counts: &[u32]) -> JsValue;
}

#[derive(Default)]
struct Columns {
    text: String,
    /// The UTF-16 end of each field in `text` (JavaScript slices by UTF-16 units).
    ends: Vec<u32>,
    units: u32,
    sizes: Vec<f64>,
    counts: Vec<u32>,
}

impl Columns {
    fn push(&mut self, field: &str) {
        self.text.push_str(field);
        let units = match field.is_ascii() {
            true => field.len(),
            false => field.encode_utf16().count(),
        };
        self.units += units as u32;
        self.ends.push(self.units);
    }
}

/// `(key, attachments)` pairs as a plain object, keys in order.
pub fn record<'a>(groups: impl Iterator<Item = (&'a str, &'a Vec<Attachment>)> + Clone) -> JsValue {
    let attachments: usize = groups.clone().map(|(_, l)| l.len()).sum();
    let mut columns = Columns {
        // ~100 bytes of text per attachment.
        text: String::with_capacity(attachments * 100),
        ends: Vec::with_capacity(attachments * 4 + 128),
        sizes: Vec::with_capacity(attachments),
        ..Columns::default()
    };
    for (key, list) in groups {
        columns.push(key);
        columns.counts.push(list.len() as u32);
        for a in list {
            for field in [&a.path, &a.filename, &a.media, &a.pkey] {
                columns.push(field);
            }
            columns.sizes.push(a.size as f64);
        }
    }
    attachment_record(
        &columns.text,
        &columns.ends,
        &columns.sizes,
        &columns.counts,
    )
}

//! Exports for the benchmark build only (`--features bench`): parse into Rust values
//! without converting them to JS, to separate parsing cost from conversion cost.

use crate::http::ResponseHead;
use wasm_bindgen::prelude::*;

/// Parses a multi-UCID list body into Rust values; returns the attachment count.
#[wasm_bindgen(js_name = benchParseListMany)]
pub fn bench_parse_list_many(body: &str, content_type: String) -> Result<u32, JsValue> {
    let head = ResponseHead::new(200).with_content_type(&content_type);
    let groups =
        crate::claims::list::parse_many(&head, body).map_err(|e| JsValue::from_str(e.message()))?;
    Ok(groups.iter().map(|g| g.attachments.len() as u32).sum())
}

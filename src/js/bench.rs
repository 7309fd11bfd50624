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

/// The same from the body's bytes, as the clients read responses (`Response.arrayBuffer()`
/// copied into wasm memory and decoded there).
#[wasm_bindgen(js_name = benchParseListManyBytes)]
pub fn bench_parse_list_many_bytes(body: Vec<u8>, content_type: String) -> Result<u32, JsValue> {
    bench_parse_list_many(&crate::http::decode_utf8(body), content_type)
}

/// Only passes a JS string into wasm memory (wasm-bindgen re-encodes it as UTF-8): the part
/// of the text-input parse that is not parsing.
#[wasm_bindgen(js_name = benchPassText)]
pub fn bench_pass_text(body: &str) -> u32 {
    body.len() as u32
}

/// SHA-256 of a Blob in wasm over 1 MiB slices, whatever its size: the library's path above
/// its WebCrypto bound, timed against WebCrypto on the same Blob.
#[wasm_bindgen(js_name = benchSha256Streaming)]
pub async fn bench_sha256_streaming(blob: web_sys::Blob) -> Result<String, JsValue> {
    crate::transport::browser::checksum::streaming(&blob, &|_, _| {}, None)
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

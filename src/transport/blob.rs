//! Reading a `Blob` into wasm one slice at a time, into one reused buffer, so memory stays
//! bounded by the chunk size whatever the file size.

use super::abort::js_message;
use crate::error::{Error, ErrorKind, Result};
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob};

/// Bytes read per step: large enough that per-read overhead vanishes, small enough that
/// wasm memory hardly grows.
pub const CHUNK: usize = 1 << 20;

/// Calls `each(chunk, bytes_done, total)` for consecutive chunks of `blob`.
pub async fn for_each_chunk(
    blob: &Blob,
    signal: Option<&AbortSignal>,
    mut each: impl FnMut(&[u8], f64, f64),
) -> Result<()> {
    let total = blob.size();
    let mut buffer = vec![0u8; CHUNK];
    let mut offset = 0f64;
    while offset < total {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(super::aborted());
        }
        let end = (offset + CHUNK as f64).min(total);
        let read_error = |e: wasm_bindgen::JsValue| {
            Error::new(
                ErrorKind::Network,
                format!("cannot read the file: {}", js_message(&e)),
            )
        };
        let slice = blob
            .slice_with_f64_and_f64(offset, end)
            .map_err(read_error)?;
        let array = JsFuture::from(slice.array_buffer())
            .await
            .map_err(read_error)?;
        let view = Uint8Array::new(&array);
        let len = view.length() as usize;
        view.copy_to(&mut buffer[..len]);
        offset += len as f64;
        each(&buffer[..len], offset, total);
        if len == 0 {
            break;
        }
    }
    Ok(())
}

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

/// Starts reading `[start, end)` of `blob`; the browser reads while wasm works on the
/// previous chunk.
fn read(blob: &Blob, start: f64, end: f64) -> Result<JsFuture> {
    let slice = blob
        .slice_with_f64_and_f64(start, end)
        .map_err(read_error)?;
    Ok(JsFuture::from(slice.array_buffer()))
}

fn read_error(e: wasm_bindgen::JsValue) -> Error {
    Error::new(
        ErrorKind::Network,
        format!("cannot read the file: {}", js_message(&e)),
    )
}

/// Calls `each(chunk, bytes_done, total)` for consecutive chunks of `blob`, reading one
/// chunk ahead. Wasm memory holds one chunk whatever the file size.
pub async fn for_each_chunk(
    blob: &Blob,
    signal: Option<&AbortSignal>,
    mut each: impl FnMut(&[u8], f64, f64),
) -> Result<()> {
    let total = blob.size();
    // A small file needs no whole chunk (batches checksum many small files at once).
    let mut buffer = vec![0u8; CHUNK.min(total as usize)];
    let mut offset = 0f64;
    let next_end = |at: f64| (at + CHUNK as f64).min(total);
    let mut pending = (total > 0.0)
        .then(|| read(blob, 0.0, next_end(0.0)))
        .transpose()?;
    while let Some(reading) = pending.take() {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(crate::transport::aborted());
        }
        let view = Uint8Array::new(&reading.await.map_err(read_error)?);
        let len = view.length() as usize;
        if len == 0 {
            break;
        }
        offset += len as f64;
        if offset < total {
            pending = Some(read(blob, offset, next_end(offset))?);
        }
        view.copy_to(&mut buffer[..len]);
        each(&buffer[..len], offset, total);
    }
    Ok(())
}

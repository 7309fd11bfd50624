//! SHA-256 of a `Blob`, computed incrementally over 1 MiB slices (bounded memory whatever
//! the file size), with progress.

use super::blob::for_each_chunk;
use crate::das::checksum::Sha256Hex;
use crate::error::Result;
use web_sys::{AbortSignal, Blob};

/// The lowercase-hex SHA-256 of `blob`; `on_progress(bytes_done, total)` after each chunk.
pub async fn sha256_hex(
    blob: &Blob,
    on_progress: &dyn Fn(f64, f64),
    signal: Option<&AbortSignal>,
) -> Result<String> {
    let mut hasher = Sha256Hex::new();
    for_each_chunk(blob, signal, |chunk, done, total| {
        hasher.update(chunk);
        on_progress(done, total);
    })
    .await?;
    Ok(hasher.finish())
}

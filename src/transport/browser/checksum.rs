//! SHA-256 of a `Blob`. Up to [`WEBCRYPTO_MAX_BYTES`] the file is read in one piece (into a
//! JS `ArrayBuffer`, never into wasm memory) and hashed by WebCrypto at the platform's speed;
//! above it, or where WebCrypto is missing, it is hashed incrementally in wasm over 1 MiB
//! slices (bounded memory whatever the file size), with progress after each.

use super::blob::for_each_chunk;
use super::crypto::subtle;
use crate::das::checksum::Sha256Hex;
use crate::error::{Error, ErrorKind, Result};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob};

/// The largest file hashed by WebCrypto: it needs the whole file in memory at once (twice
/// the size at the peak); DAS takes files of at most 50 MB.
pub const WEBCRYPTO_MAX_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// The lowercase-hex SHA-256 of `blob`; `on_progress(bytes_done, total)` as it goes (once,
/// at the end, for a file hashed by WebCrypto).
pub async fn sha256_hex(
    blob: &Blob,
    on_progress: &dyn Fn(f64, f64),
    signal: Option<&AbortSignal>,
) -> Result<String> {
    if blob.size() <= WEBCRYPTO_MAX_BYTES {
        if let Ok(subtle) = subtle() {
            let hex = webcrypto(&subtle, blob, signal).await?;
            on_progress(blob.size(), blob.size());
            return Ok(hex);
        }
    }
    streaming(blob, on_progress, signal).await
}

/// In wasm, 1 MiB at a time.
pub async fn streaming(
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

/// WebCrypto's `digest` of the whole file, read in one piece.
async fn webcrypto(
    subtle: &web_sys::SubtleCrypto,
    blob: &Blob,
    signal: Option<&AbortSignal>,
) -> Result<String> {
    let stopped = || signal.is_some_and(AbortSignal::aborted);
    let failed = |what: &str| Error::new(ErrorKind::Network, format!("checksum: {what}"));
    if stopped() {
        return Err(crate::transport::aborted());
    }
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| failed("the file could not be read"))?;
    if stopped() {
        return Err(crate::transport::aborted());
    }
    let digest = subtle
        .digest_with_str_and_buffer_source("SHA-256", &buffer.into())
        .map_err(|_| failed("WebCrypto refused the digest"))?;
    let digest = JsFuture::from(digest)
        .await
        .map_err(|_| failed("WebCrypto's digest failed"))?;
    if stopped() {
        return Err(crate::transport::aborted());
    }
    let bytes = js_sys::Uint8Array::new(&digest).to_vec();
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

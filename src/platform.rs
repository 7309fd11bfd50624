//! What the shared clients need from the place they run: a clock, randomness, timers and
//! cancellation, one HTTP attempt, an upload with progress, a checksum and an ES256
//! signature. The DAS client's rules (tokens, the 401-once rule, form discovery, retries,
//! upload → validation → notify, downloads) are written once over this trait; the browser
//! ([`crate::transport::Browser`]: `fetch`, XHR, WebCrypto, `Blob`s) and a native process
//! ([`crate::transport::Native`], feature `native`: reqwest, tokio, `p256`) implement it.
//!
//! Clients are single-threaded (`Rc`), in the browser as natively: a native program runs
//! them on a tokio `LocalSet`, as `ipdocs-office` does on its automation thread.

use crate::error::Result;
use crate::http::HttpRequest;
use crate::transport::{ErrorOf, PutReply, ReadAs, Reply};
use std::future::Future;
use std::rc::Rc;

pub trait Platform: Sized + 'static {
    /// A caller's cancellation: an `AbortSignal` in the browser, a `CancellationToken`
    /// natively.
    type Signal: Clone + 'static;
    /// Something that fires a [`Platform::Signal`] later (wakes a sleeping poll loop).
    type Trigger: Clone + 'static;
    /// A file to upload: a `Blob` (never copied into wasm memory), bytes natively.
    type File;
    /// A binary response body: a `Blob`, bytes natively.
    type Binary;
    /// An office's private key as the caller hands it over, before it is ready to sign.
    type KeyMaterial: Clone + 'static;
    /// A key ready to sign (a non-extractable `CryptoKey`; a `p256` key natively).
    type SigningKey: Clone + 'static;

    /// Milliseconds since the Unix epoch.
    fn now_ms() -> u64;
    /// A uniform number in `[0, 1)`, for retry and poll jitter.
    fn random() -> f64;
    /// `n` random bytes from a cryptographic source, as lowercase hex.
    fn random_hex(n: usize) -> Result<String>;

    /// Waits `ms` milliseconds, or fails with `aborted` as soon as `signal` fires.
    fn sleep(ms: u64, signal: Option<&Self::Signal>) -> impl Future<Output = Result<()>>;
    fn is_aborted(signal: &Self::Signal) -> bool;
    /// Resolves when `signal` fires.
    fn until_aborted(signal: &Self::Signal) -> impl Future<Output = ()>;
    /// A new trigger, and the signal it fires.
    fn trigger() -> Option<(Self::Trigger, Self::Signal)>;
    fn fire(trigger: &Self::Trigger);
    /// Runs `task` in the background on the current thread.
    fn spawn(task: impl Future<Output = ()> + 'static);

    /// One HTTP attempt with a timeout; a non-2xx answer becomes `error_of`'s error.
    fn attempt(
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&Self::Signal>,
        timeout_ms: u32,
        error_of: ErrorOf,
    ) -> impl Future<Output = Result<Reply<Self::Binary>>>;

    fn file_size(file: &Self::File) -> f64;
    /// Lowercase-hex SHA-256 of `file`; `on_progress(done, total)` as it goes.
    fn sha256_hex(
        file: &Self::File,
        on_progress: &dyn Fn(f64, f64),
        signal: Option<&Self::Signal>,
    ) -> impl Future<Output = Result<String>>;
    /// `PUT` of `file` to a presigned URL, with no credential; `on_progress(sent, total)`.
    /// Fails with `timeout` after `idle_ms` without progress.
    fn put_file(
        url: &str,
        file: &Self::File,
        content_type: &str,
        on_progress: Rc<dyn Fn(f64, f64)>,
        idle_ms: u32,
        signal: Option<&Self::Signal>,
    ) -> impl Future<Output = Result<PutReply>>;

    /// Makes the key ready to sign (the browser imports it into WebCrypto and wipes the DER
    /// copy it was given).
    fn import_key(material: Self::KeyMaterial) -> impl Future<Output = Result<Self::SigningKey>>;
    /// What the client keeps in place of the material once the key is ready.
    fn imported(key: Self::SigningKey) -> Self::KeyMaterial;
    /// Overwrites key bytes the material holds, before it is dropped.
    fn wipe(material: &mut Self::KeyMaterial);
    /// ES256 over `input`: the 64-byte R‖S (JOSE) signature.
    fn sign_es256(key: &Self::SigningKey, input: &[u8]) -> impl Future<Output = Result<Vec<u8>>>;
}

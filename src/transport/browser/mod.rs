//! The browser platform: `fetch` (abortable, with a timeout), XHR uploads with progress,
//! WebCrypto keys and signatures, `Blob` checksums, the global scope's timers.

mod abort;
pub(crate) mod blob;
pub(crate) mod checksum;
pub(crate) mod crypto;
mod fetch;
mod timer;
pub(crate) mod xhr;

pub use abort::{js_message, LinkedAbort};
pub use timer::{sleep, until_aborted};

use crate::error::Result;
use crate::http::HttpRequest;
use crate::platform::Platform;
use crate::transport::{ErrorOf, PutReply, ReadAs, Reply};
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal, Blob, CryptoKey};

/// The browser (window or worker).
pub struct Browser;

/// A private key as the caller gave it; imported into WebCrypto on first use.
#[derive(Clone)]
pub enum PrivateKey {
    /// PKCS#8 DER (from a PEM). Overwritten with zeros once imported.
    Pkcs8(Vec<u8>),
    /// A private JWK.
    Jwk(js_sys::Object),
    /// An already imported key (ideally non-extractable).
    Key(CryptoKey),
}

impl Platform for Browser {
    type Signal = AbortSignal;
    type Trigger = AbortController;
    type File = Blob;
    type Binary = Blob;
    type KeyMaterial = PrivateKey;
    type SigningKey = CryptoKey;

    fn now_ms() -> u64 {
        js_sys::Date::now() as u64
    }
    fn random() -> f64 {
        js_sys::Math::random()
    }
    fn random_hex(n: usize) -> Result<String> {
        crypto::random_hex(n)
    }

    async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<()> {
        timer::sleep(ms, signal).await
    }
    fn is_aborted(signal: &AbortSignal) -> bool {
        signal.aborted()
    }
    async fn until_aborted(signal: &AbortSignal) {
        timer::until_aborted(signal).await
    }
    fn trigger() -> Option<(AbortController, AbortSignal)> {
        let controller = AbortController::new().ok()?;
        let signal = controller.signal();
        Some((controller, signal))
    }
    fn fire(trigger: &AbortController) {
        trigger.abort();
    }
    fn spawn(task: impl std::future::Future<Output = ()> + 'static) {
        wasm_bindgen_futures::spawn_local(task);
    }

    async fn attempt(
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&AbortSignal>,
        timeout_ms: u32,
        error_of: ErrorOf,
    ) -> Result<Reply<Blob>> {
        fetch::attempt(request, read, signal, timeout_ms, error_of).await
    }

    fn file_size(file: &Blob) -> f64 {
        file.size()
    }
    async fn sha256_hex(
        file: &Blob,
        on_progress: &dyn Fn(f64, f64),
        signal: Option<&AbortSignal>,
    ) -> Result<String> {
        checksum::sha256_hex(file, on_progress, signal).await
    }
    async fn put_file(
        url: &str,
        file: &Blob,
        content_type: &str,
        on_progress: Rc<dyn Fn(f64, f64)>,
        idle_ms: u32,
        signal: Option<&AbortSignal>,
    ) -> Result<PutReply> {
        xhr::put_blob(url, file, content_type, on_progress, idle_ms, signal).await
    }

    async fn import_key(material: PrivateKey) -> Result<CryptoKey> {
        match material {
            PrivateKey::Key(key) => Ok(key),
            PrivateKey::Jwk(jwk) => crypto::import_jwk(&jwk).await,
            PrivateKey::Pkcs8(mut der) => {
                let key = crypto::import_pkcs8(&der).await;
                der.fill(0);
                key
            }
        }
    }
    fn imported(key: CryptoKey) -> PrivateKey {
        PrivateKey::Key(key)
    }
    fn wipe(material: &mut PrivateKey) {
        if let PrivateKey::Pkcs8(der) = material {
            der.fill(0);
        }
    }
    async fn sign_es256(key: &CryptoKey, input: &[u8]) -> Result<Vec<u8>> {
        crypto::sign_es256(key, input).await
    }
}

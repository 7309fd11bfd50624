//! The native platform (feature `native`), for `ipdocs-office` and other native programs:
//! reqwest over rustls, with redirects refused (as in the browser: a redirect would carry
//! headers to wherever it points) and no cookies; tokio timers; cancellation by
//! `CancellationToken`; ES256 client assertions signed with `p256`; files as bytes.
//!
//! Timers and [`Platform::spawn`] need a tokio runtime with a `LocalSet` (the clients are
//! single-threaded, as in the browser).

use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, Method, ResponseHead};
use crate::platform::Platform;
use crate::transport::{aborted, Body, ErrorOf, PutReply, ReadAs, Reply};
use bytes::Bytes;
use p256::ecdsa::signature::Signer;
use std::future::Future;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A native process on tokio.
pub struct Native;

/// An office's P-256 private key, ready to sign client assertions. Never printed.
#[derive(Clone)]
pub struct SigningKey(Rc<p256::ecdsa::SigningKey>);

impl SigningKey {
    /// Reads the key as offices hold it: PEM, PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE
    /// KEY`, as `openssl ecparam -genkey -name prime256v1` writes it).
    pub fn from_pem(pem: &str) -> Result<SigningKey> {
        use p256::pkcs8::DecodePrivateKey;
        let mut der = crate::das::keys::pkcs8_der_from_pem(pem)?;
        let key = p256::ecdsa::SigningKey::from_pkcs8_der(&der);
        der.fill(0);
        key.map(|k| SigningKey(Rc::new(k)))
            .map_err(|_| Error::invalid_input("the private key is not an EC P-256 key"))
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(P-256, hidden)")
    }
}

/// One connection pool for the process. No redirects: 3xx answers become errors.
fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default()
    })
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

fn head_of(response: &reqwest::Response) -> ResponseHead {
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    ResponseHead {
        status: response.status().as_u16(),
        content_type: header(reqwest::header::CONTENT_TYPE),
        retry_after: header(reqwest::header::RETRY_AFTER),
    }
}

fn network_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        return Error::new(ErrorKind::Timeout, "no complete response in time");
    }
    // reqwest's text names the URL, which may carry a presigned signature: keep only the kind.
    let what = if e.is_connect() {
        "cannot connect"
    } else if e.is_body() || e.is_decode() {
        "the connection dropped while the body was read"
    } else if e.is_builder() {
        return Error::invalid_input("cannot build the request (is the URL valid?)");
    } else {
        "the request failed"
    };
    Error::new(ErrorKind::Network, format!("network error: {what}"))
}

fn redirect_refused() -> Error {
    Error::new(
        ErrorKind::Http,
        "the service answered with a redirect; it is not followed, so that credentials \
         cannot be carried to another origin",
    )
}

/// Runs `work` within `ms`, or until `signal` fires.
async fn bounded<T>(
    ms: u64,
    signal: Option<&CancellationToken>,
    work: impl Future<Output = Result<T>>,
) -> Result<T> {
    let timed = async {
        tokio::time::timeout(Duration::from_millis(ms), work)
            .await
            .unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorKind::Timeout,
                    format!("no complete response within {ms} ms"),
                ))
            })
    };
    match signal {
        None => timed.await,
        Some(signal) => tokio::select! {
            outcome = timed => outcome,
            () = signal.cancelled() => Err(aborted()),
        },
    }
}

/// The start of an error body, at most what an error keeps.
async fn capped_text(mut response: reqwest::Response) -> Result<String> {
    let mut kept = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network_error)? {
        kept.extend_from_slice(&chunk);
        if kept.len() > crate::error::BODY_KEEP_LIMIT {
            kept.truncate(crate::error::BODY_KEEP_LIMIT + 4);
            break;
        }
    }
    Ok(crate::http::decode_utf8(kept))
}

async fn send(request: &HttpRequest, read: ReadAs, error_of: ErrorOf) -> Result<Reply<Bytes>> {
    let mut builder = http().request(method(request.method), &request.url);
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    if let Some(body) = &request.body {
        builder = builder
            .header(reqwest::header::CONTENT_TYPE, body.content_type())
            .body(body.text().to_owned());
    }
    let response = builder.send().await.map_err(network_error)?;
    let head = head_of(&response);
    if response.status().is_redirection() {
        return Err(redirect_refused());
    }
    if !head.is_success() {
        let text = capped_text(response).await?;
        return Err(error_of(&head, &text, Native::now_ms()));
    }
    let bytes = response.bytes().await.map_err(network_error)?;
    let body = match read {
        ReadAs::Text => Body::Text(crate::http::decode_utf8(bytes.to_vec())),
        ReadAs::Binary => Body::Binary(bytes),
    };
    Ok(Reply { head, body })
}

/// One MiB a second on top of the idle allowance: natively the PUT reports no progress
/// events, so its bound grows with the file instead.
const PUT_MS_PER_MIB: u64 = 1_000;

impl Platform for Native {
    type Signal = CancellationToken;
    type Trigger = CancellationToken;
    type File = Bytes;
    type Binary = Bytes;
    type KeyMaterial = SigningKey;
    type SigningKey = SigningKey;

    fn now_ms() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
    fn random() -> f64 {
        rand::random::<f64>()
    }
    fn random_hex(n: usize) -> Result<String> {
        let bytes: Vec<u8> = (0..n).map(|_| rand::random::<u8>()).collect();
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    async fn sleep(ms: u64, signal: Option<&CancellationToken>) -> Result<()> {
        let wait = tokio::time::sleep(Duration::from_millis(ms));
        match signal {
            None => {
                wait.await;
                Ok(())
            }
            Some(signal) => tokio::select! {
                () = wait => Ok(()),
                () = signal.cancelled() => Err(aborted()),
            },
        }
    }
    fn is_aborted(signal: &CancellationToken) -> bool {
        signal.is_cancelled()
    }
    async fn until_aborted(signal: &CancellationToken) {
        signal.cancelled().await
    }
    fn trigger() -> Option<(CancellationToken, CancellationToken)> {
        let token = CancellationToken::new();
        Some((token.clone(), token))
    }
    fn fire(trigger: &CancellationToken) {
        trigger.cancel();
    }
    fn spawn(task: impl Future<Output = ()> + 'static) {
        tokio::task::spawn_local(task);
    }

    async fn attempt(
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&CancellationToken>,
        timeout_ms: u32,
        error_of: ErrorOf,
    ) -> Result<Reply<Bytes>> {
        if signal.is_some_and(CancellationToken::is_cancelled) {
            return Err(aborted());
        }
        bounded(timeout_ms.into(), signal, send(request, read, error_of)).await
    }

    fn file_size(file: &Bytes) -> f64 {
        file.len() as f64
    }
    async fn sha256_hex(
        file: &Bytes,
        on_progress: &dyn Fn(f64, f64),
        _signal: Option<&CancellationToken>,
    ) -> Result<String> {
        let checksum = crate::das::checksum::Sha256Hex::of(file);
        on_progress(file.len() as f64, file.len() as f64);
        Ok(checksum)
    }
    async fn put_file(
        url: &str,
        file: &Bytes,
        content_type: &str,
        on_progress: Rc<dyn Fn(f64, f64)>,
        idle_ms: u32,
        signal: Option<&CancellationToken>,
    ) -> Result<PutReply> {
        let total = file.len() as f64;
        on_progress(0.0, total);
        let ms = u64::from(idle_ms) + (file.len() as u64 >> 20) * PUT_MS_PER_MIB;
        // No Authorization header and no cookies: the URL's signature is the credential.
        let put = async {
            let response = http()
                .put(url)
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(file.clone())
                .send()
                .await
                .map_err(network_error)?;
            let head = head_of(&response);
            let body = capped_text(response).await?;
            Ok(PutReply { head, body })
        };
        let outcome = bounded(ms, signal, put).await;
        crate::transport::observe::report(Method::Put, url, 0, &outcome, |r| r.head.status);
        if outcome.as_ref().is_ok_and(|r| r.head.is_success()) {
            on_progress(total, total);
        }
        outcome
    }

    async fn import_key(material: SigningKey) -> Result<SigningKey> {
        Ok(material)
    }
    fn imported(key: SigningKey) -> SigningKey {
        key
    }
    /// `p256`'s key zeroes itself when its last copy is dropped.
    fn wipe(_material: &mut SigningKey) {}
    async fn sign_es256(key: &SigningKey, input: &[u8]) -> Result<Vec<u8>> {
        let signature: p256::ecdsa::Signature = key.0.sign(input);
        Ok(signature.to_bytes().to_vec())
    }
}

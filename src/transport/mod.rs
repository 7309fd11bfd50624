//! Browser transport: turns the core's [`HttpRequest`]s into `fetch` calls.
//!
//! - one attempt = one `fetch` under its own `AbortController`, linked to the caller's
//!   `AbortSignal` and to a timeout timer, so a timeout and a caller's abort are told apart;
//! - retries (idempotent requests only) follow the core's [`RetryPolicy`];
//! - `redirect: "manual"`: a redirect is refused rather than followed, because the browser
//!   would carry custom headers (`x-password`) to wherever it points;
//! - `credentials: "omit"`: no cookies; authentication is explicit;
//! - `cache: "no-store"`: licensed responses stay out of the browser's disk cache;
//! - `Blob` bodies go to the network as they are, never copied into wasm memory.
//!
//! Works in windows and workers: the globals (`fetch`, `setTimeout`) are bound directly.

mod abort;
pub(crate) mod blob;
pub(crate) mod crypto;
mod fetch;
pub mod observe;
mod timer;
pub(crate) mod xhr;

pub use abort::{js_message, LinkedAbort};
pub use fetch::{Body, ReadAs, Reply};
pub use timer::{sleep, until_aborted};

use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::retry::RetryPolicy;
use web_sys::AbortSignal;

/// Default time allowed for one attempt, headers and body included.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Timeout and retry settings shared by a client's calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transport {
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
}

impl Default for Transport {
    fn default() -> Transport {
        Transport {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
        }
    }
}

impl Transport {
    /// Sets the per-attempt timeout and the number of retries (`None` keeps the default).
    pub fn with_limits(timeout_ms: Option<u32>, retries: Option<u32>) -> Result<Transport> {
        let mut t = Transport::default();
        if let Some(ms) = timeout_ms {
            if ms == 0 {
                return Err(Error::invalid_input("timeoutMs must be at least 1"));
            }
            t.timeout_ms = ms;
        }
        if let Some(n) = retries {
            if n > 10 {
                return Err(Error::invalid_input("retries must be between 0 and 10"));
            }
            t.retry.max_retries = n;
        }
        Ok(t)
    }

    /// Sends `request`, retrying transient failures of idempotent requests. Returns only
    /// 2xx replies; any other status becomes an [`Error`] carrying status, body and
    /// `Retry-After`.
    pub async fn send(
        &self,
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&AbortSignal>,
    ) -> Result<Reply> {
        self.send_as(request, read, signal, ResponseHead::error)
            .await
    }

    /// [`Transport::send`] with a service-specific reading of error responses (DAS
    /// application errors, OAuth errors, S3 errors).
    pub async fn send_as(
        &self,
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&AbortSignal>,
        error_of: ErrorOf,
    ) -> Result<Reply> {
        self.retrying(request.idempotent, signal, async |retry| {
            self.attempt(request, read, signal, error_of, retry).await
        })
        .await
    }

    /// One attempt of `request` (retry number `retry`, 0 first), reported to observers.
    pub(crate) async fn attempt(
        &self,
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&AbortSignal>,
        error_of: ErrorOf,
        retry: u32,
    ) -> Result<Reply> {
        let outcome = fetch::attempt(request, read, signal, self.timeout_ms, error_of).await;
        observe::report(request.method, &request.url, retry, &outcome, |r| {
            r.head.status
        });
        outcome
    }

    /// Runs `attempt` (given its retry number, 0 first) until it succeeds, or fails with an
    /// error the retry policy gives up on, waiting between attempts as the policy says. With
    /// `may_retry` false, or once aborted, the first error is final.
    pub(crate) async fn retrying<T>(
        &self,
        may_retry: bool,
        signal: Option<&AbortSignal>,
        mut attempt: impl AsyncFnMut(u32) -> Result<T>,
    ) -> Result<T> {
        let mut retry = 0;
        loop {
            let error = match attempt(retry).await {
                Ok(done) => return Ok(done),
                Err(e) => e,
            };
            if !may_retry || error.kind() == ErrorKind::Aborted {
                return Err(error);
            }
            match self.retry.delay_ms(retry, &error, js_sys::Math::random()) {
                None => return Err(error),
                Some(ms) => sleep(ms, signal).await?,
            }
            retry += 1;
        }
    }
}

/// How a service's non-2xx response `(head, body, now_ms)` becomes an error.
pub type ErrorOf = fn(&ResponseHead, &str, u64) -> Error;

/// The error for a caller's abort.
pub fn aborted() -> Error {
    Error::new(
        ErrorKind::Aborted,
        "the request was aborted by its AbortSignal",
    )
}

//! Transports: turn the core's [`HttpRequest`]s into network calls, with timeouts, abort
//! signals and the core's [`RetryPolicy`] (idempotent requests only). [`Transport`] holds
//! those rules once; each [`Platform`] supplies the single attempt:
//!
//! - [`Browser`] (wasm32): `fetch` with `redirect: "manual"` (the browser would carry custom
//!   headers such as `x-password` to wherever a redirect points), `credentials: "omit"`,
//!   `cache: "no-store"`; `Blob` bodies go to the network as they are, never copied into
//!   wasm memory. Works in windows and workers.
//! - [`Native`] (feature `native`): reqwest over rustls with redirects refused for the same
//!   reason, tokio timers, `p256` signatures; for `ipdocs-office`.

#[cfg(target_arch = "wasm32")]
pub(crate) mod browser;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
mod native;
pub mod observe;

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::crypto;
#[cfg(target_arch = "wasm32")]
pub use browser::{js_message, sleep, until_aborted, Browser, LinkedAbort, PrivateKey};
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub use native::{Native, SigningKey as NativeKey};

/// The platform a plain `Das` or `Transport` runs on: the browser in wasm, else native.
#[cfg(target_arch = "wasm32")]
pub type DefaultPlatform = Browser;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub type DefaultPlatform = Native;

use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::platform::Platform;
use crate::retry::RetryPolicy;
use std::marker::PhantomData;

/// Default time allowed for one attempt, headers and body included.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// How to read a successful response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    Text,
    /// The platform's binary body: in the browser it stays in the blob store and only a
    /// handle reaches wasm.
    Binary,
}

#[derive(Debug)]
pub enum Body<B> {
    Text(String),
    Binary(B),
}

/// A 2xx response.
#[derive(Debug)]
pub struct Reply<B> {
    pub head: ResponseHead,
    pub body: Body<B>,
}

impl<B> Reply<B> {
    pub fn text(&self) -> &str {
        match &self.body {
            Body::Text(t) => t,
            Body::Binary(_) => "",
        }
    }

    pub fn into_binary(self) -> Option<B> {
        match self.body {
            Body::Binary(b) => Some(b),
            Body::Text(_) => None,
        }
    }
}

/// The outcome of an upload `PUT` that got an HTTP response (any status).
pub struct PutReply {
    pub head: ResponseHead,
    pub body: String,
}

/// Timeout and retry settings shared by a client's calls, on platform `P`.
pub struct Transport<P: Platform = DefaultPlatform> {
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    platform: PhantomData<fn() -> P>,
}

impl<P: Platform> Clone for Transport<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: Platform> Copy for Transport<P> {}

impl<P: Platform> PartialEq for Transport<P> {
    fn eq(&self, other: &Self) -> bool {
        (self.timeout_ms, &self.retry) == (other.timeout_ms, &other.retry)
    }
}
impl<P: Platform> Eq for Transport<P> {}

impl<P: Platform> std::fmt::Debug for Transport<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("timeout_ms", &self.timeout_ms)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<P: Platform> Default for Transport<P> {
    fn default() -> Transport<P> {
        Transport {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
            platform: PhantomData,
        }
    }
}

impl<P: Platform> Transport<P> {
    /// Sets the per-attempt timeout and the number of retries (`None` keeps the default).
    pub fn with_limits(timeout_ms: Option<u32>, retries: Option<u32>) -> Result<Transport<P>> {
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
        signal: Option<&P::Signal>,
    ) -> Result<Reply<P::Binary>> {
        self.send_as(request, read, signal, ResponseHead::error)
            .await
    }

    /// [`Transport::send`] with a service-specific reading of error responses (DAS
    /// application errors, OAuth errors, S3 errors).
    pub async fn send_as(
        &self,
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&P::Signal>,
        error_of: ErrorOf,
    ) -> Result<Reply<P::Binary>> {
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
        signal: Option<&P::Signal>,
        error_of: ErrorOf,
        retry: u32,
    ) -> Result<Reply<P::Binary>> {
        let outcome = P::attempt(request, read, signal, self.timeout_ms, error_of).await;
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
        signal: Option<&P::Signal>,
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
            match self.retry.delay_ms(retry, &error, P::random()) {
                None => return Err(error),
                Some(ms) => P::sleep(ms, signal).await?,
            }
            retry += 1;
        }
    }
}

/// How a service's non-2xx response `(head, body, now_ms)` becomes an error.
pub type ErrorOf = fn(&ResponseHead, &str, u64) -> Error;

/// The error for a caller's abort.
pub fn aborted() -> Error {
    Error::new(ErrorKind::Aborted, "the request was aborted by its signal")
}

//! One `fetch` attempt with timeout and abort.

use super::abort::{js_message, LinkedAbort};
use super::timer::{clear_timeout, set_timeout, timeout_ms};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::transport::{Body, ReadAs, Reply};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Blob, Headers, Request, RequestCache, RequestCredentials, RequestInit,
    RequestRedirect, Response, ResponseType,
};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, present in windows and workers alike.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

/// The abort machinery of one attempt: a child controller of the caller's signal plus a
/// timer that aborts it and records that it was a timeout.
struct AttemptGuard {
    link: LinkedAbort,
    timed_out: Rc<Cell<bool>>,
    timer: JsValue,
    timeout_ms: u32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl AttemptGuard {
    fn new(signal: Option<&AbortSignal>, ms: u32) -> Result<AttemptGuard> {
        let link = LinkedAbort::new(signal)?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (flag, controller) = (timed_out.clone(), link.controller());
            Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                controller.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms(ms as u64));
        Ok(AttemptGuard {
            link,
            timed_out,
            timer,
            timeout_ms: ms,
            _on_timeout: on_timeout,
        })
    }

    /// Maps a rejection of `fetch` or of a body read to the right error kind.
    fn classify(&self, thrown: &JsValue) -> Error {
        if self.timed_out.get() {
            Error::new(
                ErrorKind::Timeout,
                format!("no complete response within {} ms", self.timeout_ms),
            )
        } else if self.link.parent_aborted() {
            crate::transport::aborted()
        } else {
            Error::new(
                ErrorKind::Network,
                format!(
                    "network error (connection failed or dropped, or blocked by CORS): {}",
                    js_message(thrown)
                ),
            )
        }
    }
}

/// Dropping the attempt (its future dropped mid-flight, as reqwest's wasm client does) aborts
/// the `fetch`; after a completed attempt the abort is a no-op.
impl Drop for AttemptGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        self.link.abort();
    }
}

pub(super) async fn attempt(
    request: &HttpRequest,
    read: ReadAs,
    signal: Option<&AbortSignal>,
    timeout: u32,
    error_of: crate::transport::ErrorOf,
) -> Result<Reply<Blob>> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(crate::transport::aborted());
    }
    let guard = AttemptGuard::new(signal, timeout)?;
    let js_request = build(request, &guard.link.signal())?;
    let response: Response = JsFuture::from(global_fetch(&js_request))
        .await
        .map_err(|e| guard.classify(&e))?
        .unchecked_into();
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(Error::new(
            ErrorKind::Http,
            "the service answered with a redirect; it is not followed, so that credentials \
             cannot be carried to another origin",
        ));
    }
    let headers = response.headers();
    let head = ResponseHead {
        status: response.status(),
        content_type: headers.get("content-type").ok().flatten(),
        retry_after: headers.get("retry-after").ok().flatten(),
    };
    if !head.is_success() {
        let text = read_capped_text(&response, &guard).await?;
        return Err(error_of(&head, &text, js_sys::Date::now() as u64));
    }
    let body = match read {
        ReadAs::Text => Body::Text(read_text(&response, &guard).await?),
        ReadAs::Binary => {
            let promise = response.blob().map_err(|e| guard.classify(&e))?;
            let blob = JsFuture::from(promise)
                .await
                .map_err(|e| guard.classify(&e))?;
            Body::Binary(blob.unchecked_into())
        }
    };
    Ok(Reply { head, body })
}

/// An error body, cut to what an error keeps before it is decoded into wasm memory (the Blob
/// is sliced in the browser).
async fn read_capped_text(response: &Response, guard: &AttemptGuard) -> Result<String> {
    let promise = response.blob().map_err(|e| guard.classify(&e))?;
    let blob: Blob = JsFuture::from(promise)
        .await
        .map_err(|e| guard.classify(&e))?
        .unchecked_into();
    let head = blob
        .slice_with_f64_and_f64(0.0, crate::error::BODY_KEEP_LIMIT as f64 + 4.0)
        .map_err(|e| guard.classify(&e))?;
    let text = JsFuture::from(head.text())
        .await
        .map_err(|e| guard.classify(&e))?;
    Ok(text.as_string().unwrap_or_default())
}

/// The body as text, decoded as `Response.text()` would (UTF-8, a leading BOM dropped,
/// invalid sequences replaced) but read as bytes: copying bytes into wasm memory is a
/// memcpy, while passing a JS string means re-encoding it, which cost as much as parsing
/// a 1.5 MB attachment list (see BENCHMARKS.md).
async fn read_text(response: &Response, guard: &AttemptGuard) -> Result<String> {
    let promise = response.array_buffer().map_err(|e| guard.classify(&e))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| guard.classify(&e))?;
    Ok(crate::http::decode_utf8(
        js_sys::Uint8Array::new(&buffer).to_vec(),
    ))
}

fn build(request: &HttpRequest, signal: &AbortSignal) -> Result<Request> {
    let invalid =
        |e: JsValue| Error::invalid_input(format!("cannot build the request: {}", js_message(&e)));
    let headers = Headers::new().map_err(invalid)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(invalid)?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_redirect(RequestRedirect::Manual);
    init.set_credentials(RequestCredentials::Omit);
    // Responses to credentialed calls are licensed content: keep them out of the shared
    // HTTP cache, and never get a cached variant negotiated for another `Accept`.
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(signal));
    if let Some(body) = &request.body {
        headers
            .set("content-type", body.content_type())
            .map_err(invalid)?;
        init.set_body(&JsValue::from_str(body.text()));
    }
    init.set_headers(&headers);
    Request::new_with_str_and_init(&request.url, &init).map_err(invalid)
}

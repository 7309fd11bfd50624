//! `PUT` of a `Blob` to a presigned URL with `XMLHttpRequest`, the one browser API that
//! reports upload progress for every engine. The Blob goes to the network as it is (never
//! through wasm memory); no credentials and no `Authorization` header are sent.

use super::abort::{js_message, LinkedAbort};
use super::timer::{clear_timeout, set_timeout, timeout_ms};
use crate::error::{Error, ErrorKind, Result};
use crate::http::ResponseHead;
use crate::transport::PutReply;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, ProgressEvent, XmlHttpRequest};

/// Uploads `blob` with `PUT`; `on_progress(loaded, total)` follows the bytes sent. An upload
/// that makes no progress for `idle_ms` fails with `timeout`; dropping the future aborts it.
pub async fn put_blob(
    url: &str,
    blob: &Blob,
    content_type: &str,
    on_progress: Rc<dyn Fn(f64, f64)>,
    idle_ms: u32,
    signal: Option<&AbortSignal>,
) -> Result<PutReply> {
    let outcome = send_blob(url, blob, content_type, on_progress, idle_ms, signal).await;
    crate::transport::observe::report(crate::http::Method::Put, url, 0, &outcome, |r| {
        r.head.status
    });
    outcome
}

/// Aborts an unfinished request when dropped.
struct AbortOnDrop(XmlHttpRequest);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if self.0.ready_state() != XmlHttpRequest::DONE {
            let _ = self.0.abort();
        }
    }
}

/// Aborts the request after `ms` without progress; `touch` restarts the wait.
struct IdleTimer {
    ms: u32,
    timer: RefCell<JsValue>,
    fired: Rc<std::cell::Cell<bool>>,
    on_idle: Closure<dyn FnMut()>,
}

impl IdleTimer {
    fn new(xhr: &XmlHttpRequest, ms: u32) -> Rc<IdleTimer> {
        let fired = Rc::new(std::cell::Cell::new(false));
        let on_idle = {
            let (xhr, fired) = (xhr.clone(), fired.clone());
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                let _ = xhr.abort();
            })
        };
        let idle = Rc::new(IdleTimer {
            ms,
            timer: RefCell::new(JsValue::UNDEFINED),
            fired,
            on_idle,
        });
        idle.touch();
        idle
    }

    fn touch(&self) {
        clear_timeout(&self.timer.borrow());
        *self.timer.borrow_mut() = set_timeout(
            self.on_idle.as_ref().unchecked_ref(),
            timeout_ms(u64::from(self.ms)),
        );
    }
}

impl Drop for IdleTimer {
    fn drop(&mut self) {
        clear_timeout(&self.timer.borrow());
    }
}

async fn send_blob(
    url: &str,
    blob: &Blob,
    content_type: &str,
    on_progress: Rc<dyn Fn(f64, f64)>,
    idle_ms: u32,
    signal: Option<&AbortSignal>,
) -> Result<PutReply> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(crate::transport::aborted());
    }
    let fail = |e: JsValue| {
        Error::new(
            ErrorKind::Network,
            format!("cannot start the upload: {}", js_message(&e)),
        )
    };
    let xhr = XmlHttpRequest::new().map_err(fail)?;
    xhr.open_with_async("PUT", url, true).map_err(fail)?;
    xhr.set_request_header("content-type", content_type)
        .map_err(fail)?;

    let settled: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>> = Rc::default();
    let promise = {
        let settled = settled.clone();
        js_sys::Promise::new(&mut move |resolve, reject| {
            *settled.borrow_mut() = Some((resolve, reject))
        })
    };
    let (resolve, reject) = settled
        .borrow_mut()
        .take()
        .expect("the executor runs synchronously");
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let _ = resolve.call0(&JsValue::NULL);
    });
    let on_fail = {
        let reject = reject.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = reject.call0(&JsValue::NULL);
        })
    };
    let idle = IdleTimer::new(&xhr, idle_ms.max(1_000));
    let progress = {
        let idle = idle.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            idle.touch();
            if e.length_computable() {
                on_progress(e.loaded(), e.total());
            }
        })
    };
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_fail.as_ref().unchecked_ref()));
    xhr.upload()
        .map_err(fail)?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));

    let link = LinkedAbort::new(signal)?;
    let abort_xhr = {
        let xhr = xhr.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = xhr.abort();
        })
    };
    let _ = link
        .signal()
        .add_event_listener_with_callback("abort", abort_xhr.as_ref().unchecked_ref());

    xhr.send_with_opt_blob(Some(blob)).map_err(fail)?;
    // Declared last, so dropped first: the handlers above are still alive when it aborts.
    let _abort_on_drop = AbortOnDrop(xhr.clone());
    let outcome = JsFuture::from(promise).await;
    if outcome.is_err() {
        return Err(if link.parent_aborted() {
            crate::transport::aborted()
        } else if idle.fired.get() {
            Error::new(
                ErrorKind::Timeout,
                format!("the upload made no progress for {} ms", idle.ms),
            )
        } else {
            Error::new(
                ErrorKind::Network,
                "the upload failed before a response (connection dropped, or blocked by CORS)",
            )
        });
    }
    Ok(PutReply {
        head: ResponseHead {
            status: xhr.status().unwrap_or(0),
            content_type: xhr.get_response_header("content-type").ok().flatten(),
            retry_after: xhr.get_response_header("retry-after").ok().flatten(),
        },
        body: xhr.response_text().ok().flatten().unwrap_or_default(),
    })
}

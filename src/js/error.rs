//! Library errors as JS `Error` objects with `kind`, `status`, `retryAfterMs`, `code`,
//! `details` and `body` properties (the `IpdocsError` type in the `.d.ts`).

use crate::error::Error;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TS: &str = r#"
/** The class of a failure; see the README's error table. */
export type ErrorKind =
  | "invalid_input" | "unauthorized" | "not_found" | "rate_limited" | "server" | "http"
  | "network" | "timeout" | "aborted" | "parse" | "service" | "auth" | "das";

/** One entry of a service's error details (DAS `details`). */
export interface ErrorDetail { code: number; message: string }

/** What every rejected ipdocs promise rejects with. */
export interface IpdocsError extends Error {
  name: "IpdocsError";
  kind: ErrorKind;
  /** HTTP status, when there was a response. */
  status?: number;
  /** How long the server asked to wait (Retry-After), when known. */
  retryAfterMs?: number;
  /** The service's own error code (DAS `code`, CLAIMS envelope status). */
  code?: string;
  /** DAS error details. */
  details?: ErrorDetail[];
  /** The response body (up to 64 KiB), kept as evidence. */
  body?: string;
}
"#;

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh ordinary object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

pub fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(error.message());
    js.set_name("IpdocsError");
    let obj: &Object = js.as_ref();
    set(obj, "kind", &JsValue::from_str(error.kind().as_str()));
    if let Some(status) = error.status() {
        set(obj, "status", &JsValue::from(status));
    }
    if let Some(ms) = error.retry_after_ms() {
        set(obj, "retryAfterMs", &JsValue::from(ms as f64));
    }
    if let Some(code) = error.code() {
        set(obj, "code", &JsValue::from_str(code));
    }
    if !error.details().is_empty() {
        let details = Array::new();
        for d in error.details() {
            let entry = Object::new();
            set(&entry, "code", &JsValue::from(d.code as f64));
            set(&entry, "message", &JsValue::from_str(&d.message));
            details.push(&entry);
        }
        set(obj, "details", &details);
    }
    if let Some(body) = error.body() {
        set(obj, "body", &JsValue::from_str(&body.text));
    }
    js.into()
}

/// Runs a call as a Promise that rejects with an `IpdocsError`. The future is boxed first so
/// that `future_to_promise` is compiled once, not once per exported method (each copy was
/// about 10 KB of wasm).
pub fn promise(
    work: futures_util::future::LocalBoxFuture<'static, crate::Result<JsValue>>,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move { work.await.map_err(to_js) })
}

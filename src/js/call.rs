//! The optional last argument of every call, shared by both services' bindings.

use super::{convert, error};
use crate::error::Result;
use std::future::Future;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(typescript_custom_section)]
const CALL_TS: &str = r#"
/** The optional last argument of every call. */
export interface CallOptions {
  signal?: AbortSignal;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptions;
}

/// Runs `work` with `client` and the `signal` of the call's `options` as a Promise that
/// rejects with an `IpdocsError`. Argument errors reject too (a Promise-returning call never
/// throws). The signal is read before `work` starts, so no async wrapper of `work`'s future
/// is compiled per method.
pub fn run<C, F, Fut>(client: C, options: Option<JsValue>, work: F) -> js_sys::Promise
where
    F: FnOnce(C, Option<AbortSignal>) -> Fut,
    Fut: Future<Output = Result<JsValue>> + 'static,
{
    match options.as_ref().map_or(Ok(None), convert::signal) {
        Ok(signal) => error::promise(Box::pin(work(client, signal))),
        Err(e) => js_sys::Promise::reject(&error::to_js(e)),
    }
}

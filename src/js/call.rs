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
/// throws).
pub fn run<C, F, Fut>(client: C, options: Option<JsValue>, work: F) -> js_sys::Promise
where
    C: 'static,
    F: FnOnce(C, Option<AbortSignal>) -> Fut + 'static,
    Fut: Future<Output = Result<JsValue>> + 'static,
{
    error::promise(Box::pin(async move {
        let signal = options.as_ref().map_or(Ok(None), convert::signal)?;
        work(client, signal).await
    }))
}

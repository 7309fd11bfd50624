//! Timers from the global scope (window or worker).

use super::abort::LinkedAbort;
use crate::error::Result;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
}

/// Clamps a delay to what `setTimeout` accepts (a 32-bit signed millisecond count).
pub(crate) fn timeout_ms(ms: u64) -> i32 {
    ms.min(i32::MAX as u64) as i32
}

/// Waits `ms` milliseconds, or fails with `aborted` as soon as `signal` fires.
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(crate::transport::aborted());
    }
    let link = LinkedAbort::new(signal)?;
    let child = link.signal();
    let mut timer = JsValue::UNDEFINED;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        timer = set_timeout(&resolve, timeout_ms(ms));
        let _ = child.add_event_listener_with_callback("abort", reject.unchecked_ref());
    });
    let outcome = JsFuture::from(promise).await;
    clear_timeout(&timer);
    drop(link);
    outcome.map(|_| ()).map_err(|_| crate::transport::aborted())
}

/// Resolves when `signal` fires. Dropping the future removes its listener, so a long-lived
/// signal does not collect them.
pub async fn until_aborted(signal: &AbortSignal) {
    if signal.aborted() {
        return;
    }
    let link = LinkedAbort::new(Some(signal));
    let Ok(link) = link else { return };
    let child = link.signal();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = child.add_event_listener_with_callback("abort", &resolve);
    });
    let _ = JsFuture::from(promise).await;
    drop(link);
}

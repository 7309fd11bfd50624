//! An `AbortController` that also fires when a parent `AbortSignal` does.

use crate::error::{Error, Result};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

/// A child controller linked to an optional parent signal. Dropping it unlinks it, so
/// long-lived parents (a page-wide signal) do not collect listeners.
pub struct LinkedAbort {
    controller: AbortController,
    parent: Option<AbortSignal>,
    listener: Option<Closure<dyn FnMut()>>,
}

impl LinkedAbort {
    pub fn new(parent: Option<&AbortSignal>) -> Result<LinkedAbort> {
        let controller = AbortController::new()
            .map_err(|e| Error::new(crate::ErrorKind::Network, js_message(&e)))?;
        let listener = match parent {
            None => None,
            Some(p) if p.aborted() => {
                controller.abort();
                None
            }
            Some(p) => {
                let child = controller.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || child.abort());
                p.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
                    .map_err(|e| Error::new(crate::ErrorKind::Network, js_message(&e)))?;
                Some(on_abort)
            }
        };
        Ok(LinkedAbort {
            controller,
            parent: parent.cloned(),
            listener,
        })
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// A handle to abort this controller from a callback.
    pub fn controller(&self) -> AbortController {
        self.controller.clone()
    }

    pub fn abort(&self) {
        self.controller.abort();
    }

    /// Whether the parent (the caller) aborted, as opposed to this controller alone.
    pub fn parent_aborted(&self) -> bool {
        self.parent.as_ref().is_some_and(AbortSignal::aborted)
    }
}

impl Drop for LinkedAbort {
    fn drop(&mut self) {
        if let (Some(parent), Some(on_abort)) = (&self.parent, &self.listener) {
            let _ = parent
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// The message of a thrown JS value (an `Error`'s `message`, or its string form).
pub fn js_message(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

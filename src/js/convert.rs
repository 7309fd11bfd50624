//! Option objects in, plain JS values out.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Reads an options object into a Rust struct. Unknown keys (typos such as `timeoutMS`)
/// and ill-typed fields are `invalid_input` errors naming the key; serde-wasm-bindgen alone
/// would silently ignore unknown keys.
pub fn options<T: DeserializeOwned>(what: &str, value: JsValue, known: &[&str]) -> Result<T> {
    if !value.is_object() {
        return Err(Error::invalid_input(format!("{what} must be an object")));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(Error::invalid_input(format!(
                "{what}: unknown option {key:?} (known: {})",
                known.join(", ")
            )));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::invalid_input(format!("{what}: {e}")))
}

/// Plain objects and arrays (not `Map`s), numbers as numbers.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            Error::new(
                crate::ErrorKind::Parse,
                format!("cannot convert the result: {e}"),
            )
        })
}

/// The `signal` of an optional `{ signal }` argument.
pub fn signal(call_options: &JsValue) -> Result<Option<AbortSignal>> {
    if call_options.is_undefined() || call_options.is_null() {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(call_options, &JsValue::from_str("signal"))
        .map_err(|_| Error::invalid_input("options must be an object"))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid_input("options.signal must be an AbortSignal"))
}

/// A string argument, with a clear error for anything else.
pub fn string(what: &str, value: &JsValue) -> Result<String> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_input(format!("{what} must be a string")))
}

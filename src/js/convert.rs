//! Option objects in, plain JS values out.

use crate::error::{Error, Result};
#[cfg(any(feature = "claims", feature = "das-batch"))]
use crate::fields::fields_of;
#[cfg(any(feature = "claims", feature = "das-batch"))]
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// Reads an options object into a Rust struct. Unknown keys (typos such as `timeoutMS`)
/// and ill-typed fields are `invalid_input` errors naming the key. The known keys are the
/// struct's own ([`fields_of`]), not a list kept beside it.
#[cfg(feature = "claims")]
pub fn options<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T> {
    check_keys(what, &value, fields_of::<T>())?;
    plain_data(what, &value)
}

/// [`options`] for an object that also holds values serde cannot read (callbacks, Blobs,
/// a signal; `others`, read by the caller with [`property`]): every key must be the struct's
/// or one of `others`, and only the struct's are deserialised.
#[cfg(any(feature = "claims", feature = "das-batch"))]
pub fn options_with<T: DeserializeOwned>(
    what: &str,
    value: &JsValue,
    others: &[&str],
) -> Result<T> {
    let plain = fields_of::<T>();
    let known: Vec<&str> = plain.iter().chain(others).copied().collect();
    check_keys(what, value, &known)?;
    let subset = js_sys::Object::new();
    for key in plain {
        let v = property(value, key);
        if !v.is_undefined() {
            let _ = js_sys::Reflect::set(&subset, &JsValue::from_str(key), &v);
        }
    }
    plain_data(what, &subset)
}

/// Reads an options object of plain values (numbers, strings, arrays, nested objects)
/// whose nested keys are checked too (`#[serde(deny_unknown_fields)]` at every level).
#[cfg(any(feature = "claims", feature = "das-batch"))]
pub fn json_options<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T> {
    if !value.is_object() {
        return Err(Error::invalid_input(format!("{what} must be an object")));
    }
    plain_data(what, value)
}

/// Plain data (numbers, strings, booleans, arrays, objects) read through JSON: the browser
/// writes it, serde_json reads it — CLAIMS options and DAS batches, whose types the
/// responses' deserializer serves too, so no type has a second reader in the wasm
/// (serde-wasm-bindgen's cost ≈ 8 % of `ipdocs/das`, issue 20.2), and misspelt nested keys
/// are seen. DAS inputs, flat strings, are read field by field instead (`input.rs`).
#[cfg(any(feature = "claims", feature = "das-batch"))]
pub fn plain_data<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T> {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid_input(format!("{what} must be plain data")))?;
    serde_json::from_str(&json).map_err(|e| {
        // The position is in JSON the caller never wrote.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(&*message, |at| &message[..at]);
        Error::invalid_input(format!("{what}: {message}"))
    })
}

/// An object whose keys are all `known` (typos such as `timeoutMS` are named).
pub fn check_keys(what: &str, value: &JsValue, known: &[&str]) -> Result<()> {
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
    Ok(())
}

/// A property of an options object (`undefined` when absent or unreadable).
pub fn property(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Plain objects and arrays (not `Map`s), numbers as numbers: written as JSON in wasm and
/// parsed by the browser (faster than building them property by property). Attachment
/// lists, the large results, take `attachment_record` instead.
#[cfg(feature = "das")]
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    let mut json = Vec::with_capacity(256);
    serde_json::to_writer(&mut json, value).map_err(|_| not_converted())?;
    json_to_js(&String::from_utf8(json).map_err(|_| not_converted())?)
}

/// JSON text as the JS value it writes.
#[cfg(feature = "das")]
pub fn json_to_js(json: &str) -> Result<JsValue> {
    js_sys::JSON::parse(json).map_err(|_| not_converted())
}

#[cfg(feature = "das")]
fn not_converted() -> Error {
    Error::new(crate::ErrorKind::Parse, "cannot convert the result to JS")
}

/// A plain object of these fields, in order.
#[cfg(feature = "claims")]
pub fn object(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// A string argument, or a `Uint8Array` of UTF-8 decoded as `Response.text()` would.
#[cfg(feature = "claims")]
pub fn text_or_bytes(what: &str, value: &JsValue) -> Result<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    match value.dyn_ref::<js_sys::Uint8Array>() {
        Some(bytes) => Ok(crate::http::decode_utf8(bytes.to_vec())),
        None => Err(Error::invalid_input(format!(
            "{what} must be a string or a Uint8Array"
        ))),
    }
}

/// Whether an optional argument or option was given (neither `undefined` nor `null`).
pub fn present(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

/// The `signal` of an optional `{ signal }` argument.
pub fn signal(call_options: &JsValue) -> Result<Option<AbortSignal>> {
    if !present(call_options) {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(call_options, &JsValue::from_str("signal"))
        .map_err(|_| Error::invalid_input("options must be an object"))?;
    if !present(&value) {
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

/// A `Blob` (or `File`) argument; anything else is `invalid_input` before a request is made.
#[cfg(feature = "das")]
pub fn blob(what: &str, value: JsValue) -> Result<web_sys::Blob> {
    value
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| Error::invalid_input(format!("{what} must be a Blob or File")))
}

/// An optional callback: absent (`undefined`/`null`) or a function.
pub fn opt_function(what: &str, value: JsValue) -> Result<Option<js_sys::Function>> {
    if !present(&value) {
        return Ok(None);
    }
    value
        .dyn_into::<js_sys::Function>()
        .map(Some)
        .map_err(|_| Error::invalid_input(format!("{what} must be a function")))
}

/// Calls `f(arg)` and, if it returns a Promise, waits for it (callbacks may be async).
#[cfg(any(feature = "claims", feature = "das-batch"))]
pub async fn call_settled(
    f: &js_sys::Function,
    arg: &JsValue,
) -> std::result::Result<JsValue, JsValue> {
    let value = f.call1(&JsValue::NULL, arg)?;
    match value.dyn_ref::<js_sys::Promise>() {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise.clone()).await,
        None => Ok(value),
    }
}

/// An optional duration in milliseconds: absent, or a finite number ≥ 0.
#[cfg(feature = "das")]
pub fn opt_ms(what: &str, value: &JsValue) -> Result<Option<u64>> {
    if !present(value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(Some(ms as u64)),
        _ => Err(Error::invalid_input(format!(
            "{what} must be a number of milliseconds ≥ 0"
        ))),
    }
}

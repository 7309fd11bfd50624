//! The worker's half of the decoding protocol (the app's half is `www/src/attachments/decoder.rs`).
//!
//! In: `{id, blob, page, maxSide}` (`page: null` asks for the page count only). Out: `{ready: true}`
//! once, when the wasm is loaded (messages posted before that would be lost), then per request
//! `{id, pages, width?, height?, rgba?}` with the pixel buffer transferred, or `{id, error}`. Everything is synchronous (`FileReaderSync`), so a
//! decoder panic traps inside the message handler and reaches the app as the worker's `error`
//! event; the app then ends this worker.

use crate::tiff;
use js_sys::{Array, Object, Reflect, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

#[wasm_bindgen(start)]
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&js_sys::global().unchecked_into(), &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&message(&[("ready", JsValue::TRUE)]));
}

fn answer(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let id = field(request, "id");
    let _ = match decode(request) {
        Ok((pages, None)) => scope.post_message(&message(&[
            ("id", id),
            ("pages", JsValue::from(pages as u32)),
        ])),
        Ok((pages, Some(page))) => {
            let rgba = Uint8ClampedArray::from(page.rgba.as_slice());
            let reply = message(&[
                ("id", id),
                ("pages", JsValue::from(pages as u32)),
                ("width", JsValue::from(page.width)),
                ("height", JsValue::from(page.height)),
                ("rgba", rgba.clone().into()),
            ]);
            scope.post_message_with_transfer(&reply, &Array::of1(&rgba.buffer()))
        }
        Err(error) => scope.post_message(&message(&[("id", id), ("error", error.into())])),
    };
}

/// The page count and the requested page, if one was asked for.
fn decode(request: &JsValue) -> Result<(usize, Option<tiff::Page>), String> {
    let blob: Blob = field(request, "blob")
        .dyn_into()
        .map_err(|_| "no file was given to the decoder".to_owned())?;
    let index = field(request, "page").as_f64().map(|page| page as usize);
    let max_side = field(request, "maxSide").as_f64().map(|side| side as u32);
    let buffer = FileReaderSync::new()
        .and_then(|reader| reader.read_as_array_buffer(&blob))
        .map_err(|_| "the file could not be read".to_owned())?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    let pages = tiff::page_count(&bytes)?;
    let page = index
        .map(|index| tiff::decode_page(&bytes, index, max_side))
        .transpose()?;
    Ok((pages, page))
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn message(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

//! The app's half of the decoding protocol (the worker's half is `www/decoder/src/worker.rs`).
//!
//! TIFF drawings come from the service and are decoded in one dedicated worker with its own wasm
//! instance, started on first use. When it dies (a decoder panic aborts its instance, a huge page
//! exhausts its memory) or stops answering, every waiting request fails with a message, the
//! worker is ended, and the next request starts a new one: the app itself goes on. The file goes
//! to the worker as a `Blob` and the pixels come back as a transferred buffer, so neither is
//! copied through the app's wasm memory.

use js_sys::{Function, Object, Promise, Reflect, Uint8ClampedArray};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, ImageData, MessageEvent, Worker};

/// Written by `scripts/assemble-app.mjs` (the worker's files keep fixed names).
const WORKER_URL: &str = "./ipdocs-decoder_loader.js";
/// A request still unanswered after this long means a hung decoder.
const ANSWER_TIMEOUT_MS: i32 = 30_000;

/// The number of pages of the TIFF in `blob`.
pub async fn page_count(blob: &Blob) -> Result<usize, String> {
    let reply = ask(blob, None, None).await?;
    Ok(field(&reply, "pages").as_f64().unwrap_or(0.0) as usize)
}

/// Page `page` (0-based) of the TIFF in `blob`, scaled so that no side exceeds `max_side`.
pub async fn decode(blob: &Blob, page: usize, max_side: Option<u32>) -> Result<ImageData, String> {
    let reply = ask(blob, Some(page), max_side).await?;
    let number = |name: &str| field(&reply, name).as_f64().unwrap_or(0.0);
    let rgba: Uint8ClampedArray = field(&reply, "rgba")
        .dyn_into()
        .map_err(|_| "the decoder sent no pixels".to_owned())?;
    ImageData::new_with_js_u8_clamped_array_and_sh(
        &rgba,
        number("width") as u32,
        number("height") as u32,
    )
    .map_err(|_| "the decoded page has no valid size".to_owned())
}

async fn ask(blob: &Blob, page: Option<usize>, max_side: Option<u32>) -> Result<JsValue, String> {
    let (generation, id, answer) = current()?.request(blob, page, max_side);
    arm_timeout(generation, id);
    JsFuture::from(answer).await.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the decoder failed".to_owned())
    })
}

type Handlers = (Closure<dyn Fn(MessageEvent)>, Closure<dyn Fn(ErrorEvent)>);

/// The running worker and the requests it has not answered yet.
struct Decoder {
    generation: u32,
    worker: Worker,
    ready: Cell<bool>,
    /// Requests posted before the worker said it is ready (it would drop them).
    queued: RefCell<Vec<Object>>,
    pending: RefCell<HashMap<u32, (Function, Function)>>,
    next_id: Cell<u32>,
    _handlers: Handlers,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Decoder>>> = const { RefCell::new(None) };
    static GENERATIONS: Cell<u32> = const { Cell::new(0) };
}

fn current() -> Result<Rc<Decoder>, String> {
    if let Some(decoder) = CURRENT.with_borrow(Clone::clone) {
        return Ok(decoder);
    }
    let decoder = Rc::new(Decoder::start()?);
    CURRENT.set(Some(decoder.clone()));
    Ok(decoder)
}

/// Runs `f` on the worker of `generation` if it is still the current one.
fn with_current(generation: u32, f: impl FnOnce(&Rc<Decoder>)) {
    if let Some(decoder) = CURRENT.with_borrow(Clone::clone) {
        if decoder.generation == generation {
            f(&decoder);
        }
    }
}

impl Decoder {
    fn start() -> Result<Decoder, String> {
        let worker =
            Worker::new(WORKER_URL).map_err(|_| "the decoder could not be started".to_owned())?;
        let generation = GENERATIONS.get().wrapping_add(1);
        GENERATIONS.set(generation);
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            with_current(generation, |decoder| decoder.received(&event.data()));
        });
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            // Handled here: not an error of the page.
            event.prevent_default();
            let reason = format!("the decoder stopped ({})", event.message());
            with_current(generation, |decoder| decoder.end(&reason));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Decoder {
            generation,
            worker,
            ready: Cell::new(false),
            queued: RefCell::default(),
            pending: RefCell::default(),
            next_id: Cell::new(0),
            _handlers: (on_message, on_error),
        })
    }

    fn request(
        &self,
        blob: &Blob,
        page: Option<usize>,
        max_side: Option<u32>,
    ) -> (u32, u32, Promise) {
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        let message = Object::new();
        set(&message, "id", &id.into());
        set(&message, "blob", blob);
        set(
            &message,
            "page",
            &page.map_or(JsValue::NULL, |p| (p as u32).into()),
        );
        set(
            &message,
            "maxSide",
            &max_side.map_or(JsValue::NULL, JsValue::from),
        );
        let answer = Promise::new(&mut |resolve, reject| {
            self.pending.borrow_mut().insert(id, (resolve, reject));
        });
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            self.queued.borrow_mut().push(message);
        }
        (self.generation, id, answer)
    }

    fn received(&self, data: &JsValue) {
        if field(data, "ready").is_truthy() {
            self.ready.set(true);
            for message in self.queued.take() {
                let _ = self.worker.post_message(&message);
            }
            return;
        }
        let id = field(data, "id").as_f64().unwrap_or(-1.0) as u32;
        let Some((resolve, reject)) = self.pending.borrow_mut().remove(&id) else {
            return;
        };
        let error = field(data, "error");
        let _ = if error.is_undefined() {
            resolve.call1(&JsValue::UNDEFINED, data)
        } else {
            reject.call1(&JsValue::UNDEFINED, &error)
        };
    }

    /// Fails every waiting request with `reason`, ends the worker and forgets it.
    fn end(&self, reason: &str) {
        self.worker.terminate();
        for (_, (_, reject)) in self.pending.take() {
            let _ = reject.call1(&JsValue::UNDEFINED, &JsValue::from_str(reason));
        }
        // Dropped on a later turn: this may run inside one of the worker's own handlers.
        if let Some(ended) = CURRENT.take() {
            wasm_bindgen_futures::spawn_local(async move { drop(ended) });
        }
    }
}

/// Ends the worker of `generation` if request `id` is still unanswered after the timeout.
fn arm_timeout(generation: u32, id: u32) {
    let check = Closure::once_into_js(move || {
        with_current(generation, |decoder| {
            if decoder.pending.borrow().contains_key(&id) {
                decoder.end("the decoder took too long and was stopped");
            }
        });
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            check.unchecked_ref(),
            ANSWER_TIMEOUT_MS,
        );
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

//! Getting files to the user's disk without passing them through wasm memory: a `Blob`
//! (held by the browser) is streamed into a file chosen with the File System Access API
//! where the browser has it, else saved through an object URL under the name given.

use crate::context::Ctx;
use ipdocs::{Error, ErrorKind, Result};
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use std::future::Future;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlAnchorElement};

fn js_error(what: &str, e: JsValue) -> Error {
    let name = Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "AbortError" {
        return Error::new(ErrorKind::Aborted, "saving was cancelled");
    }
    Error::new(
        ErrorKind::Network,
        format!("{what}: {}", ipdocs::transport::js_message(&e)),
    )
}

async fn call_promise(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue> {
    let function: Function = Reflect::get(target, &method.into())
        .map_err(|e| js_error(method, e))?
        .dyn_into()
        .map_err(|_| Error::invalid_input(format!("{method} is not available")))?;
    let array = js_sys::Array::from_iter(args);
    let promise: Promise = function
        .apply(target, &array)
        .map_err(|e| js_error(method, e))?
        .dyn_into()
        .map_err(|_| Error::invalid_input(format!("{method} did not return a promise")))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| js_error(method, e))
}

fn picker_available() -> bool {
    web_sys::window().is_some_and(|w| {
        Reflect::get(&w, &"showSaveFilePicker".into()).is_ok_and(|f| f.is_function())
    })
}

/// The name a file is saved under: known before it is fetched, or (for an abstract image,
/// whose type is the service's choice) a stem completed with the returned type's extension.
#[derive(Debug, Clone)]
pub enum FileName {
    Fixed(String),
    Typed(String),
    /// A retrieved priority document: `<number>_<date>.<ext>`, as batches name them.
    Document {
        number: String,
        date: String,
    },
}

impl From<String> for FileName {
    fn from(name: String) -> FileName {
        FileName::Fixed(name)
    }
}

impl FileName {
    /// What the picker suggests, before the file is fetched.
    fn suggested(&self) -> String {
        match self {
            FileName::Fixed(name) | FileName::Typed(name) => name.clone(),
            FileName::Document { number, date } => {
                ipdocs::das::batch::document_file_name(number, date, "application/pdf")
            }
        }
    }

    fn for_blob(&self, blob: &Blob) -> String {
        match self {
            FileName::Fixed(name) => name.clone(),
            FileName::Typed(stem) => format!(
                "{stem}.{}",
                ipdocs::claims::bulk::extension_of(&blob.type_())
            ),
            FileName::Document { number, date } => {
                ipdocs::das::batch::document_file_name(number, date, &blob.type_())
            }
        }
    }
}

/// A file saved: under which name (as suggested; the picker may have changed it) and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub name: String,
    pub bytes: f64,
}

impl Saved {
    fn of(filename: &FileName, blob: &Blob) -> Saved {
        Saved {
            name: filename.for_blob(blob),
            bytes: blob.size(),
        }
    }
}

/// Saves the file `fetch` yields under `filename`. With `ask` and a browser that has
/// `showSaveFilePicker`, the picker opens first (it needs the click's user activation),
/// then the Blob's stream is piped into the chosen file.
async fn save_blob<F>(filename: &FileName, ask: bool, fetch: F) -> Result<Saved>
where
    F: Future<Output = Result<Blob>>,
{
    let window = web_sys::window().ok_or_else(|| Error::invalid_input("no window"))?;
    if ask && picker_available() {
        let options = Object::new();
        let _ = Reflect::set(
            &options,
            &"suggestedName".into(),
            &filename.suggested().into(),
        );
        let handle = call_promise(&window, "showSaveFilePicker", &[options.into()]).await?;
        let blob = fetch.await?;
        let writable = call_promise(&handle, "createWritable", &[]).await?;
        let stream = blob.stream();
        call_promise(&stream, "pipeTo", &[writable]).await?;
        return Ok(Saved::of(filename, &blob));
    }
    let blob = fetch.await?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error("object URL", e))?;
    let saved = Saved::of(filename, &blob);
    click_link(&url, &saved.name)?;
    // The download has started by the time the click returns; keep the URL alive a little
    // for slow starts, then release the Blob.
    leptos::task::spawn_local(async move {
        let _ = ipdocs::transport::sleep(60_000, None).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(saved)
}

/// Saves what `fetch` yields in the background, asking where if the settings say so;
/// failures land in `error` (a cancelled picker is not one).
pub fn spawn_save(
    ctx: Ctx,
    error: RwSignal<Option<Error>>,
    filename: impl Into<FileName>,
    fetch: impl Future<Output = Result<Blob>> + 'static,
) {
    let filename = filename.into();
    leptos::task::spawn_local(async move {
        if let Err(e) = save(ctx, filename, fetch).await {
            error.set(Some(e));
        }
    });
}

/// Saves what `fetch` yields, asking where if the settings say so. `Ok(None)`: the user
/// cancelled the picker (not a failure).
pub async fn save(
    ctx: Ctx,
    filename: impl Into<FileName>,
    fetch: impl Future<Output = Result<Blob>>,
) -> Result<Option<Saved>> {
    let ask = ctx.settings.with_untracked(|s| s.save_with_picker);
    match save_blob(&filename.into(), ask, fetch).await {
        Ok(saved) => Ok(Some(saved)),
        Err(e) if e.kind() == ErrorKind::Aborted => Ok(None),
        Err(e) => Err(e),
    }
}

/// Asks the user for a folder to save many files into (`showDirectoryPicker`, read-write).
/// `None` where the browser has no folder access: files are then saved one by one as
/// downloads. Must run in a click's handler (it needs the user activation).
async fn pick_folder() -> Result<Option<JsValue>> {
    let Some(window) = web_sys::window() else {
        return Ok(None);
    };
    if !Reflect::get(&window, &"showDirectoryPicker".into()).is_ok_and(|f| f.is_function()) {
        return Ok(None);
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"mode".into(), &"readwrite".into());
    let _ = Reflect::set(&options, &"id".into(), &"ipdocs-downloads".into());
    call_promise(&window, "showDirectoryPicker", &[options.into()])
        .await
        .map(Some)
}

/// What came of asking for a folder.
pub enum FolderChoice {
    Folder(JsValue),
    /// The browser has no folder access: save file by file (as downloads).
    Unsupported,
    /// The user cancelled, or the picker failed (the failure is shown in `error`).
    Nothing,
}

/// [`pick_folder`], with a failure shown in `error` (a cancelled picker is not a failure).
pub async fn choose_folder(error: RwSignal<Option<Error>>) -> FolderChoice {
    match pick_folder().await {
        Ok(Some(folder)) => FolderChoice::Folder(folder),
        Ok(None) => FolderChoice::Unsupported,
        Err(e) => {
            if e.kind() != ErrorKind::Aborted {
                error.set(Some(e));
            }
            FolderChoice::Nothing
        }
    }
}

/// The files directly in `folder` (a directory handle), for matching picked files by name.
/// After a reload the browser asks again for permission to read it (needs a click).
pub async fn files_in(folder: &JsValue) -> Result<Vec<web_sys::File>> {
    let read = Object::new();
    let _ = Reflect::set(&read, &"mode".into(), &"read".into());
    let permission = call_promise(folder, "requestPermission", &[read.into()]).await?;
    if permission.as_string().as_deref() != Some("granted") {
        return Err(Error::new(
            ErrorKind::Unauthorized,
            "the browser was not allowed to read the folder",
        ));
    }
    let values: Function = Reflect::get(folder, &"values".into())
        .map_err(|e| js_error("values", e))?
        .dyn_into()
        .map_err(|_| Error::invalid_input("the folder cannot be listed"))?;
    let entries = values.call0(folder).map_err(|e| js_error("values", e))?;
    let mut files = Vec::new();
    loop {
        let step = call_promise(&entries, "next", &[]).await?;
        if Reflect::get(&step, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            break;
        }
        let entry = Reflect::get(&step, &"value".into()).unwrap_or_default();
        let kind = Reflect::get(&entry, &"kind".into())
            .ok()
            .and_then(|k| k.as_string());
        if kind.as_deref() == Some("file") {
            if let Ok(file) = call_promise(&entry, "getFile", &[]).await?.dyn_into() {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// Whether `folder` (a directory handle) already holds a file called `name`.
pub async fn folder_has(folder: &JsValue, name: &str) -> bool {
    call_promise(folder, "getFileHandle", &[name.into()])
        .await
        .is_ok()
}

/// Writes `blob` into `folder` as `name`, streamed (never through wasm memory); without a
/// folder, saves it as a download.
pub async fn save_into(folder: Option<&JsValue>, name: &str, blob: Blob) -> Result<()> {
    let Some(folder) = folder else {
        return save_blob(&FileName::Fixed(name.to_owned()), false, async { Ok(blob) })
            .await
            .map(drop);
    };
    let create = Object::new();
    let _ = Reflect::set(&create, &"create".into(), &true.into());
    let handle = call_promise(folder, "getFileHandle", &[name.into(), create.into()]).await?;
    let writable = call_promise(&handle, "createWritable", &[]).await?;
    call_promise(&blob.stream(), "pipeTo", &[writable]).await?;
    Ok(())
}

/// Saves generated text (an export) as a file of type `media`.
pub fn save_text(ctx: Ctx, error: RwSignal<Option<Error>>, name: &str, text: String, media: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media);
    match Blob::new_with_str_sequence_and_options(&parts, &options) {
        Ok(blob) => spawn_save(ctx, error, name.to_owned(), async { Ok(blob) }),
        Err(_) => error.set(Some(Error::invalid_input("could not build the file"))),
    }
}

/// Saves `href` (an object URL) as `filename` through a download link.
fn click_link(href: &str, filename: &str) -> Result<()> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| Error::invalid_input("no document"))?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error("link", e))?
        .unchecked_into();
    a.set_href(href);
    a.set_rel("noopener noreferrer");
    a.set_download(filename);
    a.click();
    Ok(())
}

/// "Saved as <name> (<size>)", the name whole on hover.
#[component]
pub fn SavedAs(saved: Saved) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let Saved { name, bytes } = saved;
    let size = crate::human::size(bytes);
    view! {
        <p class="notice ok saved" role="status">
            {leptos_i18n::t!(i18n, app.saved_as, name = name.clone(), size, <file> = <span class="file-name" title=name.clone() />)}
        </p>
    }
}

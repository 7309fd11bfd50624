//! `ClaimsDirect.listSet` and `ClaimsDirect.downloadMany`: work on sets of UCIDs.

use super::call::CallOptions;
use super::claims::{parse_ucids, ClaimsDirect};
use super::{convert, error};
use crate::claims::bulk::{self, Job, Selection};
use crate::claims::files::FileEndpoint;
use crate::client::claims::{Downloaded, ListSet};
use crate::error::{Error, Result};
use futures_util::StreamExt;
use js_sys::{Array, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SETS_TS: &str = r#"
/** What `listSet` found: every UCID of the batches that succeeded, and those that failed. */
export interface ListSetResult {
  listings: Listing[];
  /** Each failed `multi=1` batch: list its `ucids` again to retry. */
  failed: { ucids: string[]; error: IpdocsError }[];
}

/** What `downloadMany` fetches per UCID: the zip of all attachments, the full PDF, the
 *  abstract image (original format), or the listed attachments of a media type. */
export type DownloadWhat = "zip" | "pdf" | "abstractImage" | (string & {});

/** One file of a bulk download. */
export interface DownloadedFile {
  ucid: string;
  what: "zip" | "pdf" | "abstractImage" | "attachment";
  /** The file name to save under, e.g. "EP-0700000-B1.zip" or "EP-0700000-B1-abstract.tif". */
  name: string;
  blob: Blob;
}

/** Progress after each file. */
export interface DownloadProgress {
  total: number; saved: number; skipped: number; none: number; failed: number;
}

export interface DownloadManyOptions {
  what: DownloadWhat[];
  /** Saves one file (e.g. into a folder); may return a Promise. A throw fails that file. */
  onFile: (file: DownloadedFile) => void | Promise<void>;
  /** Files already saved are not fetched again. Gets the name without extension for an
   *  abstract image ("EP-0700000-B1-abstract"), whose type is known only once fetched. */
  skip?: (name: string) => boolean | Promise<boolean>;
  onProgress?: (progress: DownloadProgress) => void;
  /** Files in flight at once (default 4, 1–16). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface DownloadManyResult {
  saved: { ucid: string; name: string; size: number }[];
  skipped: string[];
  /** Files the service does not have (204 for a PDF or abstract image). */
  none: { ucid: string; what: string }[];
  failed: { ucid: string; what: string; name: string; error: IpdocsError }[];
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "DownloadManyOptions")]
    pub type DownloadManyOptions;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DownloadOptions {
    what: Vec<String>,
    #[serde(default)]
    concurrency: Option<usize>,
}

/// The JS callbacks and signal of a `downloadMany` call.
struct Callbacks {
    on_file: js_sys::Function,
    skip: Option<js_sys::Function>,
    on_progress: Option<js_sys::Function>,
    signal: Option<web_sys::AbortSignal>,
}

#[wasm_bindgen]
impl ClaimsDirect {
    /// Attachments of many UCIDs in `multi=1` batches, keeping what succeeded: a failed
    /// batch is reported with its UCIDs and error. Rejects only when aborted.
    #[wasm_bindgen(js_name = listSet, unchecked_return_type = "Promise<ListSetResult>")]
    pub fn list_set(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ucids: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            list_set_to_js(&c.list_set(&parse_ucids(&ucids)?, signal.as_ref()).await?)
        })
    }

    /// Downloads files for every UCID (see `DownloadManyOptions`), handing each to
    /// `onFile` as it arrives. Per-file failures never stop the run; an abort does.
    #[wasm_bindgen(js_name = downloadMany, unchecked_return_type = "Promise<DownloadManyResult>")]
    pub fn download_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ucids: JsValue,
        options: DownloadManyOptions,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        error::promise(Box::pin(async move {
            let options: JsValue = options.into();
            let (o, callbacks) = read_options(&options)?;
            let ucids = parse_ucids(&ucids)?;
            let selection = Selection::parse(o.what.iter().map(String::as_str))?;
            let concurrency = o.concurrency.unwrap_or(4);
            if !(1..=16).contains(&concurrency) {
                return Err(Error::invalid_input("concurrency must be between 1 and 16"));
            }
            let signal = callbacks.signal.as_ref();
            let mut summary = Summary::default();
            let listed = if selection.media.is_empty() {
                Vec::new()
            } else {
                let set = inner.list_set(&ucids, signal).await?;
                for failure in set.failed {
                    for ucid in failure.ucids {
                        summary.failed(ucid.as_str(), "list", "", failure.error.clone());
                    }
                }
                set.listings
            };
            let mut jobs = Vec::new();
            for job in bulk::plan(&ucids, &selection, &listed) {
                if callbacks.skips(&job.name).await? {
                    summary.skipped.push(&JsValue::from_str(&job.name));
                } else {
                    jobs.push(job);
                }
            }
            summary.total = jobs.len() + summary.skipped.length() as usize;
            callbacks.progress(&summary);
            let mut results = Box::pin(inner.download_many(jobs, concurrency, signal));
            while let Some(done) = results.next().await {
                summary.record(done, &callbacks).await?;
                callbacks.progress(&summary);
            }
            Ok(summary.into_js())
        }))
    }
}

fn read_options(options: &JsValue) -> Result<(DownloadOptions, Callbacks)> {
    // The callbacks and the signal are read by hand; serde reads the plain values.
    let o: DownloadOptions = convert::options_with(
        "downloadMany options",
        options,
        &["onFile", "skip", "onProgress", "signal"],
    )?;
    let get = |key: &str| convert::property(options, key);
    let on_file = convert::opt_function("onFile", get("onFile"))?
        .ok_or_else(|| Error::invalid_input("downloadMany needs an onFile function"))?;
    let callbacks = Callbacks {
        on_file,
        skip: convert::opt_function("skip", get("skip"))?,
        on_progress: convert::opt_function("onProgress", get("onProgress"))?,
        signal: convert::signal(options)?,
    };
    Ok((o, callbacks))
}

impl Callbacks {
    async fn skips(&self, name: &str) -> Result<bool> {
        let Some(skip) = &self.skip else {
            return Ok(false);
        };
        let answer = convert::call_settled(skip, &JsValue::from_str(name)).await;
        answer.map(|v| v.is_truthy()).map_err(|e| {
            Error::invalid_input(format!("skip threw: {}", crate::transport::js_message(&e)))
        })
    }

    /// Hands a file to `onFile` and waits for it to be saved.
    async fn save(&self, file: &JsValue) -> std::result::Result<(), JsValue> {
        convert::call_settled(&self.on_file, file).await.map(|_| ())
    }

    fn progress(&self, summary: &Summary) {
        if let Some(f) = &self.on_progress {
            let p = Object::new();
            for (key, n) in [
                ("total", summary.total),
                ("saved", summary.saved.length() as usize),
                ("skipped", summary.skipped.length() as usize),
                ("none", summary.none.length() as usize),
                ("failed", summary.failed.length() as usize),
            ] {
                let _ = Reflect::set(&p, &JsValue::from_str(key), &JsValue::from(n as f64));
            }
            let _ = f.call1(&JsValue::NULL, &p);
        }
    }
}

#[derive(Default)]
struct Summary {
    total: usize,
    saved: Array,
    skipped: Array,
    none: Array,
    failed: Array,
}

impl Summary {
    async fn record(&mut self, done: Downloaded, callbacks: &Callbacks) -> Result<()> {
        let Downloaded { job, outcome } = done;
        let what = what_of(&job);
        match outcome {
            Ok(Some((name, blob))) => {
                let file = convert::object(&[
                    ("ucid", job.ucid.as_str().into()),
                    ("what", what.into()),
                    ("name", name.as_str().into()),
                ]);
                let size = blob.size();
                let _ = Reflect::set(&file, &JsValue::from_str("blob"), &blob);
                match callbacks.save(&file).await {
                    Ok(()) => {
                        self.saved.push(&convert::object(&[
                            ("ucid", job.ucid.as_str().into()),
                            ("name", name.as_str().into()),
                            ("size", size.into()),
                        ]));
                    }
                    Err(e) => {
                        let message = format!(
                            "onFile failed for {name}: {}",
                            crate::transport::js_message(&e)
                        );
                        self.failed(
                            job.ucid.as_str(),
                            what,
                            &name,
                            Error::invalid_input(message),
                        );
                    }
                }
            }
            Ok(None) => {
                self.none.push(&convert::object(&[
                    ("ucid", job.ucid.as_str().into()),
                    ("what", what.into()),
                ]));
            }
            Err(e) if e.kind() == crate::ErrorKind::Aborted => return Err(e),
            Err(e) => self.failed(job.ucid.as_str(), what, &job.name, e),
        }
        Ok(())
    }

    fn failed(&mut self, ucid: &str, what: &str, name: &str, error: Error) {
        let failure = convert::object(&[
            ("ucid", ucid.into()),
            ("what", what.into()),
            ("name", name.into()),
        ]);
        let _ = Reflect::set(&failure, &JsValue::from_str("error"), &error::to_js(error));
        self.failed.push(&failure);
    }

    fn into_js(self) -> JsValue {
        let out = Object::new();
        for (key, list) in [
            ("saved", self.saved),
            ("skipped", self.skipped),
            ("none", self.none),
            ("failed", self.failed),
        ] {
            let _ = Reflect::set(&out, &JsValue::from_str(key), &list);
        }
        out.into()
    }
}

fn what_of(job: &Job) -> &'static str {
    match job.endpoint {
        FileEndpoint::FetchAll => "zip",
        FileEndpoint::Pdf => "pdf",
        FileEndpoint::AbstractImage => "abstractImage",
        FileEndpoint::Fetch => "attachment",
    }
}

/// A plain object of string or number fields.
fn list_set_to_js(set: &ListSet) -> Result<JsValue> {
    let listings = super::attachment_record::listings(&set.listings);
    let failed = Array::new();
    for failure in &set.failed {
        let ucids: Array = failure
            .ucids
            .iter()
            .map(|u| JsValue::from_str(u.as_str()))
            .collect();
        let f = convert::object(&[("ucids", ucids.into())]);
        let _ = Reflect::set(
            &f,
            &JsValue::from_str("error"),
            &error::to_js(failure.error.clone()),
        );
        failed.push(&f);
    }
    Ok(convert::object(&[("listings", listings), ("failed", failed.into())]).into())
}

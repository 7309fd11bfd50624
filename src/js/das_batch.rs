//! DAS batches for JavaScript: `readBatch`, `batchToCsv` and `Das.runBatch`.

use super::das::Das;
use super::{convert, error};
use crate::client::das::batch::{self, BatchHost, BatchOptions};
use crate::das::batch::{Batch, BatchKind, Field};
use crate::error::{Error, Result};
use js_sys::{Object, Reflect};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Blob;

#[wasm_bindgen(typescript_custom_section)]
const BATCH_TS: &str = r#"
export interface ReadBatchOptions {
  /** Guessed from the headers when absent. */
  kind?: "retrievals" | "registrations";
  /** For other layouts: which header holds which field. */
  columns?: Partial<Record<BatchField, string>>;
}

export interface RunBatchOptions {
  /** Rows at once, 1–16 (default 4). */
  concurrency?: number;
  /** Retrievals: check the document is registered before asking (default false). */
  precheck?: boolean;
  /** Retrievals: wait this long for documents to become available (default 0: look once). */
  waitMs?: number;
  /** Registrations: the picked files, matched to `file_location` by name (case-insensitive). */
  files?: ArrayLike<File> | Iterable<File>;
  /** Retrievals: saves a downloaded document; the row is marked downloaded after it resolves. */
  onFile?: (file: { name: string; blob: Blob }) => void | Promise<void>;
  /** A row changed (result written or status): keep it to resume after a reload. */
  onRow?: (index: number, row: BatchRow) => void;
  signal?: AbortSignal;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ReadBatchOptions")]
    pub type ReadBatchOptions;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReadOptions {
    #[serde(default)]
    kind: Option<BatchKind>,
    #[serde(default)]
    columns: Option<BTreeMap<Field, String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RunOptions {
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    precheck: Option<bool>,
    #[serde(default)]
    wait_ms: Option<u64>,
}

/// Reads a batch CSV (see `ReadBatchOptions`). Bad rows are in `problems`, not thrown;
/// throws an `IpdocsError` (`invalid_input`) when the file as a whole cannot be read.
#[wasm_bindgen(js_name = readBatch, unchecked_return_type = "Batch")]
pub fn read_batch(
    text: &str,
    options: Option<ReadBatchOptions>,
) -> std::result::Result<JsValue, JsValue> {
    let options = options.map_or(JsValue::UNDEFINED, Into::into);
    read(text, &options).map_err(error::to_js)
}

fn read(text: &str, options: &JsValue) -> Result<JsValue> {
    let o: ReadOptions = if convert::present(options) {
        convert::json_options("readBatch options", options)?
    } else {
        ReadOptions {
            kind: None,
            columns: None,
        }
    };
    let mapping: Vec<(Field, String)> = o.columns.unwrap_or_default().into_iter().collect();
    convert::to_js(&Batch::read(text, o.kind, &mapping)?)
}

/// The batch as CSV in its file's layout, results and `status`/`error` columns included.
#[wasm_bindgen(js_name = batchToCsv)]
pub fn batch_to_csv(
    #[wasm_bindgen(unchecked_param_type = "Batch")] batch: JsValue,
) -> std::result::Result<String, JsValue> {
    from_js(&batch).map(|b| b.to_csv()).map_err(error::to_js)
}

fn from_js(batch: &JsValue) -> Result<Batch> {
    convert::plain_data("not a batch from readBatch", batch)
}

#[wasm_bindgen]
impl Das {
    /// Works through the batch's open rows (see `RunBatchOptions`) and resolves with the
    /// batch as it ends. Row failures are written into the rows; rejects only when aborted
    /// or given bad options.
    #[wasm_bindgen(js_name = runBatch, unchecked_return_type = "Promise<Batch>")]
    pub fn run_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Batch")] batch: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RunBatchOptions")] options: JsValue,
    ) -> js_sys::Promise {
        let das = self.inner.clone();
        error::promise(Box::pin(async move {
            let batch = Rc::new(RefCell::new(from_js(&batch)?));
            let (run_options, host, signal) = read_run_options(&options, batch.borrow().kind)?;
            batch::run(&das, &batch, &host, run_options, signal.as_ref()).await?;
            let done = batch.borrow();
            convert::to_js(&*done)
        }))
    }
}

fn read_run_options(
    options: &JsValue,
    kind: BatchKind,
) -> Result<(BatchOptions, JsHost, Option<web_sys::AbortSignal>)> {
    // The files, callbacks and signal are read by hand; serde reads the plain values.
    let o: RunOptions = match convert::present(options) {
        true => convert::options_with(
            "runBatch options",
            options,
            &["files", "onFile", "onRow", "signal"],
        )?,
        false => RunOptions::default(),
    };
    let get = |key: &str| convert::property(options, key);
    let on_file = convert::opt_function("onFile", get("onFile"))?;
    if kind == BatchKind::Retrievals && on_file.is_none() {
        return Err(Error::invalid_input(
            "a retrieval batch needs onFile to save the documents",
        ));
    }
    let host = JsHost {
        files: files_by_name(&get("files"))?,
        on_file,
        on_row: convert::opt_function("onRow", get("onRow"))?,
    };
    let defaults = BatchOptions::default();
    let run_options = BatchOptions {
        concurrency: o.concurrency.unwrap_or(defaults.concurrency),
        precheck: o.precheck.unwrap_or(defaults.precheck),
        wait_ms: o.wait_ms.unwrap_or(defaults.wait_ms),
    };
    Ok((run_options, host, convert::signal(options)?))
}

/// The picked files by lower-cased name (`File.name`: a folder pick gives base names).
fn files_by_name(files: &JsValue) -> Result<HashMap<String, Blob>> {
    let mut by_name = HashMap::new();
    if !convert::present(files) {
        return Ok(by_name);
    }
    let list = js_sys::Array::from(files);
    for file in list.iter() {
        let name = convert::property(&file, "name").as_string();
        let (Some(name), Ok(blob)) = (name, file.dyn_into::<Blob>()) else {
            return Err(Error::invalid_input("files must hold File objects"));
        };
        by_name.insert(name.to_lowercase(), blob);
    }
    Ok(by_name)
}

struct JsHost {
    files: HashMap<String, Blob>,
    on_file: Option<js_sys::Function>,
    on_row: Option<js_sys::Function>,
}

impl BatchHost for JsHost {
    fn file(&self, name: &str) -> Option<Blob> {
        self.files.get(&name.to_lowercase()).cloned()
    }

    async fn save(&self, name: &str, file: Blob) -> Result<()> {
        let on_file = self
            .on_file
            .as_ref()
            .ok_or_else(|| Error::invalid_input("no onFile to save the document"))?;
        let arg = Object::new();
        let _ = Reflect::set(&arg, &JsValue::from_str("name"), &JsValue::from_str(name));
        let _ = Reflect::set(&arg, &JsValue::from_str("blob"), &file);
        let failed = |e: JsValue| {
            Error::invalid_input(format!(
                "saving {name} failed: {}",
                crate::transport::js_message(&e)
            ))
        };
        convert::call_settled(on_file, &arg).await.map_err(failed)?;
        Ok(())
    }

    fn row_changed(&self, batch: &Batch, index: usize) {
        let (Some(on_row), Some(row)) = (&self.on_row, batch.rows.get(index)) else {
            return;
        };
        if let Ok(row) = convert::to_js(row) {
            let _ = on_row.call2(&JsValue::NULL, &JsValue::from(index as u32), &row);
        }
    }
}

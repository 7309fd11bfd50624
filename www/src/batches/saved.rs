//! The batch in IndexedDB: the batch as imported (with the profile it belongs to) under
//! `"batch"`, and every row as it last changed under its index, so a reload — or a closed
//! tab mid-run — resumes from each row's last reported step.

use crate::environment::Profile;
use crate::store::{self, Store};
use ipdocs::das::batch::{Batch, BatchRow};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedBatch {
    pub file_name: String,
    pub profile: Profile,
    pub batch: Batch,
}

pub async fn save(saved: &SavedBatch) -> Result<(), String> {
    store::clear(Store::BatchRows).await?;
    let text = serde_json::to_string(saved).map_err(|e| e.to_string())?;
    store::put(Store::Batches, "batch", &JsValue::from_str(&text)).await
}

/// A row as it is kept under its index in [`Store::BatchRows`] (JSON text).
pub fn row_value(row: &BatchRow) -> Option<JsValue> {
    serde_json::to_string(row)
        .ok()
        .map(|t| JsValue::from_str(&t))
}

/// The saved batch with its rows' last states applied.
pub async fn load() -> Result<Option<SavedBatch>, String> {
    let Some(text) = store::get(Store::Batches, "batch")
        .await?
        .and_then(|v| v.as_string())
    else {
        return Ok(None);
    };
    let mut saved: SavedBatch = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    for (key, value) in store::entries(Store::BatchRows).await? {
        let (Ok(index), Some(text)) = (key.parse::<usize>(), value.as_string()) else {
            continue;
        };
        if let (Ok(row), Some(slot)) = (
            serde_json::from_str::<BatchRow>(&text),
            saved.batch.rows.get_mut(index),
        ) {
            *slot = row;
        }
    }
    Ok(Some(saved))
}

pub async fn forget() -> Result<(), String> {
    store::clear(Store::BatchRows).await?;
    store::delete(Store::Batches, "batch").await?;
    store::delete(Store::Batches, "files-folder").await?;
    store::delete(Store::Batches, "folder").await
}

/// The folder the registrations' files were picked from (kept, so after a reload the files
/// are found again once the browser lets the page read it).
pub async fn save_files_folder(folder: &JsValue) -> Result<(), String> {
    store::put(Store::Batches, "files-folder", folder).await
}

pub async fn files_folder() -> Option<JsValue> {
    store::get(Store::Batches, "files-folder")
        .await
        .ok()
        .flatten()
}

/// The folder the batch's documents are saved into (a directory handle survives a reload;
/// the browser asks again for permission to write).
pub async fn save_folder(folder: &JsValue) -> Result<(), String> {
    store::put(Store::Batches, "folder", folder).await
}

pub async fn folder() -> Option<JsValue> {
    store::get(Store::Batches, "folder").await.ok().flatten()
}

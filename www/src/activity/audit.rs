//! The lasting part of the activity log: every entry is written to IndexedDB (through a
//! [`crate::store::WriteQueue`]), kept for a number of days and up to a number of entries (both
//! in Settings), and exported as CSV or JSON. Entries hold no credential, token, query string
//! or presigned signature: the log only ever records origins, paths and outcomes.

use crate::store::{self, Store};
use wasm_bindgen::JsValue;

pub use ipdocs_www_logic::activity::Entry;

/// The storage key of an entry: its time (sortable) and a sequence number.
pub fn key(entry: &Entry, sequence: u64) -> String {
    format!("{:013}-{sequence:08}", entry.at_ms.max(0.0) as u64)
}

/// An entry as it is kept in [`Store::Audit`] (JSON text).
pub fn value(entry: &Entry) -> Option<JsValue> {
    serde_json::to_string(entry)
        .ok()
        .map(|t| JsValue::from_str(&t))
}

/// The stored entries, oldest first, after dropping those older than `days` and the oldest
/// beyond `max_entries`.
pub async fn load_and_prune(
    days: u32,
    max_entries: usize,
    now_ms: f64,
) -> Result<Vec<Entry>, String> {
    let stored = store::entries(Store::Audit).await?;
    let cutoff = now_ms - f64::from(days) * 86_400_000.0;
    let mut kept: Vec<(String, Entry)> = Vec::with_capacity(stored.len());
    let mut dropped: Vec<String> = Vec::new();
    for (key, value) in stored {
        match value
            .as_string()
            .and_then(|t| serde_json::from_str::<Entry>(&t).ok())
        {
            Some(entry) if entry.at_ms >= cutoff => kept.push((key, entry)),
            _ => dropped.push(key),
        }
    }
    if kept.len() > max_entries {
        let excess = kept.len() - max_entries;
        dropped.extend(kept.drain(..excess).map(|(k, _)| k));
    }
    if !dropped.is_empty() {
        store::delete_many(Store::Audit, &dropped).await?;
    }
    Ok(kept.into_iter().map(|(_, e)| e).collect())
}

pub fn to_csv(entries: &[Entry]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("time,profile,what,sent_to,outcome,ok\r\n");
    for e in entries {
        out += &format!(
            "{},{},{},{},{},{}\r\n",
            quote(&e.time),
            quote(&e.profile),
            quote(&e.what),
            quote(&e.sent_to),
            quote(&e.outcome),
            e.ok
        );
    }
    out
}

pub fn to_json(entries: &[Entry]) -> String {
    serde_json::to_string_pretty(entries).unwrap_or_default()
}

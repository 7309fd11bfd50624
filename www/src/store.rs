//! IndexedDB persistence: what must survive a reload and cannot live in `localStorage` —
//! the imported private key (a `CryptoKey` is stored by structured clone, so it stays
//! non-extractable) and the tracked retrievals.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStore, ObjectStoreParams, Transaction, TransactionMode,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

const DB_NAME: &str = "ipdocs";
const DB_VERSION: u32 = 4;

/// The object stores, all with out-of-line string keys.
#[derive(Debug, Clone, Copy)]
pub enum Store {
    /// `"das:<environment>"` → that environment's DAS office key (`CryptoKey`);
    /// `"claims-password"` when the
    /// user asked to remember it.
    Secrets,
    /// request ack id → a tracked retrieval (JSON-compatible object).
    Retrievals,
    /// `"batch"` → the DAS batch being worked on (JSON text) and its profile; `"folder"` →
    /// the folder its documents are saved into (a directory handle).
    Batches,
    /// row index → a row of the batch as it last changed (JSON text), so a batch resumes from
    /// each row's last step even if the page was closed mid-run.
    BatchRows,
    /// `<ms since 1970, 13 digits>-<sequence>` → an activity log entry (JSON text): keys sort
    /// by time.
    Audit,
    /// `<kind>|<number>|<date>` → a registration this browser made (JSON text).
    Registrations,
}

impl Store {
    fn name(self) -> &'static str {
        match self {
            Store::Secrets => "secrets",
            Store::Retrievals => "retrievals",
            Store::Batches => "batches",
            Store::BatchRows => "batch-rows",
            Store::Audit => "audit",
            Store::Registrations => "registrations",
        }
    }
}

/// A storage failure in words (IndexedDB can be unavailable, e.g. in private windows).
pub type StoreError = String;

async fn open() -> Result<Database, StoreError> {
    let factory = Factory::new().map_err(describe)?;
    let mut request = factory.open(DB_NAME, Some(DB_VERSION)).map_err(describe)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        for store in [
            Store::Secrets,
            Store::Retrievals,
            Store::Batches,
            Store::BatchRows,
            Store::Audit,
            Store::Registrations,
        ] {
            if !db.store_names().iter().any(|n| n == store.name()) {
                let _ = db.create_object_store(store.name(), ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(describe)
}

fn describe(e: idb::Error) -> StoreError {
    format!("browser storage (IndexedDB) failed: {e}")
}

/// One store of a fresh transaction (IndexedDB keeps the transaction alive while requests
/// are pending; the connection handle may go).
async fn object_store(
    store: Store,
    mode: TransactionMode,
) -> Result<(Transaction, ObjectStore), StoreError> {
    let tx = open()
        .await?
        .transaction(&[store.name()], mode)
        .map_err(describe)?;
    let object_store = tx.object_store(store.name()).map_err(describe)?;
    Ok((tx, object_store))
}

pub async fn put(store: Store, key: &str, value: &JsValue) -> Result<(), StoreError> {
    let (tx, object_store) = object_store(store, TransactionMode::ReadWrite).await?;
    object_store
        .put(value, Some(&JsValue::from_str(key)))
        .map_err(describe)?
        .await
        .map_err(describe)?;
    tx.commit().map_err(describe)?.await.map_err(describe)?;
    Ok(())
}

pub async fn get(store: Store, key: &str) -> Result<Option<JsValue>, StoreError> {
    let (_tx, object_store) = object_store(store, TransactionMode::ReadOnly).await?;
    let value = object_store
        .get(JsValue::from_str(key))
        .map_err(describe)?
        .await
        .map_err(describe)?;
    Ok(value.filter(|v| !v.is_undefined()))
}

pub async fn all(store: Store) -> Result<Vec<JsValue>, StoreError> {
    let (_tx, object_store) = object_store(store, TransactionMode::ReadOnly).await?;
    object_store
        .get_all(None, None)
        .map_err(describe)?
        .await
        .map_err(describe)
}

/// Puts (`Some`) and deletes (`None`) in one transaction.
async fn write_many(store: Store, writes: &[(String, Option<JsValue>)]) -> Result<(), StoreError> {
    let (tx, object_store) = object_store(store, TransactionMode::ReadWrite).await?;
    for (key, value) in writes {
        let key = JsValue::from_str(key);
        match value {
            Some(value) => object_store.put(value, Some(&key)).map(drop),
            None => object_store.delete(key).map(drop),
        }
        .map_err(describe)?;
    }
    tx.commit().map_err(describe)?.await.map_err(describe)?;
    Ok(())
}

/// Deletes several keys in one transaction.
pub async fn delete_many(store: Store, keys: &[String]) -> Result<(), StoreError> {
    let (tx, object_store) = object_store(store, TransactionMode::ReadWrite).await?;
    for key in keys {
        object_store
            .delete(JsValue::from_str(key))
            .map_err(describe)?;
    }
    tx.commit().map_err(describe)?.await.map_err(describe)?;
    Ok(())
}

/// Every `(key, value)` of a store.
pub async fn entries(store: Store) -> Result<Vec<(String, JsValue)>, StoreError> {
    let (_tx, object_store) = object_store(store, TransactionMode::ReadOnly).await?;
    let keys = object_store
        .get_all_keys(None, None)
        .map_err(describe)?
        .await
        .map_err(describe)?;
    let values = object_store
        .get_all(None, None)
        .map_err(describe)?
        .await
        .map_err(describe)?;
    Ok(keys
        .into_iter()
        .map(|k| k.as_string().unwrap_or_default())
        .zip(values)
        .collect())
}

/// Empties a store.
pub async fn clear(store: Store) -> Result<(), StoreError> {
    let (tx, object_store) = object_store(store, TransactionMode::ReadWrite).await?;
    object_store
        .clear()
        .map_err(describe)?
        .await
        .map_err(describe)?;
    tx.commit().map_err(describe)?.await.map_err(describe)?;
    Ok(())
}

pub async fn delete(store: Store, key: &str) -> Result<(), StoreError> {
    let (tx, object_store) = object_store(store, TransactionMode::ReadWrite).await?;
    object_store
        .delete(JsValue::from_str(key))
        .map_err(describe)?
        .await
        .map_err(describe)?;
    tx.commit().map_err(describe)?.await.map_err(describe)?;
    Ok(())
}

/// Writes to one store in the background, one writer at a time and one transaction per
/// round, the latest value (or deletion) of each key only. Writes spawned one by one could
/// finish out of order and leave an older value behind, or bring back a deleted one.
#[derive(Clone, Copy)]
pub struct WriteQueue {
    store: Store,
    /// `None`: delete the key.
    pending: StoredValue<BTreeMap<String, Option<JsValue>>, LocalStorage>,
    writing: StoredValue<bool, LocalStorage>,
    /// The last failure, for the page to show.
    pub failed: RwSignal<Option<StoreError>>,
}

impl WriteQueue {
    pub fn new(store: Store) -> WriteQueue {
        WriteQueue {
            store,
            pending: StoredValue::new_local(BTreeMap::new()),
            writing: StoredValue::new_local(false),
            failed: RwSignal::new(None),
        }
    }

    pub fn put(self, key: String, value: JsValue) {
        self.queue(key, Some(value));
    }

    /// Deletes `key` after any write of it still queued.
    pub fn delete(self, key: String) {
        self.queue(key, None);
    }

    fn queue(self, key: String, value: Option<JsValue>) {
        self.pending.update_value(|p| {
            p.insert(key, value);
        });
        if !self.writing.get_value() {
            self.writing.set_value(true);
            spawn_local(self.drain());
        }
    }

    async fn drain(self) {
        loop {
            let round: Vec<(String, Option<JsValue>)> =
                std::mem::take(&mut *self.pending.write_value())
                    .into_iter()
                    .collect();
            if round.is_empty() {
                break;
            }
            if let Err(e) = write_many(self.store, &round).await {
                self.failed.set(Some(e));
            }
        }
        self.writing.set_value(false);
    }
}

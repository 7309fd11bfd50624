//! The registrations this browser made, kept in IndexedDB with their file id, acknowledgement
//! and status, so a pending one is followed again after a reload and a correction starts
//! from what was registered. The access code is kept with them: following a registration
//! (`documents/registrations/statuses`) and correcting it need it.

use crate::environment::Profile;
use crate::store::{self, Store, WriteQueue};
use ipdocs::das::Registration;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum State {
    Pending,
    Registered,
    Failed,
    Withdrawn,
}

impl State {
    pub fn word(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Registered => "registered",
            State::Failed => "failed",
            State::Withdrawn => "withdrawn",
        }
    }

    /// The state in words, in the language shown.
    pub fn name(self) -> &'static str {
        match self {
            State::Pending => crate::lang::tr!(uploads.state.pending),
            State::Registered => crate::lang::tr!(uploads.state.registered),
            State::Failed => crate::lang::tr!(uploads.state.failed),
            State::Withdrawn => crate::lang::tr!(uploads.state.withdrawn),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    pub registration: Registration,
    pub ack_id: String,
    pub state: State,
    #[serde(default)]
    pub problem: Option<String>,
    pub updated_at: String,
    pub profile: Profile,
}

impl Kept {
    pub fn key(&self) -> String {
        let r = &self.registration;
        format!(
            "{}|{}|{}",
            r.document_kind_category, r.document_number, r.document_date
        )
    }
}

/// The registrations this browser made: shown from `list`, kept in IndexedDB.
#[derive(Clone, Copy)]
pub struct KeptRegistrations {
    pub list: RwSignal<Vec<Kept>>,
    saved: WriteQueue,
}

impl KeptRegistrations {
    pub fn new() -> KeptRegistrations {
        KeptRegistrations {
            list: RwSignal::new(Vec::new()),
            saved: WriteQueue::new(Store::Registrations),
        }
    }

    /// Records a registration as it now stands (the latest first).
    pub fn keep(self, mut k: Kept) {
        k.updated_at = crate::human::now_iso();
        self.list.update(|list| {
            list.retain(|other| other.key() != k.key());
            list.insert(0, k.clone());
        });
        if let Ok(text) = serde_json::to_string(&k) {
            self.saved.put(k.key(), JsValue::from_str(&text));
        }
    }

    /// Loads what earlier sessions kept, the latest first.
    pub async fn load(self) -> Result<(), String> {
        let mut all: Vec<Kept> = store::all(Store::Registrations)
            .await?
            .into_iter()
            .filter_map(|v| serde_json::from_str(&v.as_string()?).ok())
            .collect();
        all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        self.list.set(all);
        Ok(())
    }
}

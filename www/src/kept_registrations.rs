//! The registrations this browser made, kept in IndexedDB with their file id, acknowledgement
//! and status, so a pending one is followed again after a reload and a correction starts
//! from what was registered. The access code is kept with them: following a registration
//! (`documents/registrations/statuses`) and correcting it need it.

use crate::environment::Profile;
use crate::store::{self, Store};
use ipdocs::das::Registration;
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

pub async fn save(kept: &Kept) -> Result<(), String> {
    let text = serde_json::to_string(kept).map_err(|e| e.to_string())?;
    store::put(Store::Registrations, &kept.key(), &JsValue::from_str(&text)).await
}

/// Every kept registration, the latest first.
pub async fn load() -> Result<Vec<Kept>, String> {
    let mut all: Vec<Kept> = store::all(Store::Registrations)
        .await?
        .into_iter()
        .filter_map(|v| serde_json::from_str(&v.as_string()?).ok())
        .collect();
    all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    Ok(all)
}

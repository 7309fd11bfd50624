//! What the simulator serving this page says about its demo (`GET /_sim/info`): the CLAIMS
//! login, the DAS endpoints and office key, example documents and UCIDs.

use ipdocs::das::DocumentQuery;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `GET /_sim/info` of the simulator serving this page (absent elsewhere).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimInfo {
    pub claims: SimClaims,
    pub das: SimDas,
    pub corpus: SimCorpus,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimClaims {
    pub user: String,
    pub password: String,
    /// The demo login's request-unit budget as the simulator keeps it.
    #[serde(default)]
    pub budget: Option<SimBudget>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimBudget {
    pub request_units: f64,
    pub window_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimDas {
    pub base_url: String,
    pub api_prefix: String,
    pub token_url: String,
    pub client_id: String,
    pub private_key_pem: String,
    pub documents: Vec<DocumentQuery>,
    /// The demo office's endpoint (`ipdocs-office`), when the demo runs one.
    #[serde(default)]
    pub inbox: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimCorpus {
    pub ucids: Vec<String>,
}

impl SimInfo {
    pub async fn fetch() -> Option<SimInfo> {
        let window = web_sys::window()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/_sim/info"))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let json = JsFuture::from(response.json().ok()?).await.ok()?;
        serde_wasm_bindgen::from_value(json).ok()
    }
}

impl SimInfo {
    /// Whether this simulator is the DAS at `das_url` (its error codes are then its own).
    pub fn answers_das(&self, das_url: &str) -> bool {
        self.das.base_url.trim_end_matches('/') == das_url.trim_end_matches('/')
    }
}

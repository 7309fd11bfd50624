//! Settings: service endpoints and credentials. Non-secret settings live in `localStorage`;
//! the office key lives in IndexedDB as a non-extractable `CryptoKey`; the CLAIMS password
//! stays in memory unless the user opts in to remember it (then in IndexedDB).

mod fields;
mod page;

pub use page::SettingsPage;
#[cfg(feature = "demo")]
pub(crate) use page::{import_key, Outcome};

use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "ipdocs.settings";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Which environment these settings are for (see `environment`).
    pub environment: String,
    pub claims_url: String,
    pub claims_user: String,
    /// `json` or `xml`.
    pub claims_format: String,
    pub remember_password: bool,
    pub das_url: String,
    pub das_prefix: String,
    pub das_token_url: String,
    /// The client assertion's audience when the token URL is a same-origin proxy (empty: the
    /// token URL itself).
    pub das_token_audience: String,
    pub das_client_id: String,
    pub das_scope: String,
    pub timeout_ms: u32,
    pub retries: u32,
    /// Ask where to save downloads (File System Access API) when the browser offers it.
    pub save_with_picker: bool,
    /// Row thumbnails for images: each costs a `fetch` (1 request unit of the CLAIMS budget).
    pub thumbnails: bool,
    /// The office endpoint (`ipdocs-office`) holding this office's inbox; empty: none.
    pub inbox_url: String,
    /// The CLAIMS Direct login's request-unit budget (the documented default: 240 RU per
    /// 60 s); every call is paced against it.
    pub claims_units: f64,
    pub claims_window_secs: u64,
    /// The activity log is kept this many days, and at most this many entries.
    pub audit_days: u32,
    pub audit_max_entries: u32,
}

pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

impl Default for Settings {
    /// The local simulator, which serves this page in the demo.
    fn default() -> Settings {
        let origin = origin();
        Settings {
            environment: "simulator".into(),
            claims_url: origin.clone(),
            claims_user: String::new(),
            claims_format: "json".into(),
            remember_password: false,
            das_token_url: format!("{origin}/am/oauth2/access_token"),
            das_url: origin,
            das_token_audience: String::new(),
            das_prefix: ipdocs::das::DEFAULT_API_PREFIX.into(),
            das_client_id: String::new(),
            das_scope: ipdocs::das::DEFAULT_SCOPE.into(),
            timeout_ms: 30_000,
            retries: 3,
            save_with_picker: true,
            thumbnails: true,
            inbox_url: String::new(),
            claims_units: 240.0,
            claims_window_secs: 60,
            audit_days: 90,
            audit_max_entries: 20_000,
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Settings {
    pub fn load() -> Settings {
        local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok()?)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Whether settings were ever saved in this browser.
    pub fn saved() -> bool {
        local_storage().is_some_and(|s| s.get_item(STORAGE_KEY).ok().flatten().is_some())
    }

    pub fn save(&self) {
        if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(self)) {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    }

    /// The services and office in use, as the activity log records them.
    pub fn profile_label(&self) -> String {
        format!(
            "DAS {} at {}; CLAIMS {} at {}",
            self.das_client_id, self.das_url, self.claims_user, self.claims_url
        )
    }

    /// Whether a service is configured at the origin that serves this page.
    pub fn uses_page_origin(&self) -> bool {
        let origin = origin();
        [&self.claims_url, &self.das_url]
            .iter()
            .any(|url| url.trim_end_matches('/') == origin)
    }

    /// Whether a DAS client built for `other` would be the same.
    pub fn same_das(&self, other: &Settings) -> bool {
        (
            &self.das_url,
            &self.das_prefix,
            &self.das_token_url,
            &self.das_token_audience,
            &self.das_client_id,
            &self.das_scope,
            self.timeout_ms,
            self.retries,
        ) == (
            &other.das_url,
            &other.das_prefix,
            &other.das_token_url,
            &other.das_token_audience,
            &other.das_client_id,
            &other.das_scope,
            other.timeout_ms,
            other.retries,
        )
    }
}

//! Settings: service endpoints and credentials. Non-secret settings live in `localStorage`;
//! the office key lives in IndexedDB as a non-extractable `CryptoKey`; the CLAIMS password
//! stays in memory unless the user opts in to remember it (then in IndexedDB).

mod fields;
mod page;

pub use page::SettingsPage;
#[cfg(feature = "demo")]
pub(crate) use page::{import_key, Outcome};

pub use ipdocs_www_logic::settings::Settings;

const STORAGE_KEY: &str = "ipdocs.settings";

/// The origin that serves this page.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The settings kept in this browser (fields they lack take the defaults; none kept: both
/// services at this page's origin, the simulator's in the demo).
pub fn load() -> Settings {
    let kept = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok()?);
    Settings::read(kept.as_deref(), &origin())
}

/// Whether settings were ever saved in this browser.
pub fn saved() -> bool {
    local_storage().is_some_and(|s| s.get_item(STORAGE_KEY).ok().flatten().is_some())
}

pub fn save(settings: &Settings) {
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(settings)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}

//! Settings: service endpoints and credentials. Non-secret settings live in `localStorage`;
//! the office key lives in IndexedDB as a non-extractable `CryptoKey`; the CLAIMS password
//! stays in memory unless the user opts in to remember it (then in IndexedDB).

mod fields;
mod page;

use leptos::prelude::*;
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

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `key` in `localStorage`, if any.
pub(crate) fn kept(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

/// Keeps `text` under `key` in `localStorage` (best effort: private modes refuse).
pub(crate) fn keep_text(key: &str, text: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, text);
    }
}

/// Forgets what is kept under `key` in `localStorage`.
pub(crate) fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Keeps `value` as JSON under `key` in `localStorage`.
pub(crate) fn keep<T: serde::Serialize>(key: &str, value: &T) {
    if let Ok(json) = serde_json::to_string(value) {
        keep_text(key, &json);
    }
}

/// The settings kept in this browser (fields they lack take the defaults; none kept: both
/// services at this page's origin, the simulator's in the demo).
pub fn load() -> Settings {
    Settings::read(kept(STORAGE_KEY).as_deref(), &origin())
}

/// Whether settings were ever saved in this browser.
pub fn saved() -> bool {
    kept(STORAGE_KEY).is_some()
}

pub fn save(settings: &Settings) {
    keep(STORAGE_KEY, settings);
}

thread_local! {
    /// The field a [`FixInSettings`] link asked for, focused by the app once Settings shows.
    static FOCUS_NEXT: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// The field to focus after this navigation, if a [`FixInSettings`] link asked for one.
pub fn take_focus_request() -> Option<&'static str> {
    FOCUS_NEXT.with(std::cell::Cell::take)
}

/// A link to Settings that puts the cursor in the field that fixes a problem.
#[component]
pub fn FixInSettings(field: &'static str, label: &'static str) -> impl IntoView {
    let go = move |_| FOCUS_NEXT.with(|f| f.set(Some(field)));
    view! { <a class="fix" href="#/settings" data-field=field on:click=go>{label}</a> }
}

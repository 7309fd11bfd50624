//! Environments: the simulator, WIPO's acceptance service and production, each with its
//! own settings (client id, budget…) and office key, switched in one place (Settings). A
//! tracked retrieval or batch carries the office it belongs to ([`Profile`]) and is never
//! polled or run against another. What they are is `ipdocs_www_logic::settings` (tested
//! natively); here they are kept in `localStorage`.

use crate::settings::{local_storage, origin, Settings};
pub use ipdocs_www_logic::settings::{Environment, Profile, ALL};
use std::collections::BTreeMap;

const STORAGE_KEY: &str = "ipdocs.environments";

/// Keeps `current` as its environment's settings and returns the settings of `to`: as last
/// used there, or its presets on top of `current` the first time.
pub fn switch(current: &Settings, to: Environment) -> Settings {
    let mut kept: BTreeMap<String, Settings> = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok()?)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let next = ipdocs_www_logic::settings::switch(&mut kept, current, to, &origin());
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(&kept)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
    next
}

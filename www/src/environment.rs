//! Environments: the simulator, WIPO's acceptance service and production, each with its
//! own settings (client id, budget…) and office key, switched in one place (Settings). A
//! tracked retrieval or batch carries the office it belongs to ([`Profile`]) and is never
//! polled or run against another. What they are is `ipdocs_www_logic::settings` (tested
//! natively); here they are kept in `localStorage`.

use crate::lang::tr;
use crate::settings::{keep, kept, origin, Settings};
pub use ipdocs_www_logic::settings::{Environment, Profile, ALL};
use std::collections::BTreeMap;

const STORAGE_KEY: &str = "ipdocs.environments";

/// "office X at URL", for messages.
pub fn describe(profile: &Profile) -> String {
    tr!(
        settings.office_at,
        office = profile.client_id.clone(),
        url = profile.das_url.clone()
    )
    .to_string()
}

/// The environment's name in the language shown.
pub fn name(environment: Environment) -> &'static str {
    match environment {
        Environment::Simulator => tr!(settings.environment.simulator),
        Environment::Acceptance => tr!(settings.environment.acceptance),
        Environment::Production => tr!(settings.environment.production),
        Environment::Custom => tr!(settings.environment.custom),
    }
}

/// Keeps `current` as its environment's settings and returns the settings of `to`: as last
/// used there, or its presets on top of `current` the first time.
pub fn switch(current: &Settings, to: Environment) -> Settings {
    let mut each: BTreeMap<String, Settings> = kept(STORAGE_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let next = ipdocs_www_logic::settings::switch(&mut each, current, to, &origin());
    keep(STORAGE_KEY, &each);
    next
}

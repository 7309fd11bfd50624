//! Environments: the simulator, WIPO's acceptance service and production, each with its
//! own settings (client id, budget…) and office key, switched in one place (Settings). A
//! tracked retrieval or batch carries the office it belongs to ([`Profile`]) and is never
//! polled or run against another.

use crate::settings::{origin, Settings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const STORAGE_KEY: &str = "ipdocs.environments";

/// The WIPO authorization server's token endpoint (notes §1: used with the acceptance API).
const WIPO_TOKEN_URL: &str = "https://www5.wipo.int/am/oauth2/access_token";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Simulator,
    Acceptance,
    Production,
    Custom,
}

pub const ALL: [Environment; 4] = [
    Environment::Simulator,
    Environment::Acceptance,
    Environment::Production,
    Environment::Custom,
];

impl Environment {
    pub fn id(self) -> &'static str {
        match self {
            Environment::Simulator => "simulator",
            Environment::Acceptance => "acceptance",
            Environment::Production => "production",
            Environment::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Environment::Simulator => "Simulator",
            Environment::Acceptance => "WIPO DAS acceptance",
            Environment::Production => "WIPO DAS production",
            Environment::Custom => "Custom",
        }
    }

    pub fn of(id: &str) -> Environment {
        ALL.into_iter()
            .find(|e| e.id() == id)
            .unwrap_or(Environment::Custom)
    }

    /// The preset service URLs (notes §1). Production's token URL is WIPO's authorization
    /// server as used with acceptance; WIPO names the one for production when an office
    /// is admitted — check it.
    fn apply(self, s: &mut Settings) {
        let (das_url, das_prefix, token_url, claims_url) = match self {
            Environment::Simulator => {
                let o = origin();
                (
                    o.clone(),
                    ipdocs::das::DEFAULT_API_PREFIX.to_owned(),
                    format!("{o}/am/oauth2/access_token"),
                    o,
                )
            }
            Environment::Acceptance => (
                "https://das-api.das.ipobs.acc.web1.wipo.int".to_owned(),
                "/das-api/v1".to_owned(),
                WIPO_TOKEN_URL.to_owned(),
                ipdocs::claims::DEFAULT_BASE_URL.to_owned(),
            ),
            Environment::Production => (
                "https://das.wipo.int".to_owned(),
                ipdocs::das::DEFAULT_API_PREFIX.to_owned(),
                WIPO_TOKEN_URL.to_owned(),
                ipdocs::claims::DEFAULT_BASE_URL.to_owned(),
            ),
            Environment::Custom => return,
        };
        s.das_url = das_url;
        s.das_prefix = das_prefix;
        s.das_token_url = token_url;
        s.das_token_audience = String::new();
        s.claims_url = claims_url;
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn saved() -> BTreeMap<String, Settings> {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok()?)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Keeps `current` as its environment's settings and returns the settings of `to`: as last
/// used there, or its presets on top of `current` the first time.
pub fn switch(current: &Settings, to: Environment) -> Settings {
    let mut all = saved();
    all.insert(current.environment.clone(), current.clone());
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(&all)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
    let mut next = all.get(to.id()).cloned().unwrap_or_else(|| {
        let mut fresh = current.clone();
        to.apply(&mut fresh);
        fresh
    });
    next.environment = to.id().to_owned();
    next
}

/// The office a tracked item belongs to: the DAS service and client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub das_url: String,
    pub client_id: String,
}

impl Profile {
    pub fn of(s: &Settings) -> Profile {
        Profile {
            das_url: s.das_url.trim_end_matches('/').to_owned(),
            client_id: s.das_client_id.clone(),
        }
    }

    /// "office X at URL", for messages.
    pub fn describe(&self) -> String {
        format!("office {} at {}", self.client_id, self.das_url)
    }
}

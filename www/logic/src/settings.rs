//! The app's settings as data: what is kept (`localStorage`, JSON; fields added later take
//! their defaults when an older copy is read), the environments with their preset service
//! URLs, switching between them (each keeps its own settings), and the office a tracked
//! item belongs to. Where they are stored is the app's business; these are plain values.

use ipdocs_core::{claims, das};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The WIPO authorization server's token endpoint (notes §1: used with the acceptance API).
const WIPO_TOKEN_URL: &str = "https://www5.wipo.int/am/oauth2/access_token";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Which environment these settings are for ([`Environment::id`]).
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

impl Default for Settings {
    /// No service yet (the app starts from [`Settings::for_origin`]).
    fn default() -> Settings {
        Settings::for_origin("")
    }
}

impl Settings {
    /// Both services at `origin`: the simulator serving the page, in the demo.
    pub fn for_origin(origin: &str) -> Settings {
        Settings {
            environment: Environment::Simulator.id().into(),
            claims_url: origin.into(),
            claims_user: String::new(),
            claims_format: "json".into(),
            remember_password: false,
            das_url: origin.into(),
            das_prefix: das::DEFAULT_API_PREFIX.into(),
            das_token_url: format!("{origin}/am/oauth2/access_token"),
            das_token_audience: String::new(),
            das_client_id: String::new(),
            das_scope: das::DEFAULT_SCOPE.into(),
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

    /// Settings as kept (JSON): fields they lack take their defaults, service URLs they lack
    /// (or left empty, which cannot work) are `origin`'s; what cannot be read at all gives
    /// the defaults for `origin`.
    pub fn read(json: Option<&str>, origin: &str) -> Settings {
        let Some(mut s) = json.and_then(|j| serde_json::from_str::<Settings>(j).ok()) else {
            return Settings::for_origin(origin);
        };
        let here = Settings::for_origin(origin);
        for (url, default) in [
            (&mut s.claims_url, here.claims_url),
            (&mut s.das_url, here.das_url),
            (&mut s.das_token_url, here.das_token_url),
        ] {
            if url.trim().is_empty() {
                *url = default;
            }
        }
        s
    }

    /// The services and office in use, as the activity log records them.
    pub fn profile_label(&self) -> String {
        format!(
            "DAS {} at {}; CLAIMS {} at {}",
            self.das_client_id, self.das_url, self.claims_user, self.claims_url
        )
    }

    /// Whether a service is configured at `origin` (the page's).
    pub fn uses_origin(&self, origin: &str) -> bool {
        [&self.claims_url, &self.das_url]
            .iter()
            .any(|url| url.trim_end_matches('/') == origin)
    }

    /// Whether a DAS client built for `other` would be the same.
    pub fn same_das(&self, other: &Settings) -> bool {
        self.das_client() == other.das_client()
    }

    /// What a DAS client is built from.
    fn das_client(&self) -> (&str, &str, &str, &str, &str, &str, u32, u32) {
        (
            &self.das_url,
            &self.das_prefix,
            &self.das_token_url,
            &self.das_token_audience,
            &self.das_client_id,
            &self.das_scope,
            self.timeout_ms,
            self.retries,
        )
    }
}

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

    /// An unknown id is a custom environment.
    pub fn of(id: &str) -> Environment {
        ALL.into_iter()
            .find(|e| e.id() == id)
            .unwrap_or(Environment::Custom)
    }

    /// The preset service URLs (notes §1); the simulator's are the page's `origin`.
    /// Production's token URL is WIPO's authorization server as used with acceptance; WIPO
    /// names the one for production when an office is admitted — check it.
    fn apply(self, s: &mut Settings, origin: &str) {
        let (das_url, das_prefix, token_url, claims_url) = match self {
            Environment::Simulator => (
                origin.to_owned(),
                das::DEFAULT_API_PREFIX,
                format!("{origin}/am/oauth2/access_token"),
                origin.to_owned(),
            ),
            Environment::Acceptance => (
                "https://das-api.das.ipobs.acc.web1.wipo.int".to_owned(),
                "/das-api/v1",
                WIPO_TOKEN_URL.to_owned(),
                claims::DEFAULT_BASE_URL.to_owned(),
            ),
            Environment::Production => (
                "https://das.wipo.int".to_owned(),
                das::DEFAULT_API_PREFIX,
                WIPO_TOKEN_URL.to_owned(),
                claims::DEFAULT_BASE_URL.to_owned(),
            ),
            Environment::Custom => return,
        };
        s.das_url = das_url;
        s.das_prefix = das_prefix.to_owned();
        s.das_token_url = token_url;
        s.das_token_audience = String::new();
        s.claims_url = claims_url;
    }
}

/// Keeps `current` among `kept` (the settings of each environment) and returns the settings
/// of `to`: as last used there, or its presets on top of `current` the first time.
pub fn switch(
    kept: &mut BTreeMap<String, Settings>,
    current: &Settings,
    to: Environment,
    origin: &str,
) -> Settings {
    kept.insert(current.environment.clone(), current.clone());
    let mut next = kept.get(to.id()).cloned().unwrap_or_else(|| {
        let mut fresh = current.clone();
        to.apply(&mut fresh, origin);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:8080";

    #[test]
    fn kept_settings_are_read_with_defaults_for_what_they_lack() {
        // A copy saved before the budget and activity-log fields existed.
        let old = r#"{"environment":"acceptance","das_client_id":"office-7","retries":5}"#;
        let s = Settings::read(Some(old), PAGE);
        assert_eq!(
            (s.environment.as_str(), s.das_client_id.as_str()),
            ("acceptance", "office-7")
        );
        assert_eq!(s.retries, 5);
        assert_eq!((s.claims_units, s.audit_days), (240.0, 90));
        assert_eq!(s.das_url, PAGE, "missing URLs are the page's");
        // Unreadable, the wrong shape, or a field of the wrong type: the defaults, no panic.
        for bad in ["{", "[1,2]", "null", r#"{"retries":"many"}"#] {
            assert_eq!(
                Settings::read(Some(bad), PAGE),
                Settings::for_origin(PAGE),
                "{bad}"
            );
        }
        assert_eq!(Settings::read(None, PAGE), Settings::for_origin(PAGE));
        let round = serde_json::to_string(&s).unwrap();
        assert_eq!(Settings::read(Some(&round), "elsewhere"), s);
    }

    #[test]
    fn each_environment_keeps_its_own_settings() {
        let mut kept = BTreeMap::new();
        let mut sim = Settings::for_origin(PAGE);
        sim.das_client_id = "demo-office".into();
        let acc = switch(&mut kept, &sim, Environment::Acceptance, PAGE);
        assert_eq!(acc.environment, "acceptance");
        assert_eq!(acc.das_prefix, "/das-api/v1");
        assert_eq!(acc.das_token_url, WIPO_TOKEN_URL);
        assert_eq!(
            acc.das_client_id, "demo-office",
            "the first time: presets on top"
        );
        let mut acc = acc;
        acc.das_client_id = "office-7".into();
        let back = switch(&mut kept, &acc, Environment::Simulator, PAGE);
        assert_eq!(back, sim, "the simulator's settings as they were left");
        let again = switch(&mut kept, &back, Environment::Acceptance, PAGE);
        assert_eq!(again.das_client_id, "office-7");
        // A custom environment keeps the URLs it starts from.
        let custom = switch(&mut kept, &again, Environment::of("my-proxy"), PAGE);
        assert_eq!(
            (custom.environment.as_str(), custom.das_url.as_str()),
            ("custom", again.das_url.as_str())
        );
    }

    #[test]
    fn an_office_is_its_das_service_and_client_id() {
        let mut a = Settings::for_origin("https://das.example/");
        a.das_client_id = "office-7".into();
        let mut b = a.clone();
        b.das_url = "https://das.example".into();
        b.claims_user = "someone".into();
        assert_eq!(
            Profile::of(&a),
            Profile::of(&b),
            "a trailing slash is the same service"
        );
        assert!(!a.same_das(&b), "but a different client would be built");
        b.das_url = a.das_url.clone();
        assert!(
            a.same_das(&b),
            "CLAIMS settings do not touch the DAS client"
        );
        let profile = Profile::of(&a);
        assert_eq!(
            (profile.client_id.as_str(), profile.das_url.as_str()),
            ("office-7", "https://das.example")
        );
        assert!(a.uses_origin("https://das.example") && !a.uses_origin(PAGE));
    }
}

//! What every page shares: the settings, the secrets held in memory, the simulator's demo
//! data when the app is served by `ipdocs-sim`, the activity log, and the library clients
//! built from all of that.

use crate::activity::log::Activity;
use crate::environment::Profile;
use crate::lang::tr;
use crate::settings::Settings;
use crate::store::{self, Store};
use ipdocs::claims::pacing::{Budget, Limit, Weights};
use ipdocs::claims::{ClaimsConfig, Format};
use ipdocs::client::claims::SharedBudget;
use ipdocs::client::das::{PrivateKey, TokenSource};
use ipdocs::client::{ClaimsDirect, Das};
use ipdocs::das::DasConfig;
use ipdocs::transport::Transport;
use ipdocs::{Error, Result};
use ipdocs_www_logic::explain::Answerer;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::CryptoKey;

#[derive(Clone, Copy)]
pub struct Ctx {
    pub settings: RwSignal<Settings>,
    /// Held in memory only, unless `settings.remember_password`.
    pub claims_password: RwSignal<String>,
    /// The inbox's staff token: memory only, typed again after a reload.
    pub staff_token: RwSignal<String>,
    /// The office key: a non-extractable `CryptoKey`, persisted in IndexedDB.
    pub das_key: RwSignal<Option<CryptoKey>, LocalStorage>,
    /// The simulator serving this page, if any (the demo build only).
    #[cfg(feature = "demo")]
    pub sim: RwSignal<Option<crate::demo::info::SimInfo>>,
    pub activity: Activity,
    /// The DAS client is kept while its settings and key stay the same, so its token cache
    /// and retrieval watcher are shared by every page.
    das_client: StoredValue<Option<(Settings, Das)>, LocalStorage>,
    /// The CLAIMS login's request-unit budget, shared by every call of every page, kept
    /// while the login and its budget settings stay the same.
    claims_budget: StoredValue<Option<(BudgetKey, SharedBudget)>, LocalStorage>,
}

/// What a CLAIMS budget belongs to: the service, the login and its limit.
type BudgetKey = (String, String, u64, u64);

impl Ctx {
    pub fn new() -> Ctx {
        Ctx {
            settings: RwSignal::new(crate::settings::load()),
            claims_password: RwSignal::new(String::new()),
            staff_token: RwSignal::new(String::new()),
            das_key: RwSignal::new_local(None),
            #[cfg(feature = "demo")]
            sim: RwSignal::new(None),
            activity: Activity::new(),
            das_client: StoredValue::new_local(None),
            claims_budget: StoredValue::new_local(None),
        }
    }

    /// The shared budget of the configured CLAIMS login (made on first use).
    pub fn claims_budget(&self) -> Result<SharedBudget> {
        let s = self.settings.get_untracked();
        let key: BudgetKey = (
            s.claims_url.clone(),
            s.claims_user.clone(),
            (s.claims_units * 1000.0) as u64,
            s.claims_window_secs,
        );
        if let Some(budget) = self.claims_budget.with_value(|b| {
            b.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, budget)| budget.clone())
        }) {
            return Ok(budget);
        }
        let limit = Limit {
            units: s.claims_units,
            window_ms: s.claims_window_secs.max(1) * 1000,
        };
        let budget = Rc::new(RefCell::new(Budget::new(vec![limit], Weights::default())?));
        self.claims_budget.set_value(Some((key, budget.clone())));
        Ok(budget)
    }

    fn transport(settings: &Settings) -> Result<Transport> {
        Transport::with_limits(Some(settings.timeout_ms), Some(settings.retries))
    }

    pub fn claims(&self) -> Result<ClaimsDirect> {
        let s = self.settings.get_untracked();
        let password = self.claims_password.get_untracked();
        if password.is_empty() {
            return Err(Error::invalid_input(tr!(settings.no_password)));
        }
        let format = Format::parse(&s.claims_format)?;
        let config = ClaimsConfig::new(&s.claims_url, &s.claims_user, &password, format)?;
        Ok(ClaimsDirect::new(config, Self::transport(&s)?).with_budget(self.claims_budget()?))
    }

    pub fn das(&self) -> Result<Das> {
        let s = self.settings.get_untracked();
        if let Some(das) = self.das_client.with_value(|c| {
            c.as_ref()
                .filter(|(built, _)| built.same_das(&s))
                .map(|(_, d)| d.clone())
        }) {
            return Ok(das);
        }
        let key = self
            .das_key
            .get_untracked()
            .ok_or_else(|| Error::invalid_input(tr!(settings.no_key)))?;
        let config = DasConfig::new(
            &s.das_url,
            Some(&s.das_prefix),
            &s.das_token_url,
            &s.das_client_id,
            (!s.das_scope.trim().is_empty()).then_some(s.das_scope.as_str()),
        )?;
        let audience = s.das_token_audience.trim();
        let config = match audience.is_empty() {
            true => config,
            false => config.with_token_audience(audience)?,
        };
        let das = Das::new(
            config,
            Self::transport(&s)?,
            TokenSource::PrivateKey(PrivateKey::Key(key)),
        );
        self.das_client.set_value(Some((s, das.clone())));
        Ok(das)
    }

    /// The CLAIMS Direct client, or `None` after putting the reason in `error` (cleared
    /// first), for the pages' event handlers.
    pub fn claims_or(&self, error: RwSignal<Option<Error>>) -> Option<ClaimsDirect> {
        error.set(None);
        self.claims().map_err(|e| error.set(Some(e))).ok()
    }

    /// The DAS client, or `None` after putting the reason in `error` (cleared first), for
    /// the pages' event handlers.
    pub fn das_or(&self, error: RwSignal<Option<Error>>) -> Option<Das> {
        error.set(None);
        self.das().map_err(|e| error.set(Some(e))).ok()
    }

    /// Replaces the office key (persisted) and drops the client built with the old one.
    pub async fn set_das_key(&self, key: Option<CryptoKey>) -> std::result::Result<(), String> {
        let name = self.key_name();
        match &key {
            Some(k) => store::put(Store::Secrets, &name, k).await?,
            None => store::delete(Store::Secrets, &name).await?,
        }
        self.das_client.set_value(None);
        self.das_key.set(key);
        Ok(())
    }

    /// Where the current environment's office key is kept: `das:<environment>`.
    fn key_name(&self) -> String {
        format!(
            "das:{}",
            self.settings.with_untracked(|s| s.environment.clone())
        )
    }

    /// Takes the current environment's office key from IndexedDB (none if it has none).
    /// A key stored before environments existed (`das`) counts as the simulator's.
    pub async fn load_das_key(&self) {
        let mut stored = store::get(Store::Secrets, &self.key_name())
            .await
            .ok()
            .flatten();
        if stored.is_none()
            && self
                .settings
                .with_untracked(|s| s.environment == "simulator")
        {
            stored = store::get(Store::Secrets, "das").await.ok().flatten();
        }
        self.das_client.set_value(None);
        self.das_key
            .set(stored.and_then(|k| k.dyn_into::<CryptoKey>().ok()));
    }

    /// The office tracked items are made for now.
    pub fn profile(&self) -> Profile {
        self.settings.with_untracked(Profile::of)
    }

    /// Whether DAS error codes come from the simulator (it serves this page and is the
    /// configured DAS) or from another service.
    pub fn das_answerer(&self) -> Answerer {
        #[cfg(feature = "demo")]
        {
            let das_url = self.settings.with_untracked(|s| s.das_url.clone());
            if self
                .sim
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.answers_das(&das_url)))
            {
                return Answerer::Simulator;
            }
        }
        Answerer::Das
    }

    /// Restores what the last session left: the key and a remembered password.
    pub async fn restore(&self) {
        self.load_das_key().await;
        if self.settings.get_untracked().remember_password {
            if let Ok(Some(p)) = store::get(Store::Secrets, "claims-password").await {
                self.claims_password.set(p.as_string().unwrap_or_default());
            }
        }
    }
}
